import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labo.notifications.models import Notification, NotificationPreference
from tests.factories import HOSTILE, NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/notifications/"


@pytest.fixture
def member_client(client, user, site):
    client.force_login(user)
    return client


def unread_of(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def test_list_requires_login(client, site):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_list_shows_only_own_notifications_escaped(member_client, user):
    mine = NotificationFactory(recipient=user, message=f"Réponse à votre sujet {HOSTILE}")
    theirs = NotificationFactory(message="Message privé d'une autre personne")

    response = member_client.get(LIST_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mes notifications" in content
    assert "Réponse à votre sujet" in content
    assert theirs.message not in content
    assert HOSTILE not in content
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in content
    assert "1 notification non lue" in content
    assert "notification--unread" in content
    # Links go through the « open » view: the stored link is never put in an href.
    assert reverse("notifications:open", args=[mine.pk]) in content


def test_list_is_paginated(member_client, user):
    NotificationFactory.create_batch(25, recipient=user)

    first = member_client.get(LIST_URL)
    second = member_client.get(LIST_URL, {"page": 2})

    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(first.context["page_obj"].object_list) == 20
    assert "Page 1 sur 2" in first.content.decode()
    assert len(second.context["page_obj"].object_list) == 5


def test_list_query_count_does_not_grow_with_notifications(
    member_client, user, django_assert_max_num_queries
):
    NotificationFactory.create_batch(5, recipient=user)
    member_client.get(LIST_URL)  # warm caches (site, settings) shared by every page
    with CaptureQueriesContext(connection) as five:
        assert member_client.get(LIST_URL).status_code == 200

    NotificationFactory.create_batch(45, recipient=user, read_at="2025-01-01T10:00:00Z")
    with django_assert_max_num_queries(len(five)):
        response = member_client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 20


def test_mark_read_without_javascript(
    member_client, user, listen, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(recipient=user)
    NotificationFactory(recipient=user)
    listener = listen(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    notification.refresh_from_db()
    assert notification.is_read
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La notification est marquée comme lue."
    ]
    assert listener.receive_all() == [{"type": "notification.unread_count", "unread": 1}]


def test_mark_read_with_htmx_returns_the_list_fragment(member_client, user):
    notification = NotificationFactory(recipient=user)

    response = member_client.post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"page": "1"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('<div id="notification-list"')
    assert "<html" not in content
    assert "La notification est marquée comme lue." in content
    assert "Aucune notification non lue" in content
    assert response["HX-Trigger"] == '{"notifications:unread": {"unread": 0}}'
    assert unread_of(user) == 0


def test_mark_read_requires_post(member_client, user):
    notification = NotificationFactory(recipient=user)
    response = member_client.get(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 405
    assert unread_of(user) == 1


def test_mark_read_requires_csrf(user, site):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    notification = NotificationFactory(recipient=user)

    response = csrf_client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 403
    assert unread_of(user) == 1


def test_mark_read_of_someone_elses_notification_is_404(
    member_client, listen, django_capture_on_commit_callbacks
):
    other = UserFactory()
    theirs = NotificationFactory(recipient=other)
    listener = listen(other)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("notifications:mark_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert listener.receive_all() == []


def test_mark_all_read(member_client, user, listen, django_capture_on_commit_callbacks):
    NotificationFactory.create_batch(3, recipient=user)
    other_notification = NotificationFactory()
    listener = listen(user)
    other_listener = listen(other_notification.recipient)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("notifications:mark_all_read"), follow=True)

    assert unread_of(user) == 0
    assert unread_of(other_notification.recipient) == 1
    assert "3 notifications marquées comme lues." in response.content.decode()
    assert listener.receive_all() == [{"type": "notification.unread_count", "unread": 0}]
    assert other_listener.receive_all() == []


def test_mark_all_read_with_nothing_unread_broadcasts_nothing(
    member_client, user, listen, django_capture_on_commit_callbacks
):
    listener = listen(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Vous n&#x27;aviez aucune notification non lue." in response.content.decode()
    assert listener.receive_all() == []


def test_open_follows_a_local_link_and_marks_read(
    member_client, user, listen, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(recipient=user, link="/forum/sujet/12/#message-3")
    listener = listen(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/forum/sujet/12/#message-3"
    notification.refresh_from_db()
    assert notification.is_read
    assert listener.receive_all() == [{"type": "notification.unread_count", "unread": 0}]


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "///evil.example/",
        "javascript:alert(1)",
        "evil.example/",
        "/\t/evil.example/",
        "/ /evil.example/",
    ],
)
def test_open_never_redirects_off_site(member_client, user, link):
    notification = NotificationFactory(recipient=user, link=link)

    response = member_client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    notification.refresh_from_db()
    assert notification.is_read


def test_open_without_link_goes_to_the_list(member_client, user):
    notification = NotificationFactory(recipient=user, link="")
    response = member_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST_URL


def test_open_someone_elses_notification_is_404(member_client):
    theirs = NotificationFactory()
    response = member_client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_unread_count_endpoint(member_client, user):
    NotificationFactory.create_batch(2, recipient=user)
    NotificationFactory()
    response = member_client.get(reverse("notifications:unread_count"))
    assert response.json() == {"unread": 2}


def test_badge_shows_the_unread_count(member_client, user):
    NotificationFactory.create_batch(4, recipient=user)
    content = member_client.get(LIST_URL).content.decode()
    assert "data-notification-count" in content
    assert '>4<span class="visually-hidden"> non lues' in content


def test_preferences_created_on_first_access_with_daily_default(member_client, user):
    assert not NotificationPreference.objects.filter(user=user).exists()

    response = member_client.get(reverse("notifications:preferences"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Préférences de notification" in content
    assert "Un résumé quotidien" in content
    preference = NotificationPreference.objects.get(user=user)
    assert preference.email_frequency == NotificationPreference.EmailFrequency.DAILY


def test_preferences_save_with_french_message(member_client, user):
    response = member_client.post(
        reverse("notifications:preferences"), {"email_frequency": "never"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("notifications:preferences")
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    assert user.notification_preference.email_frequency == "never"


def test_preferences_reject_an_unknown_choice(member_client, user):
    response = member_client.post(reverse("notifications:preferences"), {"email_frequency": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert NotificationPreference.objects.get(user=user).email_frequency == "daily"


def test_preferences_require_login(client, site):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
