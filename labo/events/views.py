"""Views of the agenda. The index and event pages route here (RoutablePageMixin); views stay
thin: permission through ``labo.permissions.can``, writes through ``services``."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from labo.core.ical import response as ical_response
from labo.permissions import can

from . import ical, selectors, services
from .filters import EventFilter, month_choices
from .models import EventIndexPage, Registration

PAGE_SIZE = 12


def event_listing(request, index, *, past: bool):
    events = selectors.listed_events(index, past=past)
    event_filter = EventFilter(
        request.GET or None,
        queryset=selectors.with_list_data(events),
        months=month_choices(events),
    )
    page_obj = Paginator(event_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The pagination links keep the filters.
    query = request.GET.copy()
    query.pop("page", None)
    return index.render(
        request,
        context_overrides={
            "past": past,
            "filter": event_filter,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "filter_query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in event_filter.filters),
        },
    )


def event_detail(request, event):
    registration = None
    position = None
    if request.user.is_authenticated and event.registration_enabled:
        registration = Registration.objects.filter(event=event, user=request.user).first()
        if registration and registration.status == Registration.Status.WAITING:
            position = selectors.waiting_position(registration)
    index = EventIndexPage.objects.live().first()
    return event.render(
        request,
        context_overrides={
            "registration": registration if registration and registration.is_active else None,
            "waiting_position": position,
            "seats_left": services.seats_left(event) if event.registration_enabled else None,
            "registration_open": event.registration_is_open(),
            "can_manage": request.user.is_authenticated
            and bool(can(request.user, "events.manage_registrations", event)),
            "index": index,
            "related_resources": [
                link.page
                for link in event.related_resources.select_related("page")
                if link.page.live
            ],
        },
    )


def _back(request, event):
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(event.get_url(request))


def register(request, event):
    if request.method != "POST":
        return redirect(event.get_url(request))
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_url(request))
    decision = can(request.user, "events.register", event)
    if not decision:
        messages.error(request, decision.reason)
        return _back(request, event)
    try:
        registration = services.register(request.user, event)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return _back(request, event)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Votre inscription est confirmée. À bientôt !"))
    else:
        messages.warning(
            request,
            _(
                "L'événement est complet : vous êtes sur la liste d'attente. Vous serez "
                "prévenu si une place se libère."
            ),
        )
    return _back(request, event)


def cancel(request, event):
    if request.method != "POST":
        return redirect(event.get_url(request))
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_url(request))
    decision = can(request.user, "events.cancel_registration", event)
    if not decision:
        messages.error(request, decision.reason)
        return _back(request, event)
    try:
        services.cancel(request.user, event)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return _back(request, event)


def event_ical(request, event):
    cal = ical.calendar([event], request)
    return ical_response(cal, f"{event.slug}.ics")


def feed(request):
    """/agenda.ics: upcoming events, for calendar applications to subscribe to."""
    events = selectors.listed_events(past=False)[:500]
    cal = ical.calendar(events, request, name=_("Agenda du Labo de l'habitat des communs"))
    return ical_response(cal, "agenda.ics", attachment=False)
