from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labo.notifications.models import Notification, NotificationPreference
from labo.notifications.services import notify
from labo.notifications.tasks import send_notification_digests, send_notification_email
from tests.factories import HOSTILE, NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "[Labo de l'habitat des communs]"
Frequency = NotificationPreference.EmailFrequency


def user_with(frequency):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, email_frequency=frequency)
    return user


def test_immediate_email_is_sent_in_french_after_commit(django_capture_on_commit_callbacks):
    user = user_with(Frequency.IMMEDIATELY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(
            user, kind="forum.reply", message=f"Nouvelle réponse {HOSTILE}", link="/forum/1/"
        )
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert email.subject.startswith(PREFIX)
    assert "Nouvelle réponse" in email.subject
    assert "Bonjour" in email.body
    assert "Vous avez une nouvelle notification" in email.body
    assert f"http://testserver/notifications/{notification.pk}/ouvrir/" in email.body
    assert "http://testserver/notifications/preferences/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert HOSTILE not in html
    assert "&lt;script&gt;" in html
    assert f'href="http://testserver/notifications/{notification.pk}/ouvrir/"' in html
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_immediate_email_is_not_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    user = user_with(Frequency.IMMEDIATELY)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user, kind="test", message="Annulée")
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []


def test_immediate_email_task_is_idempotent():
    user = user_with(Frequency.IMMEDIATELY)
    notification = NotificationFactory(recipient=user)

    assert send_notification_email.call(notification.pk) is True
    assert send_notification_email.call(notification.pk) is False
    assert len(mail.outbox) == 1


def test_immediate_email_skips_a_notification_already_read():
    user = user_with(Frequency.IMMEDIATELY)
    notification = NotificationFactory(recipient=user, read_at="2025-01-01T10:00:00Z")
    assert send_notification_email.call(notification.pk) is False
    assert mail.outbox == []


def test_subject_has_no_newline():
    user = user_with(Frequency.IMMEDIATELY)
    notification = NotificationFactory(recipient=user, message="Ligne 1\nLigne 2\r\nBcc: x@y.z")
    send_notification_email.call(notification.pk)
    assert mail.outbox[0].subject == f"{PREFIX} Ligne 1 Ligne 2 Bcc: x@y.z"


@pytest.mark.parametrize("frequency", [Frequency.DAILY, Frequency.NEVER])
def test_no_immediate_email_for_other_preferences(frequency, django_capture_on_commit_callbacks):
    user = user_with(frequency)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user, kind="test", message="Bonjour")
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_no_immediate_email_without_a_saved_preference(django_capture_on_commit_callbacks):
    user = UserFactory()  # never opened the preferences page: daily digest by default
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, kind="test", message="Bonjour")
    assert mail.outbox == []


def test_daily_digest_groups_per_user_and_is_idempotent():
    daily = user_with(Frequency.DAILY)
    default_daily = UserFactory()
    never = user_with(Frequency.NEVER)
    immediate = user_with(Frequency.IMMEDIATELY)
    first, second = NotificationFactory.create_batch(2, recipient=daily)
    already_read = NotificationFactory(recipient=daily, read_at="2025-01-01T10:00:00Z")
    already_emailed = NotificationFactory(recipient=daily, emailed_at="2025-01-01T10:00:00Z")
    default_one = NotificationFactory(recipient=default_daily, message="Pour le défaut")
    NotificationFactory(recipient=never)
    NotificationFactory(recipient=immediate)

    call_command("send_notification_digests", stdout=StringIO())

    by_recipient = {email.to[0]: email for email in mail.outbox}
    assert sorted(by_recipient) == sorted([daily.email, default_daily.email])
    email = by_recipient[daily.email]
    assert email.subject == f"{PREFIX} Votre résumé : 2 nouvelles notifications"
    assert f"http://testserver/notifications/{first.pk}/ouvrir/" in email.body
    assert f"http://testserver/notifications/{second.pk}/ouvrir/" in email.body
    assert f"/notifications/{already_read.pk}/ouvrir/" not in email.body
    assert f"/notifications/{already_emailed.pk}/ouvrir/" not in email.body
    html = email.alternatives[0][0]
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "Pour le défaut" in by_recipient[default_daily.email].body

    emailed = set(
        Notification.objects.filter(emailed_at__isnull=False).values_list("pk", flat=True)
    )
    assert emailed == {first.pk, second.pk, already_emailed.pk, default_one.pk}

    # A second run the same day sends nothing new.
    mail.outbox.clear()
    assert send_notification_digests.call() == 0
    assert mail.outbox == []


def test_never_sends_no_digest():
    user = user_with(Frequency.NEVER)
    NotificationFactory.create_batch(3, recipient=user)
    assert send_notification_digests.call() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


def test_digest_skips_inactive_users():
    user = user_with(Frequency.DAILY)
    user.is_active = False
    user.save()
    NotificationFactory(recipient=user)
    assert send_notification_digests.call() == 0


def test_digest_query_count_does_not_grow_with_users():
    def run_for(user_count):
        for user in UserFactory.create_batch(user_count):
            NotificationFactory.create_batch(2, recipient=user)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            sent = send_notification_digests.call()
        assert sent == user_count
        return len(queries)

    assert run_for(2) == run_for(10)


def test_digest_command_can_enqueue_for_the_worker():
    user = user_with(Frequency.DAILY)
    NotificationFactory(recipient=user)
    # The immediate backend of the test settings runs the enqueued task at once.
    call_command("send_notification_digests", "--enqueue", stdout=StringIO())
    assert [email.to for email in mail.outbox] == [[user.email]]
