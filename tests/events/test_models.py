import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from labo.events import dates
from labo.events.models import EventIndexPage, EventPage
from labo.events.site_setup import ensure_agenda

from .factories import paris

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ())


def test_factory_builds_a_live_event_under_the_agenda(make_event, agenda):
    event = make_event()
    assert event.live
    assert event.get_parent().specific == agenda
    assert event.url == f"/agenda/{event.slug}/"


def test_site_setup_creates_the_agenda_once_under_the_home_page(site):
    first = ensure_agenda()
    second = ensure_agenda()
    assert first.pk == second.pk
    assert EventIndexPage.objects.count() == 1
    assert first.url == "/agenda/"
    assert first.get_parent().specific == site


def test_setup_site_creates_the_agenda_and_the_header_links_to_it(client, site):
    # The site fixture runs every registered site setup, ours included.
    assert EventIndexPage.objects.live().count() == 1
    EventIndexPage.objects.get().delete()
    assert ">Agenda<" not in client.get("/").content.decode()
    ensure_agenda()
    assert 'href="/agenda/">Agenda<' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        (
            at(2026, 3, 12, 18, 30),
            at(2026, 3, 12, 20, 0),
            False,
            "jeudi 12 mars 2026 de 18 h 30 à 20 h",
        ),
        (at(2026, 3, 12, 18, 30), at(2026, 3, 12, 18, 30), False, "jeudi 12 mars 2026 à 18 h 30"),
        (at(2026, 3, 1), at(2026, 3, 1, 18), True, "dimanche 1er mars 2026"),
        (at(2026, 3, 12), at(2026, 3, 14), True, "du jeudi 12 mars 2026 au samedi 14 mars 2026"),
        (
            at(2026, 7, 2, 9, 5),
            at(2026, 7, 3, 12),
            False,
            "du jeudi 2 juillet 2026 à 9 h 05 au vendredi 3 juillet 2026 à 12 h",
        ),
    ],
)
def test_dates_are_written_the_french_way(start, end, all_day, expected):
    assert dates.event_dates(start, end, all_day) == expected


def test_start_is_shown_in_paris_time_whatever_the_stored_zone():
    utc_moment = datetime.datetime(2026, 3, 12, 17, 30, tzinfo=datetime.UTC)
    assert dates.event_start(utc_moment, False) == "jeudi 12 mars 2026 à 18 h 30"


def test_end_before_start_is_refused_with_a_french_message_at_the_field(make_event):
    event = make_event()
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["end"] == ["La fin de l'événement doit être après son début."]


@pytest.mark.parametrize("capacity", [0, -3])
def test_capacity_below_one_is_refused(make_event, capacity):
    event = make_event()
    event.registration_enabled = True
    event.capacity = capacity
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "Le nombre de places doit être d'au moins 1." in error.value.message_dict["capacity"]


def test_registration_closing_after_the_end_is_refused(make_event):
    event = make_event()
    event.registration_closes_at = event.end + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_closes_at" in error.value.message_dict


def test_map_link_searches_the_address_on_openstreetmap(make_event):
    event = make_event(address="22 boulevard du Maréchal Juin", commune="Toulouse")
    assert event.map_url == (
        "https://www.openstreetmap.org/search?query=22+boulevard+du+Mar%C3%A9chal+Juin%2C+Toulouse"
    )
    online = make_event(
        address="",
        commune="",
        place_name="",
        departement="",
        online_url="https://visio.exemple.fr/x",
    )
    assert online.map_url == ""
    assert online.is_online


def test_registration_is_open_until_the_closing_date_or_the_start(make_event):
    event = make_event(registration_enabled=True, start=paris(days=3))
    assert event.registration_is_open()
    event.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    assert not event.registration_is_open()
    assert not make_event(registration_enabled=False).registration_is_open()


def test_event_pages_only_live_under_the_agenda():
    assert EventPage.parent_page_types == ["events.EventIndexPage"]
    assert EventIndexPage.subpage_types == ["events.EventPage"]
