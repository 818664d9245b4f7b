"""iCalendar (RFC 5545) files: one event (« Ajouter à mon agenda ») and the feed of upcoming
events (/agenda.ics) that calendar applications subscribe to.

Times are written with their Europe/Paris time zone (and its VTIMEZONE), so a calendar shows
the right hour on both sides of a daylight-saving change; all-day events use dates, the end
date being exclusive as the RFC says.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from labo.core.ical import new_calendar, uid


def _vevent(event, request) -> Event:
    vevent = Event()
    vevent.add("uid", uid("evenement", event.pk))
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", event.title)
    if event.all_day:
        start = timezone.localtime(event.start).date()
        end = timezone.localtime(event.end).date() + datetime.timedelta(days=1)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
    else:
        vevent.add("dtstart", timezone.localtime(event.start))
        vevent.add("dtend", timezone.localtime(event.end))
    url = request.build_absolute_uri(event.url) if event.url else ""
    description = event.summary
    if event.online_url:
        description += "\n\n" + _("Lien de connexion : %(url)s") % {"url": event.online_url}
    if url:
        description += "\n\n" + url
        vevent.add("url", url)
    vevent.add("description", description)
    location = event.location_display or event.online_url
    if location:
        vevent.add("location", location)
    vevent.add("categories", [event.get_format_display()])
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    return vevent


def calendar(events, request, *, name: str = "") -> Calendar:
    cal = new_calendar()
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_vevent(event, request))
    cal.add_missing_timezones()
    return cal
