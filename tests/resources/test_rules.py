"""Who may propose a resource (``resources/rules.py``)."""

import pytest

from labo.accounts import roles
from labo.permissions import can
from tests.rule_tables import with_role

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
    user = with_role(role, verified=False)
    decision = can(user, "resources.propose")
    assert (decision.allowed, decision.reason) == (allowed, "" if allowed else VERIFY)
