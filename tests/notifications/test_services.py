import pytest
from django.core import mail

from labo.notifications.models import Notification, NotificationPreference
from labo.notifications.services import mark_read, notify, notify_many
from labo.permissions import can, registered_actions
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_event_leaves_only_after_commit(user, listen, django_capture_on_commit_callbacks):
    listener = listen(user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(user, kind="test", message="Bienvenue", link="/mon-espace/")
    assert listener.receive(timeout=0.2) is None  # still inside the transaction

    for callback in callbacks:
        callback()
    assert listener.receive() == {
        "type": "notification.created",
        "id": notification.pk,
        "unread": 1,
    }


def test_notify_truncates_long_messages(user):
    notification = notify(user, kind="test", message="x" * 800)
    assert len(notification.message) == 500


def test_mark_read_twice_broadcasts_once(user, listen, django_capture_on_commit_callbacks):
    notification = NotificationFactory(recipient=user)
    listener = listen(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert mark_read(notification) is True
        assert mark_read(notification) is False
    assert listener.receive_all() == [{"type": "notification.unread_count", "unread": 0}]


def test_notify_many_is_constant_in_queries(
    listen, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    users = UserFactory.create_batch(6)
    NotificationPreference.objects.create(
        user=users[0], email_frequency=NotificationPreference.EmailFrequency.IMMEDIATELY
    )
    listeners = [listen(user) for user in users]

    with django_assert_max_num_queries(2), django_capture_on_commit_callbacks() as callbacks:
        notifications = notify_many(users + users[:2], kind="forum.reply", message="Réponse")
    assert len(notifications) == 6
    for callback in callbacks:
        callback()

    assert Notification.objects.count() == 6
    assert [len(listener.receive_all()) for listener in listeners] == [1] * 6
    assert [email.to for email in mail.outbox] == [[users[0].email]]


def test_permission_rules_are_registered_and_private(user):
    assert {"notifications.view_notification", "notifications.mark_read"} <= set(
        registered_actions()
    )
    mine = NotificationFactory(recipient=user)
    theirs = NotificationFactory()
    assert can(user, "notifications.mark_read", mine)
    decision = can(user, "notifications.mark_read", theirs)
    assert not decision
    assert decision.reason == "Cette notification ne vous est pas destinée."
