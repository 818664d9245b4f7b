import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from labo.events import services
from labo.events.models import Registration
from labo.notifications.models import Notification
from tests.factories import UserFactory

from .factories import RegistrationFactory, paris

pytestmark = pytest.mark.django_db
Status = Registration.Status


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Services ----------------------------------------------------------------------------


def test_register_takes_a_seat_then_the_waiting_list(event):
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    assert services.register(first, event).status == Status.CONFIRMED
    assert services.register(second, event).status == Status.CONFIRMED
    assert services.register(third, event).status == Status.WAITING
    assert services.seats_left(event) == 0


def test_unlimited_events_never_wait_list(make_event):
    event = make_event(registration_enabled=True, capacity=None)
    for _ in range(5):
        assert services.register(UserFactory(), event).status == Status.CONFIRMED
    assert services.seats_left(event) is None


def test_registering_twice_is_refused_in_french(event, user):
    services.register(user, event)
    with pytest.raises(services.RegistrationError, match="déjà inscrit"):
        services.register(user, event)
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_registering_after_closing_is_refused(make_event, user):
    event = make_event(
        registration_enabled=True,
        capacity=10,
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    with pytest.raises(services.RegistrationError, match="closes"):
        services.register(user, event)


def test_events_without_registration_refuse_it(make_event, user):
    with pytest.raises(services.RegistrationError, match="ne prend pas d'inscriptions"):
        services.register(user, make_event(registration_enabled=False))


def test_cancelling_frees_the_seat_for_the_first_on_the_waiting_list(event):
    holder, other = UserFactory(), UserFactory()
    first_waiting, second_waiting = UserFactory(), UserFactory()
    for member in (holder, other, first_waiting, second_waiting):
        services.register(member, event)

    services.cancel(holder, event)

    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses[holder.pk] == Status.CANCELLED
    assert statuses[first_waiting.pk] == Status.CONFIRMED
    assert statuses[second_waiting.pk] == Status.WAITING
    notification = Notification.objects.get(recipient=first_waiting)
    assert notification.kind == "event_seat_available"
    assert "Une place s'est libérée" in notification.message
    assert notification.link == event.url
    assert not Notification.objects.filter(recipient=second_waiting).exists()


def test_leaving_the_waiting_list_promotes_nobody(event):
    members = [UserFactory() for _ in range(3)]
    for member in members:
        services.register(member, event)
    services.cancel(members[2], event)
    assert not Notification.objects.filter(kind="event_seat_available").exists()


def test_cancel_then_register_again_goes_to_the_end_of_the_queue(event):
    members = [UserFactory() for _ in range(4)]
    for member in members:
        services.register(member, event)
    services.cancel(members[2], event)  # was first on the waiting list
    assert services.register(members[2], event).status == Status.WAITING
    services.cancel(members[0], event)
    assert Registration.objects.get(user=members[3]).status == Status.CONFIRMED


def test_cancelling_without_registration_is_refused(event, user):
    with pytest.raises(services.RegistrationError, match="pas inscrit"):
        services.cancel(user, event)


def test_raising_the_capacity_serves_the_waiting_list(event):
    members = [UserFactory() for _ in range(4)]
    for member in members:
        services.register(member, event)
    event.capacity = 3
    event.save()
    promoted = services.refresh_waiting_list(event)
    assert [registration.user for registration in promoted] == [members[2]]


# Event page --------------------------------------------------------------------------


def test_member_registers_from_the_event_page(client, event, user):
    client.force_login(user)
    html = client.get(event.url).content.decode()
    assert "il reste 2 places" in html
    assert f"Inscriptions jusqu'au {event.start_display}." in html
    assert event.start_display.endswith("à 18 h 30")
    response = client.post(f"{event.url}inscription/", follow=True)
    assert "Votre inscription est confirmée. À bientôt !" in messages_of(response)
    html = response.content.decode()
    assert "Vous êtes inscrit à cet événement." in html
    assert "Annuler mon inscription" in html
    assert Registration.objects.get(user=user).status == Status.CONFIRMED


def test_registering_twice_from_the_page_shows_a_message(client, event, user):
    client.force_login(user)
    client.post(f"{event.url}inscription/")
    response = client.post(f"{event.url}inscription/", follow=True)
    assert response.status_code == 200
    assert "Vous êtes déjà inscrit à cet événement." in messages_of(response)


def test_full_event_offers_the_waiting_list(client, event, user):
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    client.force_login(user)
    assert "M'inscrire sur la liste d'attente" in client.get(event.url).content.decode()
    response = client.post(f"{event.url}inscription/", follow=True)
    assert any("liste d'attente" in message for message in messages_of(response))
    assert "liste d'attente (position 1)" in response.content.decode()


def test_closed_registration_says_so_and_a_forged_post_gets_a_message(client, make_event, user):
    event = make_event(
        registration_enabled=True,
        capacity=5,
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    client.force_login(user)
    assert "Les inscriptions sont closes." in client.get(event.url).content.decode()
    response = client.post(f"{event.url}inscription/", follow=True)
    assert response.status_code == 200
    assert "Les inscriptions à cet événement sont closes." in messages_of(response)
    assert not Registration.objects.exists()


def test_visitors_are_sent_to_the_login_page(client, event):
    html = client.get(event.url).content.decode()
    assert "Se connecter pour s'inscrire" in html
    response = client.post(f"{event.url}inscription/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    assert not Registration.objects.exists()


def test_unverified_accounts_cannot_register(client, event):
    unverified = UserFactory(verified=False)
    client.force_login(unverified)
    response = client.post(f"{event.url}inscription/", follow=True)
    assert "Confirmez votre adresse e-mail pour vous inscrire aux événements." in messages_of(
        response
    )
    assert not Registration.objects.exists()


def test_get_on_the_registration_url_just_shows_the_event(client, event, user):
    client.force_login(user)
    response = client.get(f"{event.url}inscription/")
    assert response.status_code == 302
    assert response["Location"] == event.url
    assert not Registration.objects.exists()


def test_cancel_from_the_event_page(client, event, user):
    services.register(user, event)
    client.force_login(user)
    response = client.post(f"{event.url}desinscription/", follow=True)
    assert "Votre inscription est annulée." in messages_of(response)
    assert Registration.objects.get(user=user).status == Status.CANCELLED


def test_cancel_twice_gives_a_message_not_an_error(client, event, user):
    client.force_login(user)
    response = client.post(f"{event.url}desinscription/", follow=True)
    assert response.status_code == 200
    assert "Vous n'êtes pas inscrit à cet événement." in messages_of(response)


# Mon espace --------------------------------------------------------------------------


def test_my_registrations_appear_in_mon_espace_and_can_be_cancelled(client, make_event, user):
    event = make_event(
        title="Atelier coopératif", registration_enabled=True, capacity=3, start=paris(days=2)
    )
    past = make_event(title="Ancien atelier", registration_enabled=True, start=paris(days=-3))
    services.register(user, event)
    RegistrationFactory(event=past, user=user)
    client.force_login(user)
    html = client.get("/mon-espace/").content.decode()
    assert "Mes inscriptions aux événements" in html
    assert "Atelier coopératif" in html
    assert "inscription confirmée" in html
    assert "Ancien atelier" not in html

    response = client.post(f"{event.url}desinscription/", {"next": "/mon-espace/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/mon-espace/"
    assert "Vous n'êtes inscrit à aucun événement à venir." in response.content.decode()


def test_next_parameter_cannot_redirect_elsewhere(client, event, user):
    client.force_login(user)
    response = client.post(f"{event.url}inscription/", {"next": "https://exemple.com/"})
    assert response["Location"] == event.url


def test_the_connection_link_is_for_registrants_only(client, make_event, user):
    event = make_event(
        registration_enabled=True, capacity=5, online_url="https://visio.exemple.fr/secret"
    )
    client.force_login(user)
    assert "https://visio.exemple.fr/secret" not in client.get(event.url).content.decode()
    services.register(user, event)
    assert "https://visio.exemple.fr/secret" in client.get(event.url).content.decode()


def test_event_page_escapes_user_text(client, event):
    html = client.get(event.url).content.decode()
    assert "<script>" not in html.split("</head>")[1].replace('<script type="module"', "")
