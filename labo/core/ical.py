"""What every iCalendar (RFC 5545) file of the site shares, whichever feature writes it (the
agenda's events, the invitations to a dossier's meetings): who produced it, how its entries
are identified, and how it is served."""

from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar

PRODID = "-//CRESS Occitanie//Labo de l'habitat des communs//FR"


def new_calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    return cal


def uid(kind: str, pk) -> str:
    """Stable whatever the request's host, so a re-imported file updates the same entry."""
    host = urlparse(settings.WAGTAILADMIN_BASE_URL).hostname or "labo"
    return f"{kind}-{pk}@{host}"


def response(cal: Calendar, filename: str, *, attachment: bool = True) -> HttpResponse:
    result = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    result["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return result
