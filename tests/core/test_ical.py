"""What every iCalendar file of the site shares (labo.core.ical): the same producer and
version, identifiers that do not depend on the host a request came through, and the same
way of serving the file."""

from icalendar import Calendar

from labo.core import ical


def test_every_calendar_names_the_site_and_rfc_5545():
    calendar = Calendar.from_ical(ical.new_calendar().to_ical())
    assert str(calendar["PRODID"]) == "-//CRESS Occitanie//Labo de l'habitat des communs//FR"
    assert str(calendar["VERSION"]) == "2.0"


def test_identifiers_use_the_configured_site_host(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://labo.exemple.fr"
    assert ical.uid("evenement", 12) == "evenement-12@labo.exemple.fr"
    settings.WAGTAILADMIN_BASE_URL = ""
    assert ical.uid("reunion-dossier", 3) == "reunion-dossier-3@labo"


def test_the_file_is_served_as_a_calendar_attachment_or_inline():
    calendar = ical.new_calendar()
    attached = ical.response(calendar, "reunion-3.ics")
    assert attached["Content-Type"] == "text/calendar; charset=utf-8"
    assert attached["Content-Disposition"] == 'attachment; filename="reunion-3.ics"'
    assert attached.content == calendar.to_ical()
    feed = ical.response(calendar, "agenda.ics", attachment=False)
    assert feed["Content-Disposition"] == 'inline; filename="agenda.ics"'
