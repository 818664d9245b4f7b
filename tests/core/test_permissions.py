import pytest
from django.contrib.auth.models import AnonymousUser, Group

from labo import permissions
from labo.accounts import roles
from labo.permissions import can, has_role, is_staff_role, registered_actions, rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The actions a visitor who is not logged in may be allowed, written here and not read from
# the registry under test: a rule opened to visitors by mistake, or one closed, fails below.
OPEN_TO_VISITORS = {
    "forum.view_category",
    "forum.view_post",
    "forum.view_topic",
    "projects.contact",
}


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registry for the rules a test registers."""
    monkeypatch.setattr(permissions, "_RULES", dict(permissions._RULES))


@pytest.mark.parametrize("action", sorted(set(registered_actions()) - OPEN_TO_VISITORS))
def test_every_other_rule_asks_visitors_to_log_in(action):
    decision = can(AnonymousUser(), action, None)
    assert not decision
    assert decision.reason == "Connectez-vous pour accéder à cette page."


@pytest.mark.parametrize("action", sorted(OPEN_TO_VISITORS))
def test_the_rules_open_to_visitors_decide_for_them(action):
    # The rule itself runs and reads its object (here none, so it fails loudly): the generic
    # « Connectez-vous » refusal does not come first.
    with pytest.raises(AttributeError):
        can(AnonymousUser(), action, None)


def test_the_actions_open_to_visitors_are_all_registered():
    assert set(registered_actions()) >= OPEN_TO_VISITORS


def test_a_new_rule_refuses_visitors_unless_it_says_otherwise(registry):
    ran = []

    @rule("tests.private_page")
    def private_page(user, obj):
        ran.append(user)
        return True

    @rule("tests.public_page", anonymous=True)
    def public_page(user, obj):
        ran.append(user)
        return True

    decision = can(AnonymousUser(), "tests.private_page")
    assert (decision.allowed, decision.reason) == (
        False,
        "Connectez-vous pour accéder à cette page.",
    )
    assert ran == []
    assert can(AnonymousUser(), "tests.public_page")
    assert len(ran) == 1
    # The decorated functions stay usable: rules call one another.
    assert private_page(None, None) is True
    assert {"tests.private_page", "tests.public_page"} <= set(registered_actions())


def test_an_action_is_registered_once(registry):
    @rule("tests.once")
    def once(user, obj):
        return True

    with pytest.raises(ValueError, match="already registered"):

        @rule("tests.once")
        def twice(user, obj):
            return False

    assert can(UserFactory.build(), "tests.once")


def test_a_rule_answering_false_gets_the_generic_french_refusal(registry, user):
    rule("tests.no")(lambda user, obj: False)
    rule("tests.yes")(lambda user, obj: 1)
    decision = can(user, "tests.no")
    assert (decision.allowed, decision.reason) == (
        False,
        "Vous n'avez pas l'autorisation de faire cette action.",
    )
    decision = can(user, "tests.yes")
    assert (decision.allowed, decision.reason) == (True, "")


def test_a_rules_own_refusal_reaches_the_user(registry, user):
    rule("tests.own_reason")(lambda user, obj: permissions.deny("Trop tard : c'est clos."))
    decision = can(user, "tests.own_reason")
    assert (bool(decision), decision.reason) == (False, "Trop tard : c'est clos.")


def test_deactivated_accounts_are_refused_everything(user):
    user.is_active = False
    for action in registered_actions():
        decision = can(user, action, None)
        assert not decision, action
        assert decision.reason == "Ce compte est désactivé."


def test_unknown_action_is_a_programming_error(user):
    with pytest.raises(KeyError, match="No permission rule registered for 'nothing.registered'"):
        can(user, "nothing.registered")


# --- roles ------------------------------------------------------------------------------


def with_roles(*names, **fields):
    user = UserFactory(verified=False, **fields)
    user.groups.add(*Group.objects.filter(name__in=names))
    return user


def test_roles_are_the_users_groups():
    animateur = with_roles(roles.ANIMATEUR)
    assert has_role(animateur, roles.ANIMATEUR)
    assert has_role(animateur, roles.INSTRUCTEUR, roles.ANIMATEUR)
    assert not has_role(animateur, roles.ADMINISTRATEUR)
    assert not has_role(with_roles(), roles.MEMBRE)
    assert not has_role(AnonymousUser(), roles.MEMBRE)


def test_a_superuser_is_administrator_and_nothing_else():
    superuser = with_roles(is_superuser=True)
    assert has_role(superuser, roles.ADMINISTRATEUR)
    assert has_role(superuser, roles.MEMBRE, roles.ADMINISTRATEUR)
    assert not has_role(superuser, roles.ANIMATEUR)
    assert not has_role(superuser, roles.MEMBRE)


def test_roles_are_read_once_per_request(django_assert_num_queries):
    animateur = with_roles(roles.ANIMATEUR)
    with django_assert_num_queries(1):
        assert has_role(animateur, roles.ANIMATEUR)
        assert has_role(animateur, roles.ANIMATEUR)
        assert not has_role(animateur, roles.MEMBRE)


@pytest.mark.parametrize(
    "role, staff",
    [
        (roles.ANIMATEUR, True),
        (roles.INSTRUCTEUR, True),
        (roles.ADMINISTRATEUR, True),
        (roles.PORTEUR, False),
        (roles.MEMBRE, False),
    ],
)
def test_staff_roles(role, staff):
    assert is_staff_role(with_roles(role)) is staff


def test_a_superuser_is_staff_and_a_visitor_is_not():
    assert is_staff_role(with_roles(is_superuser=True))
    assert not is_staff_role(AnonymousUser())
