import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url

from labo import permissions
from labo.accounts import roles
from labo.permissions import (
    actions_with_objects,
    allowed_objects,
    can,
    has_role,
    is_staff_role,
    registered_actions,
    require,
    rule,
    rule_required,
    users_with_role,
)
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


# --- require, rule_required, queryset twins ------------------------------------------------


class Refused(Exception):
    pass


def test_require_stops_with_the_rules_reason(registry, user):
    rule("tests.closed")(lambda user, obj: permissions.deny("Trop tard : c'est clos."))
    rule("tests.open")(lambda user, obj: True)
    assert require(user, "tests.open")
    with pytest.raises(PermissionDenied, match="Trop tard : c'est clos."):
        require(user, "tests.closed")
    with pytest.raises(Refused, match="Trop tard : c'est clos."):
        require(user, "tests.closed", refusal=Refused)


def test_rule_required_sends_visitors_to_login_and_refuses_others_with_the_reason(
    registry, rf, user
):
    rule("tests.staff_only")(lambda user, obj: permissions.deny("Réservé à l'équipe."))
    rule("tests.members")(lambda user, obj: True)
    view = rule_required("tests.staff_only")(lambda request: "vue")

    request = rf.get("/page/?x=1")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/page/%3Fx%3D1"
    request.user = user
    with pytest.raises(PermissionDenied, match="Réservé à l'équipe."):
        view(request)
    assert rule_required("tests.members")(lambda request: "vue")(request) == "vue"


def test_a_queryset_twin_refuses_what_can_refuses_before_the_rule_runs(registry, monkeypatch):
    monkeypatch.setattr(permissions, "_OBJECTS", dict(permissions._OBJECTS))
    everyone = get_user_model().objects.all

    rule("tests.members_list", objects=lambda user: everyone())(lambda user, obj: True)
    rule("tests.public_list", anonymous=True, objects=lambda user: everyone())(
        lambda user, obj: True
    )
    member, gone = UserFactory(), UserFactory(is_active=False)
    assert member in allowed_objects(member, "tests.members_list")
    assert not allowed_objects(AnonymousUser(), "tests.members_list").exists()
    assert allowed_objects(AnonymousUser(), "tests.public_list").exists()
    assert not allowed_objects(gone, "tests.public_list").exists()
    assert {"tests.members_list", "tests.public_list"} <= set(actions_with_objects())


def test_users_with_role_is_the_queryset_twin_of_has_role():
    people = [
        with_roles(roles.ANIMATEUR),
        with_roles(roles.ADMINISTRATEUR),
        with_roles(roles.INSTRUCTEUR),
        with_roles(roles.ANIMATEUR, is_active=False),
        with_roles(is_superuser=True),
        with_roles(),
    ]
    for names in [(roles.ANIMATEUR,), (roles.ANIMATEUR, roles.ADMINISTRATEUR), (roles.MEMBRE,)]:
        listed = set(users_with_role(*names))
        assert listed == {p for p in people if p.is_active and has_role(p, *names)}, names


# Where each queryset twin's agreement test lives: a twin registered without one fails here.
TWIN_AGREEMENT_TESTS = {
    "forum.view_category": "tests/forum/test_rule_twins.py",
    "forum.view_topic": "tests/forum/test_rule_twins.py",
    "forum.view_post": "tests/forum/test_rule_twins.py",
    "notifications.view_notification": "tests/notifications/test_rules.py",
}


def test_every_queryset_twin_has_an_agreement_test():
    assert set(actions_with_objects()) == set(TWIN_AGREEMENT_TESTS)
