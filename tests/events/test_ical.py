import datetime

import pytest
from icalendar import Calendar

from .factories import paris

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_feed_lists_upcoming_events_only(client, make_event):
    upcoming = make_event(title="Atelier à venir", start=paris(days=5))
    make_event(title="Rencontre passée", start=paris(days=-5))
    calendar = parse(client.get("/agenda.ics"))
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Atelier à venir"]
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.walk("VTIMEZONE"), "the Paris time zone is described"
    vevent = events[0]
    assert vevent.decoded("DTSTART") == upcoming.start
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTEND") == upcoming.end
    assert str(vevent["URL"]) == f"http://testserver/agenda/{upcoming.slug}/"
    assert "Toulouse" in str(vevent["LOCATION"])
    assert str(vevent["UID"]).startswith(f"evenement-{upcoming.pk}@")


def test_per_event_file_is_an_attachment_with_the_event(client, make_event):
    event = make_event(title="Visite", online_url="https://visio.exemple.fr/v")
    response = client.get(f"{event.url}ical/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    (vevent,) = parse(response).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Visite"
    assert "https://visio.exemple.fr/v" in str(vevent["DESCRIPTION"])


def test_all_day_events_use_dates_with_an_exclusive_end(client, make_event):
    event = make_event(
        all_day=True, start=paris(days=3, hour=0, minute=0), end=paris(days=4, hour=18, minute=0)
    )
    (vevent,) = parse(client.get(f"{event.url}ical/")).walk("VEVENT")
    start_day = event.start.date()
    assert vevent.decoded("DTSTART") == start_day
    assert vevent.decoded("DTEND") == start_day + datetime.timedelta(days=2)


def test_event_page_offers_the_file_and_a_map_link(client, make_event):
    event = make_event()
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}ical/"' in html
    assert "Ajouter à mon agenda" in html
    assert "https://www.openstreetmap.org/search?query=" in html


def test_unpublished_events_are_not_in_the_feed(client, make_event):
    event = make_event(title="Brouillon")
    event.unpublish()
    assert parse(client.get("/agenda.ics")).walk("VEVENT") == []
