import pytest
from django.contrib.auth.models import AnonymousUser

from labo import permissions
from labo.permissions import can, registered_actions, rule

pytestmark = pytest.mark.django_db


def test_every_rule_refuses_anonymous_visitors_with_a_french_reason():
    anonymous = AnonymousUser()
    for action in registered_actions():
        _func, allows_anonymous = permissions._RULES[action]
        if allows_anonymous:
            continue
        decision = can(anonymous, action, None)
        assert not decision, action
        assert decision.reason == "Connectez-vous pour accéder à cette page."


def test_deactivated_accounts_are_refused_everything(user):
    user.is_active = False
    for action in registered_actions():
        decision = can(user, action, None)
        assert not decision, action
        assert decision.reason == "Ce compte est désactivé."


def test_unknown_action_is_a_programming_error(user):
    with pytest.raises(KeyError):
        can(user, "nothing.registered")


def test_a_rule_can_open_an_action_to_visitors(monkeypatch):
    monkeypatch.setattr(permissions, "_RULES", dict(permissions._RULES))

    @rule("tests.read_public_page", anonymous=True)
    def read_public_page(user, obj):
        return True

    assert can(AnonymousUser(), "tests.read_public_page")
