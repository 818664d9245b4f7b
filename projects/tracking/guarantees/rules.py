"""Who may do what with loan guarantees, read by ``labo.permissions.can``.

The team of a project edits the loans of its guarantee application while it is a draft and sees
them afterwards; staff instruct; only the Region's services (Instructeur Région,
Administrateur) enter the Region's figures, flag exemptions, freeze the ratios and record
the follow-up. Applicants never see the Region's exposure.
"""

from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import ALLOW, can, deny, has_role, rule

from ..models import Scheme
from ..rules import is_staff


def is_guarantee(application) -> bool:
    return application.call.scheme.kind == Scheme.Kind.LOAN_GUARANTEE


def is_region(user) -> bool:
    return user.is_superuser or has_role(user, roles.INSTRUCTEUR, roles.ADMINISTRATEUR)


@rule("loan_guarantees.view_loans")
def view_loans(user, application):
    if not is_guarantee(application):
        return deny(_("Ce dossier n'est pas une demande de garantie d'emprunt."))
    return can(user, "tracking.view_application", application)


@rule("loan_guarantees.edit_loans")
def edit_loans(user, application):
    if not is_guarantee(application):
        return deny(_("Ce dossier n'est pas une demande de garantie d'emprunt."))
    return can(user, "tracking.edit_draft", application)


@rule("loan_guarantees.instruct")
def instruct(user, application):
    if not is_guarantee(application):
        return deny(_("Ce dossier n'est pas une demande de garantie d'emprunt."))
    if not is_staff(user):
        return deny(_("Cette page est réservée aux équipes de la CRESS et de la Région."))
    if application.is_draft:
        return deny(_("Ce dossier n'est pas encore déposé."))
    return ALLOW


def _region_only(user, application=None):
    if application is not None and not instruct(user, application):
        return instruct(user, application)
    if is_region(user):
        return ALLOW
    return deny(_("Seuls les services instructeurs de la Région peuvent faire cette action."))


@rule("loan_guarantees.set_exemption")
def set_exemption(user, application):
    return _region_only(user, application)


@rule("loan_guarantees.freeze_ratios")
def freeze_ratios(user, application):
    return _region_only(user, application)


@rule("loan_guarantees.set_quotite")
def set_quotite(user, application):
    return _region_only(user, application)


@rule("loan_guarantees.record_follow_up")
def record_follow_up(user, application):
    return _region_only(user, application)


@rule("loan_guarantees.edit_region_figures")
def edit_region_figures(user, obj=None):
    return _region_only(user)


@rule("loan_guarantees.view_exposure")
def view_exposure(user, obj=None):
    if is_staff(user):
        return ALLOW
    return deny(
        _("L'exposition de la Région est réservée aux équipes de la CRESS et de la Région.")
    )
