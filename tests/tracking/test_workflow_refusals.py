"""Every refusal of the workflow, one at a time, with the French reason the user reads, and
the dossier left as it was."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.tracking import workflow
from projects.tracking.models import (
    Application,
    CallStage,
    Decision,
    HistoryEntry,
    Outcome,
)
from tests.factories import UserFactory
from tests.tracking.guards import satisfy_guards

from .factories import (
    draft_application,
    open_viure_call,
    project_with_team,
    submitted_application,
)

pytestmark = pytest.mark.django_db

STALE = (
    "Ce dossier a changé d'étape entre-temps : il est maintenant à l'étape « %s ». "
    "Rechargez la page avant de recommencer."
)
NOT_STAFF = "Seules les équipes de la CRESS et de la Région font avancer un dossier."


def refusal(func, *args, **kwargs) -> str:
    with pytest.raises(workflow.TransitionRefused) as refused:
        func(*args, **kwargs)
    assert str(refused.value) == refused.value.message
    return refused.value.message


def stage(call, code):
    return CallStage.objects.get(call=call, code=code)


def refused_move(application, to_stage, user):
    """The refusal of moving ``application`` to ``to_stage`` (a stage or its code) from the
    stage it is seen at."""
    if isinstance(to_stage, str):
        to_stage = stage(application.call, to_stage)
    return refusal(
        workflow.move,
        application,
        to_stage=to_stage,
        user=user,
        expected_stage_id=application.stage_id,
    )


def put_at(application, code):
    """Sets up a dossier at a stage directly (the moves themselves are tested elsewhere)."""
    Application.objects.filter(pk=application.pk).update(stage=stage(application.call, code))
    application.refresh_from_db()
    return application


def porteur_of(application):
    return application.project.team.members.get()


def grant(application, user, **fields):
    values = {
        "body": Decision.Body.STANDING_COMMITTEE,
        "result": Decision.Result.GRANTED,
        "date": timezone.localdate(),
        "deliberation_number": "CP/2026/42",
        "amount_granted": Decimal("40000"),
    }
    values.update(fields)
    return workflow.record_decision(application, user=user, **values)


# --- creation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opens_in, closes_in",
    [(-60, -1), (1, 60)],
    ids=["clos", "pas-encore-ouvert"],
)
def test_no_draft_outside_the_call_dates(opens_in, closes_in):
    now = timezone.now()
    call = open_viure_call()
    call.opens_at = now + timedelta(days=opens_in)
    call.closes_at = now + timedelta(days=closes_in)
    call.save()
    porteur = UserFactory()
    project = project_with_team(porteur)
    message = refusal(workflow.create_draft, call, project, porteur)
    assert message == "Cet appel n'est pas ouvert aux candidatures."
    assert not Application.objects.filter(call=call).exists()


def test_a_closed_dossier_still_counts_as_the_projects_dossier(animateur):
    application = submitted_application()
    workflow.set_outcome(
        application,
        outcome=Outcome.NOT_SELECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    message = refusal(
        workflow.create_draft, application.call, application.project, porteur_of(application)
    )
    assert message == "Ce projet a déjà un dossier pour cet appel."


# --- submission -------------------------------------------------------------------------


def test_a_submitted_dossier_is_not_submitted_twice():
    application = submitted_application()
    message = refusal(workflow.submit, application, porteur_of(application))
    assert message == "Ce dossier est déjà déposé."
    application.refresh_from_db()
    assert application.reference.endswith("-001")
    assert application.history.filter(kind=HistoryEntry.Kind.SUBMITTED).count() == 1


def test_a_withdrawn_draft_cannot_be_submitted():
    application = draft_application()
    porteur = porteur_of(application)
    workflow.withdraw(application, porteur)
    message = refusal(workflow.submit, application, porteur)
    assert message == "Ce dossier est déjà déposé."
    application.refresh_from_db()
    assert application.is_draft and application.number is None


def test_no_submission_before_the_call_opens():
    application = draft_application()
    call = application.call
    call.opens_at = timezone.now() + timedelta(days=1)
    call.save()
    message = refusal(workflow.submit, application, porteur_of(application))
    assert message == "L'appel n'est pas encore ouvert."
    application.refresh_from_db()
    assert application.is_draft


def test_a_late_submission_names_the_closing_date():
    application = draft_application()
    call = application.call
    call.opens_at = timezone.make_aware(datetime(2020, 1, 6, 9, 0))
    call.closes_at = timezone.make_aware(datetime(2020, 3, 15, 17, 30))
    call.save()
    message = refusal(workflow.submit, application, porteur_of(application))
    assert message == (
        "L'appel est clos depuis le 15/03/2020 à 17:30 : seule l'équipe de la CRESS peut "
        "accepter un dossier tardif."
    )


@pytest.mark.parametrize(
    "instant, accepted", [("opens_at", True), ("closes_at", False)], ids=["ouverture", "cloture"]
)
def test_submission_at_the_exact_opening_and_closing_instants(monkeypatch, instant, accepted):
    application = draft_application()
    moment = getattr(application.call, instant)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    if accepted:
        workflow.submit(application, porteur_of(application))
        application.refresh_from_db()
        assert application.submitted_at == moment
    else:
        assert "clos depuis le" in refusal(workflow.submit, application, porteur_of(application))
        application.refresh_from_db()
        assert application.is_draft


# --- moves ------------------------------------------------------------------------------


def test_the_team_does_not_move_its_own_dossier():
    application = submitted_application()
    message = refused_move(application, "entretien-prealable", porteur_of(application))
    assert message == NOT_STAFF
    application.refresh_from_db()
    assert application.stage.code == "depose"


def test_a_draft_is_not_moved(animateur):
    application = draft_application()
    message = refused_move(application, "depose", animateur)
    assert message == "Ce dossier n'est pas encore déposé."


def test_the_role_refusal_names_the_stage(instructeur):
    application = submitted_application()
    message = refused_move(application, "entretien-prealable", instructeur)
    assert message == "Votre rôle ne permet pas de faire sortir un dossier de l'étape « Déposé »."


def test_a_dossier_does_not_go_back(administrateur):
    application = put_at(submitted_application(), "pre-audition")
    message = refused_move(application, "entretien-prealable", administrateur)
    assert message == (
        "Depuis « Pré-audition (services de la Région) », le dossier ne peut aller qu'à "
        "l'étape suivante."
    )
    application.refresh_from_db()
    assert application.stage.code == "pre-audition"


def test_a_dossier_at_the_final_stage_is_closed(administrateur):
    application = put_at(submitted_application(), "suivi")
    message = refused_move(application, "suivi", administrateur)
    assert message == "Ce dossier est clos."


def test_no_next_stage_after_the_last_stage_of_a_pipeline(administrateur):
    # A call configured without a final stage: its last stage has nowhere to go.
    application = submitted_application()
    last = stage(application.call, "suivi")
    last.kind = CallStage.Kind.STEP
    last.save()
    put_at(application, "suivi")
    assert workflow.next_stage(application) is None
    message = refused_move(application, last, administrateur)
    assert message == "Depuis « Suivi », le dossier ne peut aller qu'à l'étape suivante."
    assert not application.history.filter(kind=HistoryEntry.Kind.TRANSITION).exists()


def test_a_stale_move_names_the_current_stage(animateur):
    application = submitted_application()
    seen = application.stage_id
    target = stage(application.call, "entretien-prealable")
    workflow.move(application, to_stage=target, user=animateur, expected_stage_id=seen)
    message = refusal(
        workflow.move, application, to_stage=target, user=animateur, expected_stage_id=str(seen)
    )
    assert message == STALE % "Entretien préalable (CRESS)"


def test_the_stage_seen_by_a_form_arrives_as_text(animateur):
    application = submitted_application()
    workflow.move(
        application,
        to_stage=stage(application.call, "entretien-prealable"),
        user=animateur,
        expected_stage_id=str(application.stage_id),
    )
    application.refresh_from_db()
    assert application.stage.code == "entretien-prealable"


# --- outcomes and withdrawal -------------------------------------------------------------


def test_staff_cannot_withdraw_in_the_applicants_place(animateur):
    application = submitted_application()
    message = refusal(
        workflow.set_outcome,
        application,
        outcome=Outcome.WITHDRAWN,
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    assert message == "Seul le candidat peut retirer son dossier."
    application.refresh_from_db()
    assert application.outcome == ""


def test_the_team_does_not_close_its_dossier_as_not_selected():
    application = submitted_application()
    message = refusal(
        workflow.set_outcome,
        application,
        outcome=Outcome.NOT_SELECTED,
        user=porteur_of(application),
        expected_stage_id=application.stage_id,
    )
    assert message == NOT_STAFF
    application.refresh_from_db()
    assert application.outcome == ""


def test_a_redirection_needs_a_scheme_or_a_detail(animateur):
    application = submitted_application()
    message = refusal(
        workflow.set_outcome,
        application,
        outcome=Outcome.REDIRECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    assert message == "Indiquez le dispositif vers lequel le dossier est réorienté."
    application.refresh_from_db()
    assert application.outcome == ""


def test_a_stale_outcome_is_refused(animateur):
    application = submitted_application()
    seen = application.stage_id
    workflow.move(
        application,
        to_stage=stage(application.call, "entretien-prealable"),
        user=animateur,
        expected_stage_id=seen,
    )
    message = refusal(
        workflow.set_outcome,
        application,
        outcome=Outcome.NOT_SELECTED,
        user=animateur,
        expected_stage_id=seen,
    )
    assert message == STALE % "Entretien préalable (CRESS)"
    application.refresh_from_db()
    assert application.outcome == ""


def test_an_outcome_on_a_closed_dossier_is_refused_and_names_the_outcome(animateur):
    application = submitted_application()
    seen = application.stage_id
    workflow.set_outcome(
        application, outcome=Outcome.NOT_SELECTED, user=animateur, expected_stage_id=seen
    )
    message = refusal(
        workflow.set_outcome,
        application,
        outcome=Outcome.REFUSED,
        user=animateur,
        expected_stage_id=seen,
    )
    assert message == "Ce dossier est clos."
    application.refresh_from_db()
    assert application.outcome == Outcome.NOT_SELECTED
    assert application.history.filter(kind=HistoryEntry.Kind.OUTCOME).count() == 1


def test_a_closed_dossier_is_not_withdrawn(animateur):
    application = submitted_application()
    workflow.set_outcome(
        application,
        outcome=Outcome.NOT_SELECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    message = refusal(workflow.withdraw, application, porteur_of(application))
    assert message == "Ce dossier est déjà clos."
    application.refresh_from_db()
    assert application.outcome == Outcome.NOT_SELECTED


# --- decisions --------------------------------------------------------------------------


def test_the_cress_does_not_record_the_regions_decision(animateur):
    application = submitted_application()
    message = refusal(grant, application, animateur)
    assert message == "Seuls les services instructeurs de la Région enregistrent une décision."
    assert not Decision.objects.filter(application=application).exists()


def test_no_decision_on_a_draft(instructeur):
    application = draft_application()
    message = refusal(grant, application, instructeur)
    assert message == "Ce dossier n'est pas encore déposé."
    assert not Decision.objects.filter(application=application).exists()


def test_no_decision_on_a_closed_dossier(animateur, instructeur):
    application = submitted_application()
    workflow.set_outcome(
        application,
        outcome=Outcome.NOT_SELECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    message = refusal(grant, application, instructeur)
    assert message == "Ce dossier est clos."
    assert not Decision.objects.filter(application=application).exists()


def test_one_decision_per_dossier(instructeur):
    application = put_at(submitted_application(), "commission-permanente")
    grant(application, instructeur)
    message = refusal(grant, application, instructeur, result=Decision.Result.REFUSED)
    assert message == "Une décision est déjà enregistrée pour ce dossier."
    application.refresh_from_db()
    assert application.outcome == ""
    assert Decision.objects.get(application=application).result == Decision.Result.GRANTED


def test_a_stale_decision_is_refused(instructeur, administrateur):
    application = satisfy_guards(put_at(submitted_application(), "selection"))
    seen = application.stage_id
    workflow.move(
        application,
        to_stage=stage(application.call, "commission-permanente"),
        user=administrateur,
        expected_stage_id=seen,
    )
    message = refusal(grant, application, instructeur, expected_stage_id=seen)
    assert message == STALE % "Délibération en commission permanente"
    assert not Decision.objects.filter(application=application).exists()
