"""Who may do what with calls and dossiers, read by ``labo.permissions.can``.

A porteur sees and edits only the dossiers of projects whose team they belong to; staff
(Animateur CRESS, Instructeur Région, Administrateur) see every submitted dossier; which
staff role moves a dossier out of a stage is the call's configuration (``CallStage``).
Views answer 404 rather than 403 for another team's dossier, so its existence does not leak.
"""

from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import ALLOW, deny, has_role, rule
from projects.models import ProjectTeamMember

STAFF_ROLES = (roles.ANIMATEUR, roles.INSTRUCTEUR, roles.ADMINISTRATEUR)


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, *STAFF_ROLES))


def is_admin(user) -> bool:
    return user.is_superuser or has_role(user, roles.ADMINISTRATEUR)


def is_team_member(user, project_id) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_tracking_team_cache", {})
    if project_id not in cache:
        cache[project_id] = ProjectTeamMember.objects.filter(
            team__page_id=project_id, user=user
        ).exists()
    return cache[project_id]


def may_move_out_of(user, stage) -> bool:
    if is_admin(user):
        return True
    return (stage.moved_by_animateur and has_role(user, roles.ANIMATEUR)) or (
        stage.moved_by_instructeur and has_role(user, roles.INSTRUCTEUR)
    )


@rule("tracking.apply")
def apply(user, project):
    if is_team_member(user, project.pk):
        return ALLOW
    return deny(_("Seule l'équipe du projet peut candidater pour ce projet."))


@rule("tracking.view_application")
def view_application(user, application):
    if is_team_member(user, application.project_id):
        return ALLOW
    if is_staff(user) and not application.is_draft:
        return ALLOW
    if application.is_draft and not application.call.is_open() and accept_late(user, application):
        # A draft left unsubmitted at the closing date: CRESS may accept it late.
        return ALLOW
    return deny(_("Ce dossier n'existe pas ou ne vous est pas accessible."))


@rule("tracking.edit_draft")
def edit_draft(user, application):
    if not is_team_member(user, application.project_id):
        return deny(_("Seule l'équipe du projet peut modifier ce dossier."))
    if not application.is_draft or application.outcome:
        return deny(_("Ce dossier est déposé : il ne peut plus être modifié."))
    return ALLOW


@rule("tracking.add_document")
def add_document(user, application):
    if not is_team_member(user, application.project_id):
        return deny(_("Seule l'équipe du projet peut ajouter des pièces à ce dossier."))
    if application.outcome:
        return deny(_("Ce dossier est clos."))
    if application.is_draft or application.document_requests.filter(fulfilled_at=None).exists():
        return ALLOW
    return deny(_("Le dossier est déposé : ajoutez une pièce quand l'équipe vous la demande."))


@rule("tracking.withdraw")
def withdraw(user, application):
    if not is_team_member(user, application.project_id):
        return deny(_("Seule l'équipe du projet peut retirer ce dossier."))
    if application.is_closed:
        return deny(_("Ce dossier est déjà clos."))
    if application.current_decision() is not None:
        return deny(
            _(
                "La Région a délibéré sur ce dossier : il ne se retire plus en ligne. Pour "
                "renoncer à l'aide, écrivez au service chargé du dossier."
            )
        )
    return ALLOW


@rule("tracking.staff")
def staff(user, obj):
    if is_staff(user):
        return ALLOW
    return deny(_("Cette page est réservée aux équipes de la CRESS et de la Région."))


@rule("tracking.configure")
def configure(user, obj):
    if is_admin(user) or has_role(user, roles.ANIMATEUR):
        return ALLOW
    return deny(_("Seuls l'animation CRESS et les administrateurs configurent les appels."))


@rule("tracking.move")
def move(user, application):
    if not is_staff(user):
        return deny(_("Seules les équipes de la CRESS et de la Région font avancer un dossier."))
    if application.is_draft:
        return deny(_("Ce dossier n'est pas encore déposé."))
    if application.is_closed:
        return deny(_("Ce dossier est clos."))
    if not may_move_out_of(user, application.stage):
        return deny(
            _("Votre rôle ne permet pas de faire sortir un dossier de l'étape « %(stage)s ».")
            % {"stage": application.stage.staff_name}
        )
    return ALLOW


@rule("tracking.accept_late")
def accept_late(user, application):
    if is_admin(user) or has_role(user, roles.ANIMATEUR):
        return ALLOW
    return deny(_("Seule l'animation CRESS peut accepter un dossier après la clôture."))


@rule("tracking.comment")
def comment(user, application):
    return staff(user, application)


@rule("tracking.view_internal")
def view_internal(user, application):
    return staff(user, application)


@rule("tracking.assign_reviewers")
def assign_reviewers(user, application):
    return staff(user, application)


@rule("tracking.review")
def review(user, review_obj):
    if review_obj.reviewer_id != user.pk:
        return deny(_("Seul l'instructeur assigné peut rédiger cet avis."))
    if review_obj.is_submitted:
        return deny(_("Cet avis est soumis : il ne peut plus être modifié."))
    return ALLOW


@rule("tracking.decide")
def decide(user, application):
    if is_admin(user) or has_role(user, roles.INSTRUCTEUR):
        return ALLOW
    return deny(_("Seuls les services instructeurs de la Région enregistrent une décision."))


@rule("tracking.correct_decision")
def correct_decision(user, application):
    return decide(user, application)


@rule("tracking.revert")
def revert(user, application):
    """Stepping back is rarer than moving on: the Region's instructeurs and administrators."""
    if not (is_admin(user) or has_role(user, roles.INSTRUCTEUR)):
        return deny(
            _("Seuls les services instructeurs de la Région ramènent un dossier en arrière.")
        )
    if application.is_closed:
        return deny(_("Ce dossier est clos."))
    return ALLOW


@rule("tracking.download")
def download(user, document):
    if is_staff(user) and not document.application.is_draft:
        return ALLOW
    if is_team_member(user, document.application.project_id) and not document.staff_only:
        return ALLOW
    return deny(_("Ce document n'existe pas ou ne vous est pas accessible."))


@rule("tracking.view_decision")
def view_decision(user, application):
    """The decision as the team reads it (dossier page, « notification de décision »): its
    team and the staff, once there is one."""
    if not (is_team_member(user, application.project_id) or is_staff(user)):
        return deny(_("Ce dossier n'existe pas ou ne vous est pas accessible."))
    if application.current_decision() is None:
        return deny(_("Aucune décision n'est enregistrée pour ce dossier."))
    return ALLOW


@rule("tracking.download_receipt")
def download_receipt(user, application):
    # Like the dossier itself, minus the drafts CRESS may accept late: no deposit, no receipt.
    if not (is_team_member(user, application.project_id) or is_staff(user)):
        return deny(_("Ce dossier n'existe pas ou ne vous est pas accessible."))
    if application.submitted_at is None:
        return deny(_("Ce dossier n'est pas encore déposé."))
    return ALLOW
