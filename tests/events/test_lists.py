import pytest

from labo.accounts.occitanie import Departement
from labo.events.models import EventFormat
from tests.factories import HOSTILE

from .factories import RegistrationFactory, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_event):
    return {
        "toulouse": make_event(
            title="Atelier à Toulouse",
            start=paris(days=3),
            format=EventFormat.WORKSHOP,
            departement=Departement.HAUTE_GARONNE,
        ),
        "montpellier": make_event(
            title="Visite à Montpellier",
            start=paris(days=40),
            format=EventFormat.VISIT,
            departement=Departement.HERAULT,
        ),
        "albi": make_event(
            title="Atelier à Albi",
            start=paris(days=41),
            format=EventFormat.WORKSHOP,
            departement=Departement.TARN,
        ),
        "past": make_event(
            title="Rencontre passée à Rodez",
            start=paris(days=-10),
            format=EventFormat.LOCAL,
            departement=Departement.AVEYRON,
        ),
    }


def titles(response):
    return [event.title for event in response.context["events"]]


def test_upcoming_list_shows_upcoming_events_soonest_first(client, events):
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert titles(response) == ["Atelier à Toulouse", "Visite à Montpellier", "Atelier à Albi"]
    html = response.content.decode()
    assert "3 événements" in html
    assert "<h1>Agenda</h1>" in html


def test_past_list_shows_finished_events(client, events):
    response = client.get("/agenda/passes/")
    assert titles(response) == ["Rencontre passée à Rodez"]
    assert "Événements passés" in response.content.decode()


def test_an_event_in_progress_is_still_upcoming(client, make_event):
    make_event(
        title="En cours",
        start=paris(days=0, hour=0, minute=0),
        end=paris(days=1, hour=23, minute=0),
    )
    assert titles(client.get("/agenda/")) == ["En cours"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"departement": "34"}, ["Visite à Montpellier"]),
        ({"format": "atelier"}, ["Atelier à Toulouse", "Atelier à Albi"]),
        ({"format": "atelier", "departement": "81"}, ["Atelier à Albi"]),
        ({"format": "visite", "departement": "81"}, []),
        (
            {"departement": "", "format": ""},
            ["Atelier à Toulouse", "Visite à Montpellier", "Atelier à Albi"],
        ),
    ],
)
def test_filters_and_their_combinations(client, events, query, expected):
    assert titles(client.get("/agenda/", query)) == expected


def test_month_filter_offers_the_months_of_the_list(client, events):
    month = events["montpellier"].start.astimezone()
    value = f"{month.year:04d}-{month.month:02d}"
    response = client.get("/agenda/", {"mois": value})
    assert "Visite à Montpellier" in titles(response)
    assert "Atelier à Toulouse" not in titles(response) or (
        events["toulouse"].start.month == month.month
    )
    choices = dict(response.context["filter"].form.fields["mois"].choices)
    assert value in choices


def test_month_and_departement_filters_combine(client, events):
    month = events["albi"].start.astimezone()
    value = f"{month.year:04d}-{month.month:02d}"
    assert titles(client.get("/agenda/", {"mois": value, "departement": "81"})) == [
        "Atelier à Albi"
    ]


def test_filters_apply_to_past_events_too(client, events):
    assert titles(client.get("/agenda/passes/", {"departement": "12"})) == [
        "Rencontre passée à Rodez"
    ]
    assert titles(client.get("/agenda/passes/", {"departement": "31"})) == []


@pytest.mark.parametrize(
    "query", [{"departement": "99"}, {"mois": "2026-13"}, {"mois": "n'importe"}, {"page": "x"}]
)
def test_bad_filter_values_never_break_the_page(client, events, query):
    response = client.get("/agenda/", query)
    assert response.status_code == 200
    if "page" not in query:
        assert "Sélectionnez un choix valide" in response.content.decode()


def test_filters_are_labelled_and_the_list_is_escaped(client, events, make_event):
    make_event(title=f"Piège {HOSTILE}")
    html = client.get("/agenda/").content.decode()
    for name, label in (("departement", "Département"), ("format", "Format"), ("mois", "Mois")):
        assert f'<label for="id_{name}">{label}' in html
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html


def test_full_events_say_so_in_the_list(client, make_event):
    event = make_event(title="Petit atelier", registration_enabled=True, capacity=1)
    RegistrationFactory(event=event)
    assert "Complet" in client.get("/agenda/").content.decode()


def test_the_list_is_paginated_and_keeps_filters(client, make_event):
    for day in range(14):
        make_event(start=paris(days=day + 1), departement=Departement.GERS)
    response = client.get("/agenda/", {"departement": "32"})
    assert len(response.context["events"]) == 12
    assert "departement=32&amp;page=2" in response.content.decode()
    assert len(client.get("/agenda/", {"departement": "32", "page": 2}).context["events"]) == 2


def _list_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get("/agenda/", {"format": "rencontre_locale"}).status_code == 200


def test_agenda_list_query_count_does_not_grow_with_events(
    client, make_event, django_assert_max_num_queries
):
    make_event(registration_enabled=True, capacity=3)
    client.get("/agenda/")  # warm the site root and navigation caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/agenda/", {"format": "rencontre_locale"})
    for _ in range(11):
        event = make_event(registration_enabled=True, capacity=3)
        RegistrationFactory(event=event)
    _list_queries(client, django_assert_max_num_queries, len(few.captured_queries))
