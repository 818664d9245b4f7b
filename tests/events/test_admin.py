import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from labo.events.models import EventPage, Registration
from tests.admin_refusals import (
    admin_request,
    assert_refused_by_wagtail,
    assert_sent_to_admin_access,
)
from tests.factories import UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def event_form(**overrides):
    data = {
        "title": "Atelier juridique",
        "slug": "atelier-juridique",
        "summary": "Choisir la forme juridique de son projet.",
        "start": "2030-03-12 18:30",
        "end": "2030-03-12 20:30",
        "format": "atelier",
        "commune": "Albi",
        "departement": "81",
        "body": streamfield([]),
        "related_resources": inline_formset([]),
        "comments": inline_formset([]),
        "tags": "",
        "capacity": "",
        "registration_closes_at": "",
        **overrides,
    }
    return nested_form_data(data)


def add_url(agenda):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))


def field_errors(response, name):
    return [str(error) for error in response.context["form"].errors.get(name, [])]


def registrations_state():
    return sorted(Registration.objects.values_list("pk", "event_id", "user_id", "status"))


def test_animateur_creates_an_event_in_the_admin(client, animateur, agenda):
    client.force_login(animateur)
    response = client.post(
        add_url(agenda),
        event_form(capacity="20", registration_enabled="on", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("wagtailadmin_explore", args=(agenda.pk,))
    event = EventPage.objects.get(slug="atelier-juridique")
    assert event.live and event.capacity == 20
    assert event.dates_display == "mardi 12 mars 2030 de 18 h 30 à 20 h 30"


def test_end_before_start_is_a_field_error_in_the_admin(client, animateur, agenda):
    client.force_login(animateur)
    response = client.post(add_url(agenda), event_form(end="2030-03-12 17:00"))
    assert response.status_code == 200
    assert field_errors(response, "end") == ["La fin de l'événement doit être après son début."]
    assert not EventPage.objects.exists()


@pytest.mark.parametrize("capacity", ["0", "-5"])
def test_capacity_below_one_is_a_field_error_in_the_admin(client, animateur, agenda, capacity):
    client.force_login(animateur)
    response = client.post(
        add_url(agenda), event_form(registration_enabled="on", capacity=capacity)
    )
    assert response.status_code == 200
    assert "Le nombre de places doit être d'au moins 1." in field_errors(response, "capacity")
    assert not EventPage.objects.exists()


def test_the_admin_edit_form_renders(client, animateur, event):
    client.force_login(animateur)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,)))
    assert response.status_code == 200
    assert "Ressources liées" in response.content.decode()


def registrations_url(name="index"):
    return reverse(f"event_registrations:{name}")


def test_animateur_sees_and_exports_the_registrants(client, animateur, event, make_event):
    first = RegistrationFactory(event=event, user=UserFactory(email="alice@exemple.fr"))
    RegistrationFactory(
        event=event, user=UserFactory(email="bob@exemple.fr"), status=Registration.Status.WAITING
    )
    RegistrationFactory(event=make_event(), user=UserFactory(email="autre@exemple.fr"))
    client.force_login(animateur)

    listing = client.get(registrations_url(), {"event": event.pk})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "alice@exemple.fr" in html and "bob@exemple.fr" in html
    assert "autre@exemple.fr" not in html
    assert "&lt;script&gt;" in html and '<script>alert("xss")' not in html

    export = client.get(registrations_url(), {"event": event.pk, "export": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    content = b"".join(export.streaming_content).decode("utf-8")
    lines = content.strip().splitlines()
    assert lines[0].startswith("Événement,Début de l'événement,Nom,Adresse e-mail,Statut")
    assert len(lines) == 3
    assert "alice@exemple.fr" in content and "Sur liste d'attente" in content
    assert first.registered_at.astimezone().strftime("%d/%m/%Y %H:%M") in content


def test_registrants_are_not_editable_from_the_admin(client, animateur, event):
    registration = RegistrationFactory(event=event)
    before = registrations_state()
    assert before == [
        (registration.pk, event.pk, registration.user_id, Registration.Status.CONFIRMED)
    ]
    client.force_login(animateur)
    edit_url = reverse("event_registrations:edit", args=(registration.pk,))
    delete_url = reverse("event_registrations:delete", args=(registration.pk,))
    cancelled = {"status": Registration.Status.CANCELLED}

    assert_refused_by_wagtail(admin_request(client, "get", registrations_url("add")))
    assert_refused_by_wagtail(admin_request(client, "get", edit_url))
    assert_refused_by_wagtail(admin_request(client, "post", registrations_url("add"), cancelled))
    assert_refused_by_wagtail(admin_request(client, "post", edit_url, cancelled))
    assert_refused_by_wagtail(admin_request(client, "post", delete_url))
    assert registrations_state() == before


def test_instructors_and_members_do_not_see_registrants(client, instructeur, user, event):
    RegistrationFactory(event=event)
    before = registrations_state()

    client.force_login(instructeur)
    assert_refused_by_wagtail(admin_request(client, "get", registrations_url()))

    client.force_login(user)
    response = admin_request(client, "get", registrations_url())
    assert_sent_to_admin_access(response, registrations_url())
    assert registrations_state() == before


def test_event_page_links_organisers_to_the_registrants(client, animateur, user, event):
    client.force_login(animateur)
    link = f"{registrations_url()}?event={event.pk}"
    response = client.get(event.url)
    assert response.status_code == 200
    assert link in response.content.decode()
    client.force_login(user)
    response = client.get(event.url)
    assert response.status_code == 200
    assert response.context["page"].pk == event.pk
    assert link not in response.content.decode()


def test_publishing_more_places_serves_the_waiting_list(client, animateur, event):
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    client.force_login(animateur)
    data = event_form(
        title=event.title,
        slug=event.slug,
        start=event.start.astimezone().strftime("%Y-%m-%d %H:%M"),
        end=event.end.astimezone().strftime("%Y-%m-%d %H:%M"),
        registration_enabled="on",
        capacity="3",
        **{"action-publish": "publish"},
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=(event.pk,)), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("wagtailadmin_explore", args=(event.get_parent().pk,))
    event.refresh_from_db()
    assert event.capacity == 3
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_page_explorer_links_each_event_to_its_registrants(client, animateur, event, agenda):
    client.force_login(animateur)
    response = client.get(reverse("wagtailadmin_explore", args=(agenda.pk,)))
    assert response.status_code == 200
    assert f"{registrations_url()}?event={event.pk}" in response.content.decode()
