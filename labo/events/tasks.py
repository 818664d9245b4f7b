"""Reminders of the agenda, run by django-tasks.

``send_event_reminders`` notifies, the day before, every member with a confirmed seat at an
event starting tomorrow (Paris time). ``manage.py send_event_reminders`` enqueues it; run it
once a day (cron, e.g. ``0 9 * * *``). It is idempotent: each registration is claimed by
setting ``reminder_sent_at`` before anyone is notified, so a second run, or two workers at
once, never remind the same registration twice.
"""

import datetime
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from labo.notifications.services import notify_many

from .models import Registration


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )


@task()
def send_event_reminders(today: str = "") -> int:
    """Remind tomorrow's registrants; ``today`` (ISO date) defaults to the Paris date.
    Returns the number of members reminded."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    window_start, window_end = _day_bounds(day + datetime.timedelta(days=1))
    pending_ids = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__live=True,
            event__start__gte=window_start,
            event__start__lt=window_end,
        ).values_list("pk", flat=True)
    )
    if not pending_ids:
        return 0
    now = timezone.now()
    # Claim first: only the rows this run stamped are reminded by this run.
    Registration.objects.filter(pk__in=pending_ids, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now
    )
    claimed = (
        Registration.objects.filter(pk__in=pending_ids, reminder_sent_at=now)
        .select_related("event", "user")
        .order_by("event_id", "pk")
    )
    reminded = 0
    for _event_id, group in groupby(claimed, key=lambda registration: registration.event_id):
        registrations = list(group)
        event = registrations[0].event
        message = _("Rappel : « %(title)s » a lieu demain, %(date)s.") % {
            "title": event.title,
            "date": event.dates_display,
        }
        if event.location_display:
            message += " " + _("Lieu : %(place)s.") % {"place": event.location_display}
        notify_many(
            [registration.user for registration in registrations],
            kind="event_reminder",
            message=message,
            link=event.url or "",
        )
        reminded += len(registrations)
    return reminded
