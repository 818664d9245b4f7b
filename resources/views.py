"""Views of the resource centre, called by the routes of ResourceIndexPage and ResourcePage
(so every URL lives under /ressources/ and follows the page if editors move it)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.documents.views.serve import serve as serve_document

from labo.permissions import rule_required

from . import selectors, services
from .choices import Audience, ResourceType, Sort, Stage
from .filters import LibraryFilterSet
from .forms import ProposalForm
from .models import ResourceDocument

RESOURCES_PER_PAGE = 12


def library(request, index_page):
    """The library: combinable filters in a GET form, so every result list has a URL to
    share. htmx requests get only the results fragment; without JavaScript the same form
    reloads the page."""
    themes = selectors.themes()
    published = selectors.published_resources()
    filters = LibraryFilterSet(request.GET, queryset=published, themes=themes)
    page_obj = Paginator(filters.qs, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": index_page,
        "self": index_page,
        "page_obj": page_obj,
        "filters": filters.chosen,
        "filter_warnings": filters.warnings,
        "themes": themes,
        "type_choices": ResourceType.choices,
        "stage_choices": Stage.choices,
        "audience_choices": Audience.choices,
        "sort_choices": Sort.choices,
        "type_labels": dict(ResourceType.choices),
    }
    if request.htmx and not request.htmx.boosted:
        template = "resources/includes/library_results.html"
    else:
        template = "resources/resource_index_page.html"
        context.update(
            years=selectors.publication_years(published),
            tags=selectors.used_tags(published=published),
            most_downloaded=selectors.most_downloaded(published=published),
        )
    response = TemplateResponse(request, template, context)
    # The same URL answers a fragment or a whole page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def resource_detail(request, page):
    context = {"page": page, "self": page, **selectors.resource_detail_relations(page)}
    context["index_page"] = page.get_parent()
    return TemplateResponse(request, "resources/resource_page.html", context)


def download(request, page, attachment_id):
    """Serve a document attached to a live resource and count the download. Wagtail's own
    serve view does the serving, so collection privacy, ETags and remote storages behave as
    everywhere else on the site."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    attachment = get_object_or_404(
        ResourceDocument.objects.select_related("document"), pk=attachment_id, page=page
    )
    document = attachment.document
    for hook in hooks.get_hooks("before_serve_document"):
        # A private collection answers with a login or password page: not a download.
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    response = serve_document(request, document.pk, document.filename)
    if request.method == "GET" and response.status_code in (200, 302):
        services.record_download(document)
    return response


@rule_required("resources.propose")
def propose(request, index_page):
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            services.propose_resource(
                request.user,
                index_page,
                title=data["title"],
                summary=data["summary"],
                resource_type=data["resource_type"],
                themes=data["themes"],
                file=data["file"],
                url=data["url"],
            )
            messages.success(
                request,
                _(
                    "Merci ! Votre ressource a été transmise à l'équipe de la CRESS. Vous "
                    "recevrez une notification dès qu'elle sera validée."
                ),
            )
            return redirect(index_page.url)
    else:
        form = ProposalForm()
    return TemplateResponse(
        request,
        "resources/proposal_form.html",
        {
            "page": index_page,
            "self": index_page,
            "form": form,
            # The browser forgets a chosen file when the form comes back with errors.
            "file_lost": request.method == "POST" and bool(request.FILES),
        },
    )
