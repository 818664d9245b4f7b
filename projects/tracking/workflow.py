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
from django.utils.translation import ngettext

from labo.core.formats import euros
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
    """A refused move, with the French message to show to the user (and, for a move blocked
    by its stage's guards, each unmet condition in ``reasons``)."""

    def __init__(self, message, reasons=()):
        super().__init__(str(message))
        self.message = str(message)
        self.reasons = [str(reason) for reason in reasons]


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


def _neighbour(application, step) -> CallStage | None:
    stages = application.call.ordered_stages()
    ids = [stage.pk for stage in stages]
    try:
        index = ids.index(application.stage_id) + step
    except ValueError:
        return None
    return stages[index] if 0 <= index < len(stages) else None


def next_stage(application) -> CallStage | None:
    return _neighbour(application, 1)


def previous_stage(application) -> CallStage | None:
    return _neighbour(application, -1)


def unmet_guards(application, now=None) -> list[str]:
    """What the dossier still lacks to leave its stage, one French sentence per condition the
    call's configuration sets on that stage (``CallStage``: avis, pièces, réunion, ratios,
    décision). Empty when it may leave."""
    stage = application.stage
    now = now or timezone.now()
    reasons = []
    if stage.required_reviews:
        submitted = application.reviews.filter(submitted_at__isnull=False).count()
        if submitted < stage.required_reviews:
            reasons.append(
                ngettext(
                    "Il faut %(required)s avis d'instruction soumis pour quitter cette étape "
                    "(%(count)s pour l'instant).",
                    "Il faut %(required)s avis d'instruction soumis pour quitter cette étape "
                    "(%(count)s pour l'instant).",
                    stage.required_reviews,
                )
                % {"required": stage.required_reviews, "count": submitted}
            )
    if stage.requires_documents:
        waiting = application.document_requests.filter(fulfilled_at__isnull=True).count()
        if waiting:
            reasons.append(
                ngettext(
                    "%(count)s pièce demandée au candidat n'est pas encore arrivée.",
                    "%(count)s pièces demandées au candidat ne sont pas encore arrivées.",
                    waiting,
                )
                % {"count": waiting}
            )
    if stage.required_meeting:
        held = application.meetings.filter(kind=stage.required_meeting, starts_at__lte=now)
        if not held.exists():
            reasons.append(
                _("La réunion « %(kind)s » ne s'est pas encore tenue.")
                % {"kind": stage.get_required_meeting_display()}
            )
    if stage.requires_frozen_ratios and not application.ratio_snapshots.exists():
        reasons.append(_("Le rapport des ratios prudentiels n'est pas encore figé pour le comité."))
    if stage.takes_decision:
        reasons.append(
            _(
                "Le dossier quitte cette étape par la décision de la Région : enregistrez-la "
                "(« accordé » le fait passer à l'étape suivante, « refusé » le clôt)."
            )
        )
    return reasons


def _refuse_unless_guards_hold(application):
    reasons = unmet_guards(application)
    if reasons:
        raise TransitionRefused(
            _("Le dossier ne peut pas quitter l'étape « %(stage)s » : %(reasons)s")
            % {"stage": application.stage.staff_name, "reasons": " ".join(reasons)},
            reasons,
        )


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
    _refuse_unless_guards_hold(application)
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
        "outcome": _status_in_sentence(application),
    }
    if visibility == Visibility.SHARED and comment:
        message = f"{message} {comment}"
    notify_team(application, message, kind="tracking.outcome")
    return application


def _status_in_sentence(application) -> str:
    """The status the dossier page shows (``status_for_applicant``), inside a sentence."""
    status = application.status_for_applicant()
    return status[:1].lower() + status[1:]


DECISION_FIELDS = (
    "body",
    "date",
    "deliberation_number",
    "amount_granted",
    "amount_justification",
    "conditions",
    "message_to_applicant",
)


