import pytest
from django.contrib.auth.models import AnonymousUser

from labo.permissions import can, registered_actions
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .factories import AdminMembershipFactory

pytestmark = pytest.mark.django_db


def test_accounts_actions_are_registered():
    assert {
        "accounts.view_dashboard",
        "accounts.create_organisation",
        "accounts.view_organisation",
        "accounts.edit_organisation",
        "accounts.manage_members",
        "accounts.remove_member",
        "accounts.change_member_role",
        "accounts.leave_organisation",
        "accounts.manage_users",
        "wagtail.access_admin",
    } <= set(registered_actions())


def test_unknown_action_is_a_programming_error(user):
    with pytest.raises(KeyError):
        can(user, "accounts.does_not_exist")


@pytest.mark.parametrize(
    "action",
    [
        "accounts.view_dashboard",
        "accounts.create_organisation",
        "accounts.view_organisation",
        "accounts.edit_organisation",
        "accounts.manage_members",
        "accounts.leave_organisation",
        "accounts.manage_users",
        "wagtail.access_admin",
    ],
)
def test_anonymous_visitor_is_asked_to_log_in(action):
    decision = can(AnonymousUser(), action, OrganisationFactory())
    assert not decision
    assert decision.reason == "Connectez-vous pour accéder à cette page."


@pytest.mark.parametrize("action", ["accounts.remove_member", "accounts.change_member_role"])
def test_anonymous_visitor_cannot_touch_memberships(action):
    decision = can(AnonymousUser(), action, MembershipFactory())
    assert decision.reason == "Connectez-vous pour accéder à cette page."


def test_deactivated_account_is_refused(user):
    user.is_active = False
    decision = can(user, "accounts.view_dashboard")
    assert not decision
    assert decision.reason == "Ce compte est désactivé."


def test_organisation_admin_may_edit_and_manage_members():
    membership = AdminMembershipFactory()
    assert can(membership.user, "accounts.edit_organisation", membership.organisation)
    assert can(membership.user, "accounts.manage_members", membership.organisation)


def test_plain_member_may_view_but_not_edit():
    membership = MembershipFactory()
    organisation = membership.organisation
    assert can(membership.user, "accounts.view_organisation", organisation)
    decision = can(membership.user, "accounts.edit_organisation", organisation)
    assert not decision
    assert decision.reason == "Seuls les administrateurs de cette structure peuvent la modifier."
    decision = can(membership.user, "accounts.manage_members", organisation)
    assert decision.reason == (
        "Seuls les administrateurs de cette structure peuvent gérer ses membres."
    )


def test_outsider_may_not_even_view_a_structure(user):
    decision = can(user, "accounts.view_organisation", OrganisationFactory())
    assert not decision
    assert "visible que de ses membres" in decision.reason


@pytest.mark.parametrize("role_fixture", ["animateur", "administrateur"])
def test_cress_and_platform_admins_edit_every_structure(request, role_fixture):
    staff = request.getfixturevalue(role_fixture)
    organisation = OrganisationFactory()
    assert can(staff, "accounts.edit_organisation", organisation)
    assert can(staff, "accounts.manage_members", organisation)


def test_instructeur_views_but_does_not_edit_structures(instructeur):
    organisation = OrganisationFactory()
    assert can(instructeur, "accounts.view_organisation", organisation)
    assert not can(instructeur, "accounts.edit_organisation", organisation)


def test_superuser_counts_as_administrateur():
    superuser = UserFactory(is_superuser=True)
    assert can(superuser, "accounts.edit_organisation", OrganisationFactory())
    assert can(superuser, "accounts.manage_users")


def test_last_admin_can_neither_be_removed_nor_leave_while_others_remain():
    admin = AdminMembershipFactory()
    MembershipFactory(organisation=admin.organisation)

    decision = can(admin.user, "accounts.remove_member", admin)
    assert not decision
    assert "au moins un administrateur" in decision.reason
    decision = can(admin.user, "accounts.leave_organisation", admin.organisation)
    assert not decision
    assert "dernier administrateur" in decision.reason

    AdminMembershipFactory(organisation=admin.organisation)
    assert can(admin.user, "accounts.leave_organisation", admin.organisation)
    assert can(admin.user, "accounts.remove_member", admin)


def test_leaving_requires_being_a_member(user):
    decision = can(user, "accounts.leave_organisation", OrganisationFactory())
    assert decision.reason == "Vous n'êtes pas membre de cette structure."


def test_only_platform_administrators_manage_users(animateur, administrateur):
    decision = can(animateur, "accounts.manage_users")
    assert decision.reason == (
        "Seuls les administrateurs de la plateforme gèrent les comptes et les rôles."
    )
    assert can(administrateur, "accounts.manage_users")


def test_admin_access_rule(user, animateur, instructeur, administrateur):
    for staff in (animateur, instructeur, administrateur):
        assert can(staff, "wagtail.access_admin")
    decision = can(user, "wagtail.access_admin")
    assert decision.reason == (
        "L'administration est réservée aux équipes de la CRESS et de la Région."
    )
