"""Reads of the agenda: which events a list shows, with what it needs in a fixed number of
queries whatever the number of events."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import EventPage, Registration


def listed_events(index=None, *, past: bool = False, now=None):
    """Live, public events; upcoming ones (not finished yet) soonest first, past ones most
    recent first."""
    now = now or timezone.now()
    events = EventPage.objects.live().public()
    if index is not None:
        events = events.child_of(index)
    if past:
        return events.filter(end__lt=now).order_by("-start", "pk")
    return events.filter(end__gte=now).order_by("start", "pk")


def with_list_data(events):
    """Image renditions and the count of confirmed seats, for the cards of a list."""
    return (
        events.select_related("image")
        .prefetch_related("image__renditions")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
    )


def user_registrations(user, *, upcoming_only: bool = True):
    """A member's active registrations (confirmed or waiting), soonest event first."""
    registrations = (
        Registration.objects.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__start", "pk")
    )
    if upcoming_only:
        registrations = registrations.filter(event__end__gte=timezone.now())
    return registrations


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(registered_at__lt=registration.registered_at)
            | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )
