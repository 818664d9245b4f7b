"""Permission rules of accounts and organisations (structures), read by ``labo.permissions.can``.

``can()`` refuses visitors who are not logged in before any of these rules runs.

Organisation rules take the organisation as object, except ``accounts.remove_member`` and
``accounts.change_member_role`` which take the membership concerned.
"""

from django.utils.translation import gettext_lazy as _

from labo.permissions import ALLOW, deny, has_role, rule

from . import roles
from .models import Membership


def _is_platform_manager(user) -> bool:
    """CRESS facilitators and platform administrators look after every organisation."""
    return user.is_superuser or has_role(user, roles.ADMINISTRATEUR, roles.ANIMATEUR)


def _is_organisation_admin(user, organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.ADMIN
    ).exists()


def _is_last_admin(membership) -> bool:
    if membership.role != Membership.Role.ADMIN:
        return False
    return not (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@rule("accounts.view_dashboard")
def view_dashboard(user, obj):
    return ALLOW


@rule("accounts.create_organisation")
def create_organisation(user, obj):
    return ALLOW


@rule("accounts.view_organisation")
def view_organisation(user, organisation):
    if user.is_superuser or has_role(user, *roles.STAFF_ROLES):
        return ALLOW
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        return ALLOW
    return deny(
        _(
            "Cette structure n'est visible que de ses membres et des équipes de la CRESS "
            "et de la Région."
        )
    )


@rule("accounts.edit_organisation")
def edit_organisation(user, organisation):
    if _is_platform_manager(user) or _is_organisation_admin(user, organisation):
        return ALLOW
    return deny(_("Seuls les administrateurs de cette structure peuvent la modifier."))


@rule("accounts.manage_members")
def manage_members(user, organisation):
    if _is_platform_manager(user) or _is_organisation_admin(user, organisation):
        return ALLOW
    return deny(_("Seuls les administrateurs de cette structure peuvent gérer ses membres."))


def _manage_membership(user, membership):
    """Removing a member and changing their role share one constraint: a structure always
    keeps an administrator."""
    decision = manage_members(user, membership.organisation)
    if not decision:
        return decision
    if _is_last_admin(membership):
        return deny(
            _(
                "Une structure doit garder au moins un administrateur : nommez d'abord "
                "un autre administrateur."
            )
        )
    return ALLOW


rule("accounts.remove_member")(_manage_membership)
rule("accounts.change_member_role")(_manage_membership)


@rule("accounts.leave_organisation")
def leave_organisation(user, organisation):
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        return deny(_("Vous n'êtes pas membre de cette structure."))
    if _is_last_admin(membership) and organisation.memberships.exclude(user=user).exists():
        return deny(
            _(
                "Vous êtes le dernier administrateur de cette structure : nommez d'abord "
                "un autre administrateur avant de la quitter."
            )
        )
    return ALLOW


@rule("accounts.manage_users")
def manage_users(user, obj):
    if user.is_superuser or has_role(user, roles.ADMINISTRATEUR):
        return ALLOW
    return deny(_("Seuls les administrateurs de la plateforme gèrent les comptes et les rôles."))


@rule("wagtail.access_admin")
def access_admin(user, obj):
    if user.is_superuser or has_role(user, *roles.STAFF_ROLES):
        return ALLOW
    return deny(_("L'administration est réservée aux équipes de la CRESS et de la Région."))
