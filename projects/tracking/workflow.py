"""The only code that moves a dossier: creation, submission, stage transitions, outcomes,
withdrawal. Each function runs in one transaction, locks the dossier row
(``select_for_update``), checks that it is still where the caller saw it, and writes the
history, so two staff members clicking at once get exactly one transition and a clear message
for the other. Notifications leave after commit (labo.notifications.services)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notify_many
from labo.permissions import require

from .models import (
    Application,
    Call,
    CallStage,
    HistoryEntry,
    Outcome,
    Scheme,
    Visibility,
)


class TransitionRefused(Exception):
    """A refused move, with the French message to show to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def record(application, kind, actor=None, **fields) -> HistoryEntry:
    return HistoryEntry.objects.create(application=application, kind=kind, actor=actor, **fields)


def team_users(application):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        project_memberships__team__page_id=application.project_id, is_active=True
    )


def applicant_link(application) -> str:
    try:
        return reverse("tracking_applicant:detail", args=[application.pk])
    except NoReverseMatch:  # the applicant pages are not mounted (tests of the core alone)
        return reverse("notifications:list")


def notify_team(application, message, kind="tracking.stage") -> None:
    notify_many(
        team_users(application), kind=kind, message=message, link=applicant_link(application)
    )


def _locked(application, expected_stage_id=None) -> Application:
    # Lock the row alone, then read it with its joins: on PostgreSQL a FOR UPDATE query with
    # joins re-checks the join against the old stage row once the other transaction commits
    # and would return no row at all instead of the moved dossier.
    Application.objects.select_for_update().values_list("pk", flat=True).get(pk=application.pk)
    locked = Application.objects.select_related("stage", "call__scheme").get(pk=application.pk)
    if expected_stage_id is not None and locked.stage_id != int(expected_stage_id):
        raise TransitionRefused(
            _(
                "Ce dossier a changé d'étape entre-temps : il est maintenant à l'étape "
                "« %(stage)s ». Rechargez la page avant de recommencer."
            )
            % {"stage": locked.status_for_staff()}
        )
    return locked


def _enter(application, stage, now) -> None:
    application.stage = stage
    application.stage_entered_at = now
    application.stage_due_at = now + timedelta(days=stage.due_days) if stage.due_days else None


@transaction.atomic
def create_draft(call: Call, project, user, organisation=None) -> Application:
    if not call.is_open():
        raise TransitionRefused(_("Cet appel n'est pas ouvert aux candidatures."))
    require(user, "tracking.apply", project, refusal=TransitionRefused)
    existing = Application.objects.filter(call=call, project=project).exclude(
        outcome=Outcome.WITHDRAWN
    )
    if existing.exists():
        raise TransitionRefused(_("Ce projet a déjà un dossier pour cet appel."))
    application = Application(
        call=call,
        project=project,
        organisation=organisation,
        created_by=user,
        departement=project.commune.departement if project.commune_id else "",
    )
    _enter(application, call.draft_stage(), timezone.now())
    application.stage_due_at = None
    application.save()
    record(application, HistoryEntry.Kind.CREATED, user, visibility=Visibility.SHARED)
    return application


def next_stage(application) -> CallStage | None:
    stages = application.call.ordered_stages()
    ids = [stage.pk for stage in stages]
    try:
        index = ids.index(application.stage_id)
    except ValueError:
        return None
    return stages[index + 1] if index + 1 < len(stages) else None


@transaction.atomic
def submit(application, user, *, accepted_late_by=None) -> Application:
    """Draft → submitted. Completeness is checked by the caller (the applicant's form
    service) before; this function guards the dates and numbers the dossier."""
    application = _locked(application)
    if not application.is_draft or application.outcome:
        raise TransitionRefused(_("Ce dossier est déjà déposé."))
    now = timezone.now()
    call = Call.objects.select_for_update().select_related("scheme").get(pk=application.call_id)
    if now < call.opens_at:
        raise TransitionRefused(_("L'appel n'est pas encore ouvert."))
    if now >= call.closes_at and accepted_late_by is None:
        raise TransitionRefused(
            _(
                "L'appel est clos depuis le %(date)s : seule l'équipe de la CRESS peut accepter "
                "un dossier tardif."
            )
            % {"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y à %H:%M")}
        )
    last = Application.objects.filter(call=call).aggregate(last=Max("number"))["last"] or 0
    application.number = last + 1
    application.reference = f"{call.scheme.short_name}-{call.year}-{application.number:03d}"
    from_stage = application.stage
    _enter(application, call.submitted_stage(), now)
    application.submitted_at = now
    application.late_accepted_by = accepted_late_by
    application.save()
    record(
        application,
        HistoryEntry.Kind.SUBMITTED,
        user,
        from_stage=from_stage,
        to_stage=application.stage,
        visibility=Visibility.SHARED,
    )
    if accepted_late_by is not None:
        record(application, HistoryEntry.Kind.LATE_ACCEPTED, accepted_late_by)
    notify_team(
        application,
        _("Votre dossier %(reference)s est déposé. Nous en accusons réception.")
        % {"reference": application.reference},
        kind="tracking.submitted",
    )
    return application


