"""Permission rules of the agenda, read by ``labo.permissions.can``.

Reading the agenda is public (Wagtail pages, no rule needed). Registering needs a verified
member account; whether seats are left or registrations are still open is a matter of the
event, answered by ``services`` with its own French message.
"""

from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import ALLOW, deny, has_role, is_staff_role, rule


@rule("events.register")
def register(user, event):
    if has_role(user, roles.MEMBRE) or is_staff_role(user):
        return ALLOW
    return deny(_("Confirmez votre adresse e-mail pour vous inscrire aux événements."))


@rule("events.cancel_registration")
def cancel_registration(user, event):
    # services.cancel only ever touches the user's own registration.
    return ALLOW


@rule("events.manage_registrations")
def manage_registrations(user, obj):
    """CRESS facilitators organise the events: they see and export the registrants."""
    if user.is_superuser or has_role(user, roles.ANIMATEUR, roles.ADMINISTRATEUR):
        return ALLOW
    return deny(_("Seule l'équipe de la CRESS consulte les listes d'inscrits."))
