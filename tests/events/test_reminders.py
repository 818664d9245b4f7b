import pytest
from django.core.management import call_command

from labo.events.models import Registration
from labo.notifications.models import Notification
from tests.factories import UserFactory

from .factories import RegistrationFactory, paris

pytestmark = pytest.mark.django_db


def test_the_day_before_registered_members_are_reminded_once(make_event):
    tomorrow = make_event(
        title="Atelier de demain",
        registration_enabled=True,
        capacity=10,
        start=paris(days=1, hour=9, minute=0),
    )
    later = make_event(registration_enabled=True, capacity=10, start=paris(days=2))
    confirmed = RegistrationFactory(event=tomorrow)
    waiting = RegistrationFactory(event=tomorrow, status=Registration.Status.WAITING)
    cancelled = RegistrationFactory(event=tomorrow, status=Registration.Status.CANCELLED)
    not_yet = RegistrationFactory(event=later)

    call_command("send_event_reminders")
    call_command("send_event_reminders")

    reminders = Notification.objects.filter(kind="event_reminder")
    assert [n.recipient_id for n in reminders] == [confirmed.user_id]
    message = reminders.get().message
    assert message.startswith("Rappel : « Atelier de demain")
    assert "a lieu demain" in message and "de 9 h" in message
    assert reminders.get().link == tomorrow.url
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    for other in (waiting, cancelled, not_yet):
        assert not Notification.objects.filter(recipient=other.user).exists()


def test_reminders_go_out_in_few_queries_for_many_members(
    make_event, django_assert_max_num_queries
):
    from labo.events.tasks import send_event_reminders

    event = make_event(registration_enabled=True, start=paris(days=1))
    for _ in range(10):
        RegistrationFactory(event=event, user=UserFactory())
    with django_assert_max_num_queries(10):
        assert send_event_reminders.call() == 10


def test_unpublished_events_are_not_reminded(make_event):
    event = make_event(registration_enabled=True, start=paris(days=1))
    RegistrationFactory(event=event)
    event.unpublish()
    call_command("send_event_reminders")
    assert not Notification.objects.filter(kind="event_reminder").exists()
