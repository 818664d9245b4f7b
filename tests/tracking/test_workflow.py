"""The pipeline's core: submission numbers, transitions by configured role, stale clicks,
outcomes and the append-only history."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from labo.accounts import roles
from labo.notifications.models import Notification
from projects.tracking import workflow
from projects.tracking.models import (
    AppendOnlyError,
    Application,
    CallStage,
    HistoryEntry,
    Outcome,
    Visibility,
)
from tests.factories import UserFactory

from .factories import (
    draft_application,
    open_viure_call,
    project_with_team,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def stage(call, code):
    return CallStage.objects.get(call=call, code=code)


def test_submission_numbers_the_dossier_and_notifies_the_team():
    call = open_viure_call(year=2026)
    first = submitted_application(call)
    second = submitted_application(call)
    assert (first.reference, second.reference) == ("VIURE-2026-001", "VIURE-2026-002")
    assert first.stage.code == "depose"
    assert first.submitted_at is not None
    porteur = first.project.team.members.get()
    assert Notification.objects.filter(recipient=porteur, kind="tracking.submitted").exists()
    kinds = list(first.history.values_list("kind", flat=True))
    assert kinds == [HistoryEntry.Kind.CREATED, HistoryEntry.Kind.SUBMITTED]


def test_submission_after_closing_is_refused_unless_staff_accepts_it(animateur):
    call = open_viure_call()
    application = draft_application(call)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    porteur = application.project.team.members.get()
    with pytest.raises(workflow.TransitionRefused, match="clos"):
        workflow.submit(application, porteur)
    application.refresh_from_db()
    assert application.is_draft
    workflow.submit(application, animateur, accepted_late_by=animateur)
    application.refresh_from_db()
    assert application.late_accepted_by == animateur
    assert application.history.filter(kind=HistoryEntry.Kind.LATE_ACCEPTED).exists()


def test_only_the_configured_role_moves_a_dossier_out_of_a_stage(animateur, instructeur):
    application = submitted_application()
    call = application.call
    # « Déposé » is moved by the CRESS, not by the Region.
    with pytest.raises(workflow.TransitionRefused, match="rôle"):
        workflow.move(
            application,
            to_stage=stage(call, "entretien-prealable"),
            user=instructeur,
            expected_stage_id=application.stage_id,
        )
    workflow.move(
        application,
        to_stage=stage(call, "entretien-prealable"),
        user=animateur,
        expected_stage_id=application.stage_id,
    )
    application.refresh_from_db()
    assert application.stage.code == "entretien-prealable"
    assert application.stage_due_at is not None


def test_a_dossier_only_goes_to_the_next_stage(animateur):
    application = submitted_application()
    with pytest.raises(workflow.TransitionRefused, match="suivante"):
        workflow.move(
            application,
            to_stage=stage(application.call, "agora"),
            user=animateur,
            expected_stage_id=application.stage_id,
        )


def test_a_stale_click_is_refused_with_a_clear_message(animateur):
    application = submitted_application()
    seen_stage_id = application.stage_id
    target = stage(application.call, "entretien-prealable")
    workflow.move(application, to_stage=target, user=animateur, expected_stage_id=seen_stage_id)
    with pytest.raises(workflow.TransitionRefused, match="changé d'étape entre-temps"):
        workflow.move(application, to_stage=target, user=animateur, expected_stage_id=seen_stage_id)
    assert application.history.filter(kind=HistoryEntry.Kind.TRANSITION).count() == 1


def test_outcomes_close_the_dossier(animateur):
    application = submitted_application()
    with pytest.raises(workflow.TransitionRefused, match="dispositif"):
        workflow.set_outcome(
            application,
            outcome=Outcome.REDIRECTED,
            user=animateur,
            expected_stage_id=application.stage_id,
        )
    workflow.set_outcome(
        application,
        outcome=Outcome.NOT_SELECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Projet trop tôt",
    )
    application.refresh_from_db()
    assert application.is_closed
    with pytest.raises(workflow.TransitionRefused, match="clos"):
        workflow.move(
            application,
            to_stage=stage(application.call, "entretien-prealable"),
            user=animateur,
            expected_stage_id=application.stage_id,
        )


def test_the_applicant_withdraws_and_may_apply_again():
    application = submitted_application()
    porteur = application.project.team.members.get()
    workflow.withdraw(application, porteur, "Nous arrêtons")
    application.refresh_from_db()
    assert application.outcome == Outcome.WITHDRAWN
    again = workflow.create_draft(application.call, application.project, porteur)
    assert again.is_draft


def test_an_outsider_cannot_withdraw_a_dossier():
    application = submitted_application()
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.withdraw(application, UserFactory())
    assert refused.value.message == "Seule l'équipe du projet peut retirer ce dossier."
    application.refresh_from_db()
    assert application.outcome == ""


def test_an_outsider_cannot_create_a_dossier_for_a_project():
    # No dossier exists yet: only the permission rule can refuse.
    call = open_viure_call()
    project = project_with_team()
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.create_draft(call, project, UserFactory())
    assert refused.value.message == "Seule l'équipe du projet peut candidater pour ce projet."
    assert not Application.objects.filter(project=project).exists()


def test_the_team_cannot_open_a_second_dossier_for_the_same_call():
    application = submitted_application()
    porteur = application.project.team.members.get()
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.create_draft(application.call, application.project, porteur)
    assert refused.value.message == "Ce projet a déjà un dossier pour cet appel."
    assert Application.objects.filter(project=application.project).count() == 1


def test_history_is_append_only():
    application = submitted_application()
    entry = application.history.first()
    entry.comment = "réécrit"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(application=application).update(comment="x")
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(application=application).delete()
    assert application.history.count() == 2


def test_the_administrator_moves_from_any_stage(administrateur):
    application = submitted_application()
    workflow.move(
        application,
        to_stage=stage(application.call, "entretien-prealable"),
        user=administrateur,
        expected_stage_id=application.stage_id,
        comment="Rendez-vous pris",
        visibility=Visibility.SHARED,
    )
    assert Application.objects.get(pk=application.pk).stage.code == "entretien-prealable"
    assert Group.objects.get(name=roles.ADMINISTRATEUR) in administrateur.groups.all()
