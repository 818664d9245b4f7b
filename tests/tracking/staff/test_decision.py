"""The decision: who records it, the applicant-facing notification (never the internal
conditions), a refusal closing the dossier, the frozen snapshot."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from labo.notifications.models import Notification
from projects.tracking.models import Decision, HistoryEntry, Outcome

from .factories import dossier_at, immediate_emails, porteur_of

pytestmark = pytest.mark.django_db


def decide(client, application, **data):
    payload = {
        "expected_stage_id": application.stage_id,
        "body": "cp",
        "result": "accorde",
        "date": "2026-12-04",
        "deliberation_number": "CP/2026-12/04.12",
        "amount_granted": "45000",
        "conditions": "Condition interne : vérifier le permis",
        "message_to_applicant": "Félicitations, la convention suit.",
    }
    payload.update(data)
    return client.post(
        reverse("tracking_staff:decision", args=[application.pk]), payload, follow=True
    )


def test_a_granted_decision_notifies_the_applicant_with_their_message(
    client, instructeur, django_capture_on_commit_callbacks
):
    application = dossier_at("commission-permanente")
    immediate_emails(porteur_of(application))
    client.force_login(instructeur)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, application)
    assert any("Félicitations" in str(m.body) for m in mail.outbox)
    assert "Décision enregistrée" in response.content.decode()
    decision = Decision.objects.get(application=application)
    assert decision.amount_granted == Decimal("45000")
    assert decision.snapshot["amount_requested"] == "50000.00"
    notification = Notification.objects.filter(
        recipient=porteur_of(application), kind="tracking.decision"
    ).get()
    assert "Félicitations, la convention suit." in notification.message
    assert "04/12/2026" in notification.message
    assert "Condition interne" not in notification.message
    assert not any("Condition interne" in str(m.body) for m in mail.outbox)
    assert application.history.filter(kind=HistoryEntry.Kind.DECISION).exists()


def test_a_refusal_closes_the_dossier(client, instructeur):
    application = dossier_at("commission-permanente")
    client.force_login(instructeur)
    decide(client, application, result="refuse", amount_granted="", message_to_applicant="Désolés.")
    application.refresh_from_db()
    assert application.outcome == Outcome.REFUSED
    notification = Notification.objects.filter(recipient=porteur_of(application)).latest("pk")
    assert "refusé" in notification.message and "Désolés." in notification.message


def test_the_animateur_does_not_decide(client, animateur):
    application = dossier_at("commission-permanente")
    client.force_login(animateur)
    response = decide(client, application)
    assert "Seuls les services instructeurs" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_grant_needs_an_amount_and_only_one_decision(client, instructeur):
    application = dossier_at("commission-permanente")
    client.force_login(instructeur)
    response = decide(client, application, amount_granted="")
    assert "Indiquez le montant accordé" in response.content.decode()
    decide(client, application)
    application.refresh_from_db()  # « accordé » moved it on to the convention
    assert application.stage.code == "convention"
    response = decide(client, application, deliberation_number="CP/2026-12/04.13")
    assert "déjà enregistrée" in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_refused_decision_form_keeps_what_was_typed_at_its_fields(client, instructeur):
    application = dossier_at("commission-permanente")
    client.force_login(instructeur)
    response = decide(client, application, date="31/02/2026")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="CP/2026-12/04.12"' in page
    assert "Félicitations, la convention suit." in page
    assert "Saisissez une date valide" in page
    assert not Decision.objects.exists()


def test_a_refused_comment_is_shown_again_not_lost(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    url = reverse("tracking_staff:comment", args=[application.pk])
    response = client.post(url, {"body": "Relancer la mairie", "visibility": "nimporte"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Relancer la mairie" in page
    assert "Sélectionnez un choix valide" in page
