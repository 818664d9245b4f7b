"""The admin screens whose access is a Labo rule answer as the rule does, and Wagtail's « who may »
lists name exactly the people the rule allows. Cost: a dozen users, under a second."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from forum.wagtail_hooks import category_viewset, moderation_log_viewset
from labo.accounts import roles
from labo.events.wagtail_hooks import registration_viewset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "forum categories": (category_viewset, {"add", "change", "delete", "view"}),
    "moderation log": (moderation_log_viewset, {"view"}),
    "event registrations": (registration_viewset, {"view"}),
}


@pytest.fixture
def people():
    people = [UserFactory(), UserFactory(verified=False)]
    for role in roles.ALL_ROLES:
        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
        people.append(user)
    inactive = UserFactory()
    inactive.groups.add(Group.objects.get(name=roles.ANIMATEUR))
    inactive.is_active = False
    inactive.save()
    superuser = UserFactory()
    superuser.is_superuser = True
    superuser.save()
    return [*people, inactive, superuser]


@pytest.mark.parametrize("name", sorted(VIEWSETS))
def test_the_admin_policy_and_its_list_of_users_agree(people, name):
    viewset, granted = VIEWSETS[name]
    policy = viewset.permission_policy
    for action in ("add", "change", "delete", "view"):
        allowed = {user for user in people if policy.user_has_permission(user, action)}
        assert set(policy.users_with_permission(action)) == allowed, action
        assert bool(allowed) == (action in granted), action
    assert not policy.user_has_permission(AnonymousUser(), "view")
