"""The grant process as the Region must be able to defend it: a dossier leaves a stage only
when the stage's configured conditions hold (each unmet one named in French), a decision is
recorded at the decision stage only, checked, and moves the dossier itself; corrections,
annulments and steps back keep what they replace in the history, with a reason.
Cost: small worlds, about 5 s on SQLite."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from labo.notifications.models import Notification
from projects.tracking import workflow
from projects.tracking.models import (
    Decision,
    DocumentRequest,
    HistoryEntry,
    Meeting,
    Outcome,
    Review,
)
from tests.tracking.guards import correct, grant, satisfy_guards
from tests.tracking.staff.factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db


def refusal(func, *args, **kwargs) -> workflow.TransitionRefused:
    with pytest.raises(workflow.TransitionRefused) as refused:
        func(*args, **kwargs)
    return refused.value


def move_on(application, user):
    return workflow.move(
        application,
        to_stage=workflow.next_stage(application),
        user=user,
        expected_stage_id=application.stage_id,
    )


# --- stage guards ---------------------------------------------------------------------------


def test_a_stage_asking_for_a_meeting_is_left_only_once_it_was_held(animateur):
    application = dossier_at("entretien-prealable")
    refused = refusal(move_on, application, animateur)
    assert refused.reasons == ["La réunion « Entretien préalable » ne s'est pas encore tenue."]
    assert "ne peut pas quitter l'étape « Entretien préalable (CRESS) »" in refused.message
    # Planned for tomorrow is not held.
    Meeting.objects.create(
        application=application, kind="entretien", location="CRESS",
        starts_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    assert refusal(move_on, application, animateur).reasons
    Meeting.objects.create(
        application=application, kind="entretien", location="CRESS",
        starts_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    moved = move_on(application, animateur)
    assert moved.stage.code == "pre-audition"


def test_every_unmet_condition_is_named(instructeur):
    application = dossier_at("pre-audition")
    DocumentRequest.objects.create(
        application=application, label="Plan de financement", due_date=timezone.localdate()
    )
    refused = refusal(move_on, application, instructeur)
    assert refused.reasons == [
        "1 pièce demandée au candidat n'est pas encore arrivée.",
        "La réunion « Pré-audition » ne s'est pas encore tenue.",
    ]
    assert HistoryEntry.objects.filter(
        application=application, kind=HistoryEntry.Kind.TRANSITION, from_stage__code="pre-audition"
    ).count() == 0  # fmt: skip
    satisfy_guards(application)
    assert move_on(application, instructeur).stage.code == "agora"


def test_the_selection_needs_a_submitted_review(instructeur):
    application = dossier_at("selection")
    Review.objects.create(application=application, reviewer=instructeur)  # assigned, not sent
    assert refusal(move_on, application, instructeur).reasons == [
        "Il faut 1 avis d'instruction soumis pour quitter cette étape (0 pour l'instant)."
    ]
    Review.objects.filter(application=application).update(submitted_at=timezone.now())
    assert move_on(application, instructeur).stage.code == "commission-permanente"


def test_the_decision_stage_is_left_by_the_decision_only(administrateur):
    application = dossier_at("commission-permanente")
    assert "par la décision de la Région" in refusal(move_on, application, administrateur).message


def test_the_staff_page_says_why_the_next_stage_is_not_offered(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    page = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Pour quitter l'étape « Entretien préalable (CRESS) » :" in page
    assert "La réunion « Entretien préalable » ne s&#x27;est pas encore tenue." in page
    assert "Passer à l&#x27;étape" not in page


# --- decisions ------------------------------------------------------------------------------


def test_a_decision_is_recorded_at_the_decision_stage_only(instructeur):
    application = dossier_at("depose")
    refused = refusal(grant, application, instructeur)
    assert refused.message == (
        "Une décision ne s'enregistre qu'à l'étape de décision (« Délibération en commission "
        "permanente ») ; ce dossier est à l'étape « Déposé »."
    )
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"date": timezone.localdate() + timedelta(days=1)}, "date",
         "La date de la délibération ne peut pas être dans le futur."),
        ({"amount_granted": Decimal("9999999")}, "amount_justification",
         "Le montant accordé (9\N{NO-BREAK SPACE}999\N{NO-BREAK SPACE}999,00"
         "\N{NO-BREAK SPACE}€) dépasse le montant sollicité"),
        ({"deliberation_number": "X"}, "deliberation_number",
         "Ce numéro ne suit pas la forme des délibérations de cet appel, par exemple "
         "CP/2026-12/04.12."),
    ],
)  # fmt: skip
def test_a_decision_is_checked_field_by_field(instructeur, fields, field, message):
    application = dossier_at("commission-permanente")
    call = application.call
    call.deliberation_number_pattern = r"CP/\d{4}-\d{2}/\d+\.\d+"
    call.deliberation_number_example = "CP/2026-12/04.12"
    call.save()
    application.refresh_from_db()
    errors = workflow.decision_errors(
        application,
        {"result": Decision.Result.GRANTED, "amount_granted": Decimal("1000"),
         "date": timezone.localdate(), "deliberation_number": "CP/2026-12/04.12", **fields},
    )  # fmt: skip
    assert list(errors) == [field]
    assert errors[field].startswith(message)
    assert refusal(grant, application, instructeur, **fields).message.startswith(message)
    assert not Decision.objects.exists()


def test_more_than_requested_is_accepted_with_a_justification(instructeur):
    application = dossier_at("commission-permanente")
    more = application.amount_requested + 1000
    decision = grant(application, instructeur, amount=more, amount_justification="Surcoût voté.")
    assert decision.amount_granted == more


def test_the_decision_form_shows_each_check_at_its_field_and_keeps_the_input(client, instructeur):
    application = dossier_at("commission-permanente")
    client.force_login(instructeur)
    response = client.post(
        reverse("tracking_staff:decision", args=[application.pk]),
        {
            "expected_stage_id": application.stage_id, "body": "cp", "result": "accorde",
            "date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "deliberation_number": "CP/2026-12/04.12", "amount_granted": "9999999",
            "conditions": "Texte gardé zq-17",
        },
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["decision_form"]
    assert set(form.errors) == {"date", "amount_justification"}
    page = response.content.decode()
    assert "Texte gardé zq-17" in page and 'value="9999999"' in page


def test_a_grant_moves_the_dossier_on_and_a_refusal_closes_it(instructeur):
    granted, refused = dossier_at("commission-permanente"), dossier_at("commission-permanente")
    grant(granted, instructeur)
    granted.refresh_from_db()
    assert granted.stage.code == "convention"
    grant(refused, instructeur, result=Decision.Result.REFUSED, amount_granted=None)
    refused.refresh_from_db()
    assert (refused.stage.code, refused.outcome) == ("commission-permanente", Outcome.REFUSED)


# --- corrections, annulments, steps back -------------------------------------------------------


def test_a_correction_keeps_the_previous_version_and_tells_the_team(instructeur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur, amount=Decimal("40000"))
    decision = correct(application, instructeur, amount_granted=Decimal("38000"))
    assert (decision.amount_granted, decision.version) == (Decimal("38000"), 2)
    entry = application.history.get(kind=HistoryEntry.Kind.DECISION_CORRECTED)
    assert entry.details["before"]["amount_granted"] == "40000.00"
    assert entry.details["after"]["amount_granted"] == "38000"
    assert (entry.actor, entry.comment) == (instructeur, "Erreur de saisie du montant.")
    message = Notification.objects.filter(recipient=porteur_of(application)).latest("pk").message
    assert "a été corrigée" in message and "Erreur de saisie du montant." in message


def test_a_correction_needs_a_reason_the_current_version_and_a_change(instructeur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    assert "motif" in refusal(correct, application, instructeur, reason=" ").message
    correct(application, instructeur, conditions="Permis de construire")
    stale = refusal(correct, application, instructeur, version=1, conditions="Autre")
    assert "modifiée par quelqu'un d'autre" in stale.message
    assert (
        "Rien n'a changé"
        in refusal(
            correct, application, instructeur, version=2, conditions="Permis de construire"
        ).message
    )
    assert "futur" in refusal(
        correct, application, instructeur, version=2,
        date=timezone.localdate() + timedelta(days=2),
    ).message  # fmt: skip
    assert Decision.objects.get(application=application).version == 2


def test_annulling_a_grant_brings_the_dossier_back_to_its_decision_stage(instructeur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    workflow.annul_decision(
        application, user=instructeur, expected_version=1, reason="Délibération retirée."
    )
    application.refresh_from_db()
    assert application.stage.code == "commission-permanente"
    assert not Decision.objects.filter(application=application).exists()
    entry = application.history.get(kind=HistoryEntry.Kind.DECISION_ANNULLED)
    assert entry.details["before"]["result"] == Decision.Result.GRANTED
    # And a new decision can be taken.
    grant(application, instructeur, result=Decision.Result.REFUSED, amount_granted=None)


def test_annulling_a_refusal_reopens_the_dossier(instructeur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur, result=Decision.Result.REFUSED, amount_granted=None)
    workflow.annul_decision(application, user=instructeur, expected_version=1, reason="Recours.")
    application.refresh_from_db()
    assert (application.outcome, application.stage.code) == ("", "commission-permanente")


def test_the_animateur_neither_corrects_nor_annuls(instructeur, animateur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    assert "Seuls les services instructeurs" in refusal(correct, application, animateur).message
    assert (
        "Seuls les services instructeurs"
        in refusal(
            workflow.annul_decision, application, user=animateur, expected_version=1, reason="x"
        ).message
    )


def revert(application, user, reason="Entretien à refaire."):
    return workflow.revert(
        application, user=user, expected_stage_id=application.stage_id, reason=reason
    )


def test_a_step_back_with_a_reason_is_in_the_history(instructeur):
    application = dossier_at("agora")
    moved = revert(application, instructeur)
    assert moved.stage.code == "pre-audition"
    entry = application.history.get(kind=HistoryEntry.Kind.REVERTED)
    assert (entry.from_stage.code, entry.to_stage.code, entry.comment) == (
        "agora", "pre-audition", "Entretien à refaire."
    )  # fmt: skip
    assert "motif" in refusal(revert, moved, instructeur, reason="").message


def test_steps_back_stop_at_the_deposit_and_at_a_decision(instructeur, animateur):
    assert "brouillon" in refusal(revert, dossier_at("depose"), instructeur).message
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    application.refresh_from_db()
    assert "corrigez ou annulez la décision" in refusal(revert, application, instructeur).message
    assert (
        "Seuls les services instructeurs" in refusal(revert, dossier_at("agora"), animateur).message
    )


def test_the_staff_page_offers_the_correction_the_annulment_and_the_step_back(client, instructeur):
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    client.force_login(instructeur)
    page = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Corriger la décision" in page and "Annuler la décision" in page
    response = client.post(
        reverse("tracking_staff:decision_correct", args=[application.pk]),
        {"expected_version": 1, "body": "cp", "date": datetime.date.today().isoformat(),
         "deliberation_number": "CP/2026-12/04.12", "amount_granted": "1000",
         "conditions": "", "message_to_applicant": "", "amount_justification": "",
         "reason": "Montant rectifié."},
        follow=True,
    )  # fmt: skip
    assert "Décision corrigée" in response.content.decode()
    assert Decision.objects.get(application=application).amount_granted == Decimal("1000")
