import posixpath

from django.conf import settings
from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve
from wagtail.models import Page, Site

from .navigation import available_navigation


def site_map(request):
    """Plan du site (RGAA 12.2): every public page, as a nested list."""
    site = Site.find_for_request(request)
    pages = []
    if site:
        root = site.root_page
        pages = list(Page.objects.live().public().descendant_of(root, inclusive=True))
    depth_offset = pages[0].depth if pages else 0
    entries = [
        {"title": page.title, "url": page.get_url(request), "level": page.depth - depth_offset}
        for page in pages
    ]
    sections = [{"title": label, "url": url} for label, url in available_navigation(request)]
    sections.append({"title": _("Notifications"), "url": reverse("notifications:list")})
    return render(request, "core/site_map.html", {"entries": entries, "sections": sections})


@requires_csrf_token
def permission_denied(request, exception=None):
    reason = ""
    if exception is not None and exception.args:
        reason = str(exception.args[0])
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without a request context: the error may come from the database that the
    # context processors and the footer would query.
    return HttpResponseServerError(loader.get_template("500.html").render())


# The only media served straight from the folder: Wagtail's images, public by design.
# Documents (``documents/``, some in restricted collections) and forum attachments
# (``forum/``, some in private spaces) leave only through their permission-checked views.
PUBLIC_MEDIA_FOLDERS = ("images/", "original_images/")


def public_media(request, path):
    """Uploaded images from the local disk, for ``make run`` and the browser tests (which
    run with DEBUG off); production serves the same folders from its reverse proxy or its
    storage (README, « Configuration de production »)."""
    # The same normalisation as django.views.static.serve, so « images/../documents/… »
    # is judged by where it leads.
    path = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if not (settings.DEBUG or settings.SERVE_MEDIA_LOCALLY) or not path.startswith(
        PUBLIC_MEDIA_FOLDERS
    ):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
