"""Event dates written the French way: « jeudi 12 mars 2026 à 18 h 30 ».

Django's « fr » locale gives the day and month names; the hour style (« 18 h 30 », « 9 h »)
and « 1er » for the first of the month are French typography that no format string
expresses, hence these few functions.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def day(value: datetime.datetime | datetime.date) -> str:
    """« jeudi 12 mars 2026 », « dimanche 1er mars 2026 »."""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    number = "1er" if value.day == 1 else str(value.day)
    return f"{date_format(value, 'l')} {number} {date_format(value, 'F Y')}"


def hour(value: datetime.datetime) -> str:
    """« 18 h 30 », « 9 h »."""
    value = _local(value)
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def event_start(start, all_day: bool) -> str:
    if all_day:
        return day(start)
    return _("%(day)s à %(hour)s") % {"day": day(start), "hour": hour(start)}


def event_dates(start, end, all_day: bool) -> str:
    """The full span: one day with hours, several days, or all-day events."""
    same_day = _local(start).date() == _local(end).date()
    if all_day:
        if same_day:
            return day(start)
        return _("du %(start)s au %(end)s") % {"start": day(start), "end": day(end)}
    if same_day:
        if start == end:
            return event_start(start, False)
        return _("%(day)s de %(start)s à %(end)s") % {
            "day": day(start),
            "start": hour(start),
            "end": hour(end),
        }
    return _("du %(start)s au %(end)s") % {
        "start": event_start(start, False),
        "end": event_start(end, False),
    }
