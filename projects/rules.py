"""Permission rules of housing projects, read by ``labo.permissions.can``.

Project rules take the ``ProjectPage`` as object. Wagtail's own page permissions (one group
per team, see ``services``) enforce the same answer inside the admin, and the
``before_edit_page`` hook asks ``projects.edit`` again so both can never disagree silently.
"""

from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import ALLOW, deny, has_role, rule

from .models import ProjectTeamMember


def is_project_manager(user) -> bool:
    """CRESS facilitators and platform administrators look after every project."""
    return user.is_superuser or has_role(user, roles.ADMINISTRATEUR, roles.ANIMATEUR)


def team_role(user, page) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        ProjectTeamMember.objects.filter(team__page_id=page.pk, user=user)
        .values_list("role", flat=True)
        .first()
    )


@rule("projects.create")
def create(user, obj):
    return ALLOW


@rule("projects.edit")
def edit(user, page):
    if is_project_manager(user) or team_role(user, page):
        return ALLOW
    return deny(_("Seule l'équipe du projet peut modifier cette page."))


@rule("projects.view_team")
def view_team(user, page):
    if is_project_manager(user) or team_role(user, page):
        return ALLOW
    return deny(_("Seuls les membres de l'équipe voient la composition de l'équipe."))


@rule("projects.manage_team")
def manage_team(user, page):
    if is_project_manager(user) or team_role(user, page) == ProjectTeamMember.Role.ADMIN:
        return ALLOW
    return deny(_("Seuls les administrateurs de l'équipe peuvent inviter ou retirer des membres."))


@rule("projects.contact", anonymous=True)
def contact(user, page):
    if page.live:
        return ALLOW
    return deny(_("Ce projet n'est pas encore publié."))
