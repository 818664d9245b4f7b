"""Writes of the agenda: registering, cancelling, serving the waiting list.

Every write that depends on the number of seats taken runs in one transaction holding a lock
on the event row (``select_for_update``): two members taking the last seat at the same time
are served one after the other, so exactly one gets it and the other is wait-listed. On
SQLite, which has no row locks, the database serialises writers anyway.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notify

from .models import EventPage, Registration

Status = Registration.Status


class RegistrationError(Exception):
    """A refusal the member should read (already registered, registrations closed…)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def _locked_event(event: EventPage) -> EventPage:
    # of=("self",) locks the events row only, not Wagtail's page row that editors write.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def confirmed_count(event: EventPage) -> int:
    return event.registrations.filter(status=Status.CONFIRMED).count()


def seats_left(event: EventPage) -> int | None:
    """Free seats, or None when the number of places is unlimited."""
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_count(event), 0)


def register(user, event: EventPage) -> Registration:
    """Register ``user``: a confirmed seat if one is free, otherwise the waiting list.

    Raises RegistrationError with a French message when registration is not possible.
    """
    try:
        with transaction.atomic():
            return _register(user, event)
    except IntegrityError as error:
        # Two requests of the same member at once: the unique constraint stops the second.
        raise RegistrationError(_("Vous êtes déjà inscrit à cet événement.")) from error


def _register(user, event: EventPage) -> Registration:
    event = _locked_event(event)
    now = timezone.now()
    if not event.registration_enabled:
        raise RegistrationError(_("Cet événement ne prend pas d'inscriptions."))
    if not event.registration_is_open(now):
        raise RegistrationError(_("Les inscriptions à cet événement sont closes."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.is_active:
        if registration.status == Status.WAITING:
            raise RegistrationError(_("Vous êtes déjà sur la liste d'attente de cet événement."))
        raise RegistrationError(_("Vous êtes déjà inscrit à cet événement."))
    free = seats_left(event)
    status = Status.CONFIRMED if free is None or free > 0 else Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.registered_at = now
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.reminder_sent_at = None
    registration.save()
    return registration


@transaction.atomic
def cancel(user, event: EventPage) -> Registration:
    """Cancel ``user``'s registration; a freed seat goes to the first on the waiting list."""
    event = _locked_event(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or not registration.is_active:
        raise RegistrationError(_("Vous n'êtes pas inscrit à cet événement."))
    if event.start <= timezone.now():
        raise RegistrationError(
            _("Cet événement a commencé : l'inscription ne peut plus être annulée.")
        )
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promote_waiting_list(event)
    return registration


def promote_waiting_list(event: EventPage) -> list[Registration]:
    """Give free seats to the waiting list, first come first served, and tell each promoted
    member. Call it with the event row locked (inside ``cancel``, or after raising the
    number of places)."""
    if event.start <= timezone.now():
        return []
    free = seats_left(event)
    waiting = event.registrations.filter(status=Status.WAITING).select_related("user")
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        notify(
            registration.user,
            kind="event_seat_available",
            message=_(
                "Une place s'est libérée : votre inscription à « %(title)s » (%(date)s) "
                "est confirmée."
            )
            % {"title": event.title, "date": event.start_display},
            link=event.url or "",
        )
    return promoted


@transaction.atomic
def refresh_waiting_list(event: EventPage) -> list[Registration]:
    """After an editor raised the number of places: promote as many as now fit."""
    return promote_waiting_list(_locked_event(event))