def decision_errors(application, fields, today=None) -> dict[str, str]:
    """The checks every decision and every correction meets, as French messages keyed by the
    field that caused them (the staff form shows each at its field)."""
    from .models import Decision

    today = today or timezone.localdate()
    errors = {}
    amount = fields.get("amount_granted")
    if fields.get("result") == Decision.Result.GRANTED and not amount:
        errors["amount_granted"] = _("Indiquez le montant accordé.")
    requested = application.amount_requested
    if (
        amount
        and requested is not None
        and amount > requested
        and not (fields.get("amount_justification") or "").strip()
    ):
        errors["amount_justification"] = _(
            "Le montant accordé (%(granted)s) dépasse le montant sollicité (%(requested)s) : "
            "justifiez-le."
        ) % {"granted": euros(amount), "requested": euros(requested)}
    date = fields.get("date")
    if date and date > today:
        errors["date"] = _("La date de la délibération ne peut pas être dans le futur.")
    number = fields.get("deliberation_number") or ""
    if number:
        message = application.call.deliberation_number_error(number)
        if message:
            errors["deliberation_number"] = message
    return errors


def _refuse_on_errors(application, fields):
    errors = decision_errors(application, fields)
    if errors:
        raise TransitionRefused(" ".join(errors.values()), errors.values())


def decision_stage_of(application) -> CallStage | None:
    """The decision stage the dossier is at or has gone past (the last one up to its stage)."""
    found = None
    for stage in application.call.ordered_stages():
        if stage.takes_decision:
            found = stage
        if stage.pk == application.stage_id:
            break
    return found


def _decision_state(decision) -> dict:
    state = {"result": decision.result, "version": decision.version}
    for name in DECISION_FIELDS:
        value = getattr(decision, name)
        state[name] = "" if value is None else str(value)
    return state


def _locked_decision(application, expected_version):
    from .models import Decision

    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is None:
        raise TransitionRefused(_("Aucune décision n'est enregistrée pour ce dossier."))
    if expected_version is not None and decision.version != expected_version:
        raise TransitionRefused(
            _(
                "La décision vient d'être modifiée par quelqu'un d'autre : la page montre "
                "maintenant la version actuelle. Recommencez si besoin."
            )
        )
    return decision


@transaction.atomic
def record_decision(application, *, user, expected_stage_id=None, snapshot=None, **fields):
    """The deliberation of the Region (commission permanente or plénière), recorded at the
    call's decision stage and only there. « Refusé » closes the dossier; « accordé » moves it
    to the next stage in the same transaction, in one history line. The team is told with the
    applicant-facing message only: conditions and the frozen snapshot stay with the staff."""
    from .models import Decision

    application = _locked(application, expected_stage_id)
    require(user, "tracking.decide", application, refusal=TransitionRefused)
    if application.is_draft:
        raise TransitionRefused(_("Ce dossier n'est pas encore déposé."))
    if application.outcome:
        raise TransitionRefused(_("Ce dossier est clos."))
    if Decision.objects.filter(application=application).exists():
        raise TransitionRefused(_("Une décision est déjà enregistrée pour ce dossier."))
    if not application.stage.takes_decision:
        names = [f"« {stage.staff_name} »" for stage in application.call.decision_stages()]
        raise TransitionRefused(
            _(
                "Une décision ne s'enregistre qu'à l'étape de décision (%(stages)s) ; ce dossier "
                "est à l'étape « %(current)s »."
            )
            % {
                "stages": ", ".join(names) or _("aucune n'est prévue pour cet appel"),
                "current": application.stage.staff_name,
            }
        )
    _refuse_on_errors(application, fields)
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
    from_stage, to_stage = application.stage, next_stage(application)
    _enter(application, to_stage, timezone.now())
    application.save(update_fields=["stage", "stage_entered_at", "stage_due_at", "updated_at"])
    record(
        application,
        HistoryEntry.Kind.DECISION,
        user,
        from_stage=from_stage,
        to_stage=to_stage,
        comment=message_to_applicant,
        visibility=Visibility.SHARED,
    )
    message = _(
        "Votre dossier %(reference)s : %(status)s par la Région (%(body)s du %(date)s)."
    ) % {
        "reference": application.reference,
        "status": _status_in_sentence(application),
        "body": record_.get_body_display().lower(),
        "date": record_.date.strftime("%d/%m/%Y"),
    }
    if message_to_applicant:
        message = f"{message} {message_to_applicant}"
    notify_team(application, message, kind="tracking.decision")
    return record_


def _required_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Indiquez le motif : il est conservé dans l'historique."))
    return reason


