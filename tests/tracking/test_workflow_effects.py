"""What each accepted transition leaves behind: the dossier's dates and fields, the history
row the applicant and staff read, and the notification the applicant team receives (and what
it must never contain: an internal comment)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from projects.tracking import presets, workflow
from projects.tracking.models import (
    Application,
    CallStage,
    Decision,
    HistoryEntry,
    Outcome,
    Visibility,
)
from tests.factories import UserFactory
from tests.projects.factories import ProjectPageFactory

from .factories import draft_application, open_viure_call, submitted_application

pytestmark = pytest.mark.django_db

# A URL configuration without the applicant pages, for the notification link's fallback.
urlpatterns = [path("notifications/", include("labo.notifications.urls"))]


def stage(call, code):
    return CallStage.objects.get(call=call, code=code)


def porteur_of(application):
    return application.project.team.members.get()


def messages_of(user, kind=None):
    notifications = user.notifications.order_by("pk")
    if kind:
        notifications = notifications.filter(kind=kind)
    return list(notifications.values_list("message", flat=True))


def last_entry(application):
    return application.history.order_by("pk").last()


def put_at(application, code):
    Application.objects.filter(pk=application.pk).update(stage=stage(application.call, code))
    application.refresh_from_db()
    return application


# --- creation ---------------------------------------------------------------------------


def test_a_draft_records_its_author_its_departement_and_a_shared_history_row():
    call = open_viure_call()
    # Even a draft stage configured with a delay is never « en retard ».
    CallStage.objects.filter(call=call, code="brouillon").update(due_days=10)
    porteur = UserFactory()
    project = ProjectPageFactory(team=[porteur])
    application = workflow.create_draft(call, project, porteur)
    application.refresh_from_db()
    assert application.stage.code == "brouillon"
    assert application.created_by == porteur
    assert application.departement == "34"
    assert application.stage_due_at is None
    entry = application.history.get()
    assert (entry.kind, entry.actor, entry.visibility) == (
        HistoryEntry.Kind.CREATED,
        porteur,
        Visibility.SHARED,
    )


# --- submission -------------------------------------------------------------------------


def test_submission_dates_the_dossier_and_tells_the_team_where_to_read_it():
    application = submitted_application(open_viure_call(year=2026))
    porteur = porteur_of(application)
    application.refresh_from_db()
    assert application.stage_entered_at == application.submitted_at
    assert application.stage_due_at == application.submitted_at + timedelta(days=21)
    assert application.late_accepted_by is None
    entry = last_entry(application)
    assert (entry.kind, entry.actor, entry.visibility) == (
        HistoryEntry.Kind.SUBMITTED,
        porteur,
        Visibility.SHARED,
    )
    assert (entry.from_stage.code, entry.to_stage.code) == ("brouillon", "depose")
    notification = porteur.notifications.get()
    assert notification.kind == "tracking.submitted"
    assert notification.message == (
        "Votre dossier VIURE-2026-001 est déposé. Nous en accusons réception."
    )
    assert notification.link == reverse("tracking_applicant:detail", args=[application.pk])


def test_numbers_restart_with_each_call():
    submitted_application(open_viure_call(year=2026))
    other = submitted_application(open_viure_call(year=2025))
    assert (other.number, other.reference) == (1, "VIURE-2025-001")


def test_a_late_acceptance_names_who_accepted_it(animateur):
    application = draft_application()
    call = application.call
    call.closes_at = timezone.now() - timedelta(hours=1)
    call.save()
    workflow.submit(application, animateur, accepted_late_by=animateur)
    late = application.history.get(kind=HistoryEntry.Kind.LATE_ACCEPTED)
    assert late.actor == animateur


def test_an_inactive_team_member_is_not_notified():
    active, gone = UserFactory(), UserFactory()
    application = draft_application(project=ProjectPageFactory(team=[active, gone]), user=active)
    gone.is_active = False
    gone.save()
    workflow.submit(application, active)
    assert messages_of(active, "tracking.submitted")
    assert not messages_of(gone)


def test_the_link_falls_back_to_the_notifications_without_applicant_pages(settings):
    application = draft_application()
    settings.ROOT_URLCONF = __name__
    assert workflow.applicant_link(application) == "/notifications/"


# --- moves ------------------------------------------------------------------------------


def test_a_move_sets_the_stage_delay_and_an_internal_history_row(animateur):
    application = submitted_application()
    porteur = porteur_of(application)
    moved = workflow.move(
        application,
        to_stage=stage(application.call, "entretien-prealable"),
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Dossier complet, RDV à caler",
    )
    assert (moved.pk, moved.stage.code) == (application.pk, "entretien-prealable")
    application.refresh_from_db()
    assert application.stage.code == "entretien-prealable"
    assert application.stage_due_at == application.stage_entered_at + timedelta(days=45)
    entry = last_entry(application)
    assert (entry.kind, entry.actor, entry.visibility, entry.comment) == (
        HistoryEntry.Kind.TRANSITION,
        animateur,
        Visibility.INTERNAL,
        "Dossier complet, RDV à caler",
    )
    assert (entry.from_stage.code, entry.to_stage.code) == ("depose", "entretien-prealable")
    # The internal comment stays with the staff.
    assert messages_of(porteur, "tracking.stage") == [
        f"Votre dossier {application.reference} est à l'étape « Entretien préalable avec la "
        "CRESS »."
    ]


def test_a_shared_comment_reaches_the_team(animateur):
    application = submitted_application()
    workflow.move(
        application,
        to_stage=stage(application.call, "entretien-prealable"),
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Nous vous appelons cette semaine.",
        visibility=Visibility.SHARED,
    )
    assert last_entry(application).visibility == Visibility.SHARED
    assert messages_of(porteur_of(application), "tracking.stage") == [
        f"Votre dossier {application.reference} est à l'étape « Entretien préalable avec la "
        "CRESS ». Nous vous appelons cette semaine."
    ]


def test_a_stage_without_delay_has_no_due_date(administrateur):
    application = put_at(submitted_application(), "convention")
    workflow.move(
        application,
        to_stage=stage(application.call, "versement"),
        user=administrateur,
        expected_stage_id=application.stage_id,
    )
    application.refresh_from_db()
    assert application.stage.code == "versement"
    assert application.stage_due_at is None


def test_next_stage():
    application = submitted_application()
    assert workflow.next_stage(application).code == "entretien-prealable"
    put_at(application, "versement")
    assert workflow.next_stage(application).code == "suivi"
    put_at(application, "suivi")
    assert workflow.next_stage(application) is None
    # A stage that is not in the call's pipeline has no next stage either.
    application.stage = stage(open_viure_call(year=2024), "depose")
    assert workflow.next_stage(application) is None


# --- outcomes and withdrawal -------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome, wording",
    # The dossier page's words (``status_for_applicant``): a refusal is the aid's.
    [(Outcome.NOT_SELECTED, "non retenu"), (Outcome.REFUSED, "aide refusée")],
)
def test_an_outcome_closes_the_dossier_and_tells_the_team(animateur, outcome, wording):
    application = submitted_application()
    closed = workflow.set_outcome(
        application,
        outcome=outcome,
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Le projet est encore trop tôt.",
    )
    assert (closed.pk, closed.outcome, closed.is_closed) == (application.pk, outcome, True)
    application.refresh_from_db()
    assert application.outcome == outcome
    assert application.outcome_at is not None
    assert application.stage_due_at is None
    entry = last_entry(application)
    assert (entry.kind, entry.actor, entry.outcome, entry.visibility) == (
        HistoryEntry.Kind.OUTCOME,
        animateur,
        outcome,
        Visibility.SHARED,
    )
    assert (entry.from_stage.code, entry.comment) == ("depose", "Le projet est encore trop tôt.")
    assert messages_of(porteur_of(application), "tracking.outcome") == [
        f"Votre dossier {application.reference} : {wording}. Le projet est encore trop tôt."
    ]


@pytest.mark.parametrize(
    "outcome, extra, wording",
    [
        (Outcome.NOT_SELECTED, {}, "non retenu"),
        (Outcome.REFUSED, {}, "aide refusée"),
        (Outcome.REDIRECTED, {"redirected_to_detail": "ADIL 34"}, "réorienté"),
    ],
)
def test_an_internal_comment_on_an_outcome_stays_with_the_staff(animateur, outcome, extra, wording):
    application = submitted_application()
    workflow.set_outcome(
        application,
        outcome=outcome,
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Porteur peu fiable selon la commune.",
        visibility=Visibility.INTERNAL,
        **extra,
    )
    entry = last_entry(application)
    assert (entry.visibility, entry.comment) == (
        Visibility.INTERNAL,
        "Porteur peu fiable selon la commune.",
    )
    assert messages_of(porteur_of(application)) == [
        f"Votre dossier {application.reference} est déposé. Nous en accusons réception.",
        f"Votre dossier {application.reference} : {wording}.",
    ]


def test_a_redirection_to_a_scheme_is_recorded(animateur):
    application = submitted_application()
    guarantee = presets.guarantee_scheme()
    workflow.set_outcome(
        application,
        outcome=Outcome.REDIRECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
        redirected_to=guarantee,
    )
    application.refresh_from_db()
    assert (application.outcome, application.redirected_to) == (Outcome.REDIRECTED, guarantee)


def test_a_redirection_to_another_body_is_recorded(animateur):
    application = submitted_application()
    workflow.set_outcome(
        application,
        outcome=Outcome.REDIRECTED,
        user=animateur,
        expected_stage_id=application.stage_id,
        redirected_to_detail="Fondation Abbé Pierre",
    )
    application.refresh_from_db()
    assert application.outcome == Outcome.REDIRECTED
    assert application.redirected_to_detail == "Fondation Abbé Pierre"


def test_a_withdrawn_draft_is_named_by_its_operation():
    application = draft_application(operation_title="Les Tilleuls")
    porteur = porteur_of(application)
    withdrawn = workflow.withdraw(application, porteur, "Nous arrêtons.")
    assert (withdrawn.pk, withdrawn.outcome) == (application.pk, Outcome.WITHDRAWN)
    entry = last_entry(application)
    assert (entry.kind, entry.outcome, entry.visibility, entry.comment) == (
        HistoryEntry.Kind.OUTCOME,
        Outcome.WITHDRAWN,
        Visibility.SHARED,
        "Nous arrêtons.",
    )
    assert messages_of(porteur) == ["Votre dossier Les Tilleuls : abandon. Nous arrêtons."]


def test_a_withdrawn_untitled_draft_is_named_by_its_project():
    application = draft_application(operation_title="")
    porteur = porteur_of(application)
    workflow.withdraw(application, porteur)
    assert messages_of(porteur) == [f"Votre dossier {application.project} : abandon."]


# --- decisions --------------------------------------------------------------------------


def decide(application, user, **fields):
    values = {
        "body": Decision.Body.STANDING_COMMITTEE,
        "result": Decision.Result.GRANTED,
        "date": date(2026, 6, 15),
        "deliberation_number": "CP/2026/42",
        "amount_granted": Decimal("40000"),
    }
    values.update(fields)
    return workflow.record_decision(
        application, user=user, expected_stage_id=application.stage_id, **values
    )


def test_a_grant_moves_the_dossier_on_in_one_history_line_and_tells_the_team(instructeur):
    application = put_at(submitted_application(), "commission-permanente")
    lines = application.history.count()
    decision = decide(application, instructeur, conditions="Réserve : permis de construire.")
    application.refresh_from_db()
    assert (application.stage.code, application.outcome) == ("convention", "")
    assert application.history.count() == lines + 1
    assert (decision.decided_by, decision.snapshot) == (instructeur, {})
    entry = last_entry(application)
    assert (entry.kind, entry.actor, entry.visibility, entry.comment) == (
        HistoryEntry.Kind.DECISION,
        instructeur,
        Visibility.SHARED,
        "",
    )
    assert (entry.from_stage.code, entry.to_stage.code) == ("commission-permanente", "convention")
    assert messages_of(porteur_of(application), "tracking.decision") == [
        f"Votre dossier {application.reference} : aide accordée par la Région "
        "(commission permanente du 15/06/2026)."
    ]


def test_a_grant_carries_the_message_to_the_applicant(instructeur):
    application = put_at(submitted_application(), "commission-permanente")
    decide(
        application,
        instructeur,
        body=Decision.Body.PLENARY,
        message_to_applicant="  Félicitations !  ",
        snapshot={"ratio": "0.42"},
    )
    assert Decision.objects.get(application=application).snapshot == {"ratio": "0.42"}
    assert last_entry(application).comment == "Félicitations !"
    assert messages_of(porteur_of(application), "tracking.decision") == [
        f"Votre dossier {application.reference} : aide accordée par la Région "
        "(assemblée plénière du 15/06/2026). Félicitations !"
    ]


def test_a_refusal_closes_the_dossier(instructeur):
    application = put_at(submitted_application(), "commission-permanente")
    decide(
        application,
        instructeur,
        result=Decision.Result.REFUSED,
        message_to_applicant=" Budget insuffisant. ",
        conditions="Avis défavorable du service.",
    )
    application.refresh_from_db()
    assert application.outcome == Outcome.REFUSED
    entry = last_entry(application)
    assert (entry.kind, entry.outcome, entry.visibility, entry.comment) == (
        HistoryEntry.Kind.OUTCOME,
        Outcome.REFUSED,
        Visibility.SHARED,
        "Budget insuffisant.",
    )
    assert not application.history.filter(kind=HistoryEntry.Kind.DECISION).exists()
    assert messages_of(porteur_of(application))[1:] == [
        f"Votre dossier {application.reference} : aide refusée. Budget insuffisant."
    ]
