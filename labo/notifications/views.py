"""Pages of the notification centre. Every action works as a plain form post (redirect and
a French message); with htmx the list is swapped in place and the badge told the new count."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labo.permissions import allowed_objects, can, rule_required

from . import services
from .forms import NotificationPreferenceForm
from .models import Notification

PAGE_SIZE = 20
# htmx fires this event on <body> with {"unread": n}; notifications.js updates the badge
# even when the websocket is down.
UNREAD_EVENT = "notifications:unread"


def is_local_path(link: str) -> bool:
    """True for a path on this site (« /forum/… »), False for anything a browser could take
    to another site (« //evil.example », « /\\evil.example », « https://… », « javascript: »)."""
    return (
        bool(link)
        and link.startswith("/")
        # Browsers drop tabs and newlines inside URLs (« /\t/evil » becomes « //evil »).
        and not any(char.isspace() or ord(char) < 32 for char in link)
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


def _own_notification(request, pk, action) -> Notification:
    notification = get_object_or_404(Notification, pk=pk)
    if not can(request.user, action, notification):
        # 404, not 403: someone else's notification ids must not be probed.
        raise Http404
    return notification


def _page_number(request) -> int:
    try:
        return max(int(request.POST.get("page") or request.GET.get("page") or 1), 1)
    except ValueError:
        return 1


def _list_context(request, page_number):
    queryset = allowed_objects(request.user, "notifications.view_notification").order_by(
        "-created_at", "-id"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    return {"page_obj": page, "unread_count": services.unread_count(request.user.pk)}


@rule_required("notifications.view_list")
@require_GET
def notification_list(request):
    context = _list_context(request, request.GET.get("page"))
    template = "notifications/notification_list.html"
    if request.htmx and not request.htmx.boosted:
        template = "notifications/includes/list.html"
    return render(request, template, context)


def _after_action(request, message):
    """Answer a mark-read post: the refreshed list for htmx, a redirect otherwise."""
    page_number = _page_number(request)
    if request.htmx:
        context = _list_context(request, page_number)
        context["status_message"] = message
        response = render(request, "notifications/includes/list.html", context)
        response["HX-Trigger"] = json.dumps({UNREAD_EVENT: {"unread": context["unread_count"]}})
        return response
    messages.success(request, message)
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page_number}" if page_number > 1 else url)


@login_required
@require_POST
def mark_read(request, pk):
    notification = _own_notification(request, pk, "notifications.mark_read")
    services.mark_read(notification)
    return _after_action(request, _("La notification est marquée comme lue."))


@rule_required("notifications.view_list")
@require_POST
def mark_all_read(request):
    changed = services.mark_all_read(request.user)
    if changed:
        message = ngettext(
            "%(count)s notification marquée comme lue.",
            "%(count)s notifications marquées comme lues.",
            changed,
        ) % {"count": changed}
    else:
        message = _("Vous n'aviez aucune notification non lue.")
    return _after_action(request, message)


@login_required
@require_GET
def open_notification(request, pk):
    """Follow a notification's link (from the list or an e-mail) and mark it read. Only a
    local path is followed, so a notification can never be turned into an open redirect."""
    notification = _own_notification(request, pk, "notifications.view_notification")
    services.mark_read(notification)
    if is_local_path(notification.link):
        return redirect(notification.link)
    if notification.link:
        messages.warning(request, _("Le lien de cette notification ne mène pas à ce site."))
    return redirect("notifications:list")


@rule_required("notifications.edit_preferences")
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = services.get_preference(request.user)
    form = NotificationPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_GET
def unread_count(request):
    return JsonResponse({"unread": services.unread_count(request.user.pk)})
