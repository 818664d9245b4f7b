from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import deny, has_role, is_staff_role, rule


@rule("resources.propose")
def propose(user, obj=None):
    """Members (verified e-mail) propose resources; the CRESS validates them."""
    if has_role(user, roles.MEMBRE) or is_staff_role(user):
        return True
    return deny(_("Confirmez votre adresse e-mail pour proposer une ressource."))