@transaction.atomic
def correct_decision(application, *, user, expected_version, reason, **fields):
    """A corrected amount, date, number, body, conditions or message: the decision keeps its
    result (to change it, annul it), the version it replaces stays in the history, and the
    team is told."""
    reason = _required_reason(reason)
    application = _locked(application)
    require(user, "tracking.correct_decision", application, refusal=TransitionRefused)
    decision = _locked_decision(application, expected_version)
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TransitionRefused(_("Seuls le montant, les dates, numéros et textes se corrigent."))
    before = _decision_state(decision)
    for name, value in fields.items():
        setattr(decision, name, value)
    _refuse_on_errors(
        application,
        {**{n: getattr(decision, n) for n in DECISION_FIELDS}, "result": decision.result},
    )
    after = _decision_state(decision)
    if before == after:
        raise TransitionRefused(_("Rien n'a changé dans la décision."))
    decision.version += 1
    decision.save()
    after["version"] = decision.version
    record(
        application,
        HistoryEntry.Kind.DECISION_CORRECTED,
        user,
        from_stage=application.stage,
        comment=reason,
        visibility=Visibility.SHARED,
        details={"before": before, "after": after},
    )
    notify_team(
        application,
        _(
            "Votre dossier %(reference)s : la décision de la Région a été corrigée. "
            "Motif : %(reason)s"
        )
        % {"reference": application.reference, "reason": reason},
        kind="tracking.decision",
    )
    return decision


@transaction.atomic
def annul_decision(application, *, user, expected_version, reason):
    """Takes a decision back: the dossier returns to its decision stage (reopened if the
    decision had closed it), the annulled version stays in the history, the team is told."""
    reason = _required_reason(reason)
    application = _locked(application)
    require(user, "tracking.correct_decision", application, refusal=TransitionRefused)
    decision = _locked_decision(application, expected_version)
    before = _decision_state(decision)
    from_stage = application.stage
    back_to = decision_stage_of(application) or from_stage
    if application.outcome == Outcome.REFUSED:
        application.outcome = ""
        application.outcome_at = None
    if application.outcome:
        raise TransitionRefused(_("Ce dossier est clos."))
    _enter(application, back_to, timezone.now())
    application.save()
    decision.delete()
    record(
        application,
        HistoryEntry.Kind.DECISION_ANNULLED,
        user,
        from_stage=from_stage,
        to_stage=back_to,
        comment=reason,
        visibility=Visibility.SHARED,
        details={"before": before},
    )
    notify_team(
        application,
        _(
            "Votre dossier %(reference)s : la décision de la Région est annulée ; le dossier "
            "revient à l'étape « %(stage)s ». Motif : %(reason)s"
        )
        % {"reference": application.reference, "stage": back_to.applicant_name, "reason": reason},
        kind="tracking.decision",
    )
    return application


@transaction.atomic
def revert(application, *, user, expected_stage_id, reason):
    """One step back, with a reason, in the history and told to the team. A stage left by a
    decision is not stepped back into: the decision is corrected or annulled instead."""
    from .models import Decision

    reason = _required_reason(reason)
    application = _locked(application, expected_stage_id)
    require(user, "tracking.revert", application, refusal=TransitionRefused)
    previous = previous_stage(application)
    if previous is None or previous.kind == CallStage.Kind.DRAFT:
        raise TransitionRefused(_("Un dossier déposé ne revient pas au brouillon."))
    if previous.takes_decision and Decision.objects.filter(application=application).exists():
        raise TransitionRefused(
            _(
                "Le dossier a quitté « %(stage)s » par la décision de la Région : corrigez ou "
                "annulez la décision plutôt."
            )
            % {"stage": previous.staff_name}
        )
    from_stage = application.stage
    _enter(application, previous, timezone.now())
    application.save(update_fields=["stage", "stage_entered_at", "stage_due_at", "updated_at"])
    record(
        application,
        HistoryEntry.Kind.REVERTED,
        user,
        from_stage=from_stage,
        to_stage=previous,
        comment=reason,
        visibility=Visibility.SHARED,
    )
    notify_team(
        application,
        _("Votre dossier %(reference)s revient à l'étape « %(stage)s ».")
        % {"reference": application.reference, "stage": previous.applicant_name},
    )
    return application