@transaction.atomic
def move(application, *, to_stage, user, expected_stage_id, comment="", visibility=None):
    """Moves a submitted dossier to the next stage of its call."""
    application = _locked(application, expected_stage_id)
    require(user, "tracking.move", application, refusal=TransitionRefused)
    expected_next = next_stage(application)
    if expected_next is None or to_stage.pk != expected_next.pk:
        raise TransitionRefused(
            _("Depuis « %(current)s », le dossier ne peut aller qu'à l'étape suivante.")
            % {"current": application.stage.staff_name}
        )
    from_stage = application.stage
    _enter(application, to_stage, timezone.now())
    application.save(update_fields=["stage", "stage_entered_at", "stage_due_at", "updated_at"])
    record(
        application,
        HistoryEntry.Kind.TRANSITION,
        user,
        from_stage=from_stage,
        to_stage=to_stage,
        comment=comment,
        visibility=visibility or Visibility.INTERNAL,
    )
    message = _("Votre dossier %(reference)s est à l'étape « %(stage)s ».") % {
        "reference": application.reference,
        "stage": to_stage.applicant_name,
    }
    if visibility == Visibility.SHARED and comment:
        message = f"{message} {comment}"
    notify_team(application, message)
    return application


@transaction.atomic
def set_outcome(
    application,
    *,
    outcome,
    user,
    expected_stage_id,
    comment="",
    visibility=None,
    redirected_to: Scheme | None = None,
    redirected_to_detail="",
):
    """Non retenu, refusé or réorienté, decided by staff at any stage."""
    if outcome == Outcome.WITHDRAWN:
        raise TransitionRefused(_("Seul le candidat peut retirer son dossier."))
    if outcome == Outcome.REDIRECTED and redirected_to is None and not redirected_to_detail:
        raise TransitionRefused(_("Indiquez le dispositif vers lequel le dossier est réorienté."))
    application = _locked(application, expected_stage_id)
    require(user, "tracking.move", application, refusal=TransitionRefused)
    return _close_with(
        application,
        outcome,
        user,
        comment=comment,
        visibility=visibility or Visibility.SHARED,
        redirected_to=redirected_to,
        redirected_to_detail=redirected_to_detail,
    )


@transaction.atomic
def withdraw(application, user, comment=""):
    application = _locked(application)
    require(user, "tracking.withdraw", application, refusal=TransitionRefused)
    return _close_with(
        application, Outcome.WITHDRAWN, user, comment=comment, visibility=Visibility.SHARED
    )


def _close_with(application, outcome, user, *, comment, visibility, **fields):
    application.outcome = outcome
    application.outcome_at = timezone.now()
    application.stage_due_at = None
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    record(
        application,
        HistoryEntry.Kind.OUTCOME,
        user,
        from_stage=application.stage,
        outcome=outcome,
        comment=comment,
        visibility=visibility,
    )
    label = application.reference or application.operation_title or str(application.project)
    message = _("Votre dossier %(reference)s : %(outcome)s.") % {
        "reference": label,
        "outcome": application.get_outcome_display().lower(),
    }
    if visibility == Visibility.SHARED and comment:
        message = f"{message} {comment}"
    notify_team(application, message, kind="tracking.outcome")
    return application


@transaction.atomic
def record_decision(application, *, user, expected_stage_id=None, snapshot=None, **fields):
    """The deliberation of the Region (commission permanente or plénière). A refusal closes
    the dossier (outcome « refusé »); a grant leaves it at its stage, to move on to the
    convention. The team is told with the applicant-facing message only: conditions and
    the frozen snapshot stay with the staff."""
    from .models import Decision

    application = _locked(application, expected_stage_id)
    require(user, "tracking.decide", application, refusal=TransitionRefused)
    if application.is_draft:
        raise TransitionRefused(_("Ce dossier n'est pas encore déposé."))
    if application.outcome:
        raise TransitionRefused(_("Ce dossier est clos."))
    if Decision.objects.filter(application=application).exists():
        raise TransitionRefused(_("Une décision est déjà enregistrée pour ce dossier."))
    record_ = Decision.objects.create(
        application=application, decided_by=user, snapshot=snapshot or {}, **fields
    )
    message_to_applicant = record_.message_to_applicant.strip()
    if record_.result == Decision.Result.REFUSED:
        _close_with(
            application,
            Outcome.REFUSED,
            user,
            comment=message_to_applicant,
            visibility=Visibility.SHARED,
        )
        return record_
    record(
        application,
        HistoryEntry.Kind.DECISION,
        user,
        from_stage=application.stage,
        comment=message_to_applicant,
        visibility=Visibility.SHARED,
    )
    message = _(
        "Votre dossier %(reference)s : la Région a accordé son aide (%(body)s du %(date)s)."
    ) % {
        "reference": application.reference,
        "body": record_.get_body_display().lower(),
        "date": record_.date.strftime("%d/%m/%Y"),
    }
    if message_to_applicant:
        message = f"{message} {message_to_applicant}"
    notify_team(application, message, kind="tracking.decision")
    return record_
