"""Who may propose a resource (``resources/rules.py``)."""

import pytest
from django.contrib.auth.models import Group

from labo.accounts import roles
from labo.permissions import can
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "Confirmez votre adresse e-mail pour proposer une ressource."


@pytest.mark.parametrize(
    "role, allowed",
    [
        (roles.MEMBRE, True),
        (roles.ANIMATEUR, True),
        (roles.INSTRUCTEUR, True),
        (roles.ADMINISTRATEUR, True),
        (roles.PORTEUR, False),
        (None, False),
    ],
)
def test_verified_members_and_staff_propose_resources(role, allowed):
    user = UserFactory(verified=False)
    if role:
        user.groups.add(Group.objects.get(name=role))
    decision = can(user, "resources.propose")
    assert (decision.allowed, decision.reason) == (allowed, "" if allowed else VERIFY)
