from django.utils.translation import gettext_lazy as _

from labo.permissions import ALLOW, deny, has_role, login_required_decision, rule

from . import roles
from .models import Membership


@rule("accounts.view_dashboard")
def view_dashboard(user, obj):
    return login_required_decision(user) or ALLOW


@rule("accounts.edit_organisation")
def edit_organisation(user, organisation):
    if refused := login_required_decision(user):
        return refused
    if user.is_superuser or has_role(user, roles.ADMINISTRATEUR, roles.ANIMATEUR):
        return ALLOW
    is_admin = Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.ADMIN
    ).exists()
    if is_admin:
        return ALLOW
    return deny(_("Seuls les administrateurs de cette structure peuvent la modifier."))


@rule("accounts.manage_users")
def manage_users(user, obj):
    if refused := login_required_decision(user):
        return refused
    if user.is_superuser or has_role(user, roles.ADMINISTRATEUR):
        return ALLOW
    return deny(_("Seuls les administrateurs de la plateforme gèrent les comptes et les rôles."))


@rule("wagtail.access_admin")
def access_admin(user, obj):
    if refused := login_required_decision(user):
        return refused
    if user.is_superuser or has_role(user, *roles.STAFF_ROLES):
        return ALLOW
    return deny(_("L'administration est réservée aux équipes de la CRESS et de la Région."))
