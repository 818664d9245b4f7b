"""A notification is private to its recipient, even for staff (``labo/notifications/rules.py``)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from labo.accounts import roles
from labo.notifications.models import Notification
from labo.permissions import allowed_objects, can
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_YOURS = "Cette notification ne vous est pas destinée."


@pytest.mark.parametrize("action", ["notifications.view_notification", "notifications.mark_read"])
def test_only_the_recipient_reads_a_notification(action):
    recipient, other, admin = UserFactory(), UserFactory(), UserFactory()
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATEUR))
    notification = Notification(recipient=recipient, kind="test", message="Bonjour")
    assert can(recipient, action, notification)
    for user in (other, admin):
        decision = can(user, action, notification)
        assert (decision.allowed, decision.reason) == (False, NOT_YOURS)
    decision = can(recipient, action, None)
    assert (decision.allowed, decision.reason) == (False, NOT_YOURS)


@pytest.mark.parametrize(
    "action",
    ["notifications.view_list", "notifications.edit_preferences", "notifications.listen"],
)
def test_every_account_has_its_own_list_preferences_and_live_channel(action):
    assert can(UserFactory(verified=False), action)


def test_the_list_of_notifications_is_the_rules_queryset_twin():
    recipient, other, gone = UserFactory(), UserFactory(), UserFactory()
    gone.is_active = False
    gone.save()
    notifications = [
        Notification.objects.create(recipient=user, kind="test", message="Bonjour")
        for user in (recipient, other, gone, recipient)
    ]
    for user in (recipient, other, gone, AnonymousUser()):
        listed = set(allowed_objects(user, "notifications.view_notification"))
        assert listed == {
            n for n in notifications if can(user, "notifications.view_notification", n)
        }
