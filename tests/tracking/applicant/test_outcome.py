"""The applicant sees the outcome: the status of the dossier page said with the same words as
the notifications, the decision as currently valid (never its internal conditions), what
comes next, the « notification de décision » PDF, no withdrawal once decided, and a history
of every change the team was told of."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from labo.core.formats import euros
from labo.notifications.models import Notification
from projects.tracking import workflow
from projects.tracking.models import CallStage, Decision, Meeting, Visibility
from projects.tracking.rules import withdraw as withdraw_rule
from tests.factories import UserFactory
from tests.tracking.guards import correct, grant
from tests.tracking.staff.factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db

INTERNAL = "Condition interne zq-condition"
JUSTIFICATION = "Justification interne zq-justification"
DELIBERATED = datetime.date(2025, 12, 12)


def page(client, application, user=None) -> str:
    client.force_login(user or porteur_of(application))
    response = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def part(content, start, end) -> str:
    begin = content.index(start)
    return content[begin : content.index(end, begin)]


def status_text(content) -> str:
    """The text of the page's status line, without its markup."""
    line = part(content, 'id="statut-dossier"', "</p>").split(">", 1)[1]
    return " ".join(re.sub(r"<[^>]*>", " ", line).split())


def latest_message(application) -> str:
    return Notification.objects.filter(recipient=porteur_of(application)).latest("pk").message


def decided(instructeur, **fields):
    """A dossier of this year's VIURE call, granted by the commission permanente."""
    application = dossier_at("commission-permanente")
    values = {
        "date": DELIBERATED,
        "deliberation_number": "CP/2025-12/11.07",
        "amount_granted": Decimal("45000"),
        "conditions": INTERNAL,
        "message_to_applicant": "Félicitations, la convention suit.",
    }
    values.update(fields)
    grant(application, instructeur, **values)
    application.refresh_from_db()
    return application


# --- one status, said the same way everywhere ----------------------------------------------


@pytest.mark.parametrize(
    "result, wording",
    [(Decision.Result.GRANTED, "Aide accordée"), (Decision.Result.REFUSED, "Aide refusée")],
)
def test_after_the_decision_the_page_says_what_the_team_was_told(
    client, instructeur, result, wording
):
    application = dossier_at("commission-permanente")
    before = status_text(page(client, application))
    assert wording not in before
    grant(application, instructeur, result=result, amount_granted=Decimal("45000"))
    application.refresh_from_db()
    shown = status_text(page(client, application))
    assert shown == application.status_for_applicant() == wording
    assert wording.lower() in latest_message(application)
    # The list of the team's dossiers reads the same rows in bulk: the same words.
    listing = html.unescape(client.get(reverse("tracking_applicant:list")).content.decode())
    assert f'<span class="stage-badge">{wording}</span>' in listing


def test_a_grant_keeps_the_stage_in_the_applicant_s_words(client, instructeur):
    application = decided(instructeur)
    content = page(client, application)
    assert "Étape en cours : Signature de la convention" in content
    workflow.move(
        application,
        to_stage=workflow.next_stage(application),
        user=instructeur,
        expected_stage_id=application.stage_id,
    )
    content = page(client, application)
    assert status_text(content) == "Aide accordée"
    assert "Étape en cours : Versement de l'aide" in content


def test_the_decision_stage_names_the_commission_permanente_of_the_dossier(client, instructeur):
    application = dossier_at("commission-permanente")
    assert status_text(page(client, application)) == "Délibération de la Région"
    for day in (5, 12):  # the last one planned is the one that examines the dossier
        Meeting.objects.create(
            application=application,
            kind=Meeting.Kind.STANDING_COMMITTEE,
            starts_at=timezone.make_aware(datetime.datetime(2025, 12, day, 9)),
            location="Hôtel de Région, Toulouse",
        )
    Meeting.objects.create(
        application=application,
        kind=Meeting.Kind.AGORA,
        starts_at=timezone.make_aware(datetime.datetime(2026, 1, 20, 9)),
        location="Hôtel de Région, Toulouse",
    )
    content = page(client, application)
    wording = "Présenté en commission permanente du 12 décembre 2025"
    assert status_text(content) == wording
    assert "Étape en cours : Délibération de la Région" in content
    listing = html.unescape(client.get(reverse("tracking_applicant:list")).content.decode())
    assert f'<span class="stage-badge">{wording}</span>' in listing


# --- the decision ----------------------------------------------------------------------------


def test_the_team_reads_the_decision_but_never_its_internal_conditions(client, instructeur):
    application = dossier_at("commission-permanente", amount_requested=Decimal("40000"))
    grant(
        application,
        instructeur,
        date=DELIBERATED,
        deliberation_number="CP/2025-12/11.07",
        amount_granted=Decimal("45000"),
        amount_justification=JUSTIFICATION,
        conditions=INTERNAL,
        message_to_applicant="Félicitations, la convention suit.",
    )
    content = page(client, application)
    block = part(content, 'id="decision"', "</section>")
    assert "Aide accordée" in block
    assert "Commission permanente" in block
    assert "n° CP/2025-12/11.07 du 12 décembre 2025" in block
    assert euros(Decimal("45000")) in block
    assert "Félicitations, la convention suit." in block
    assert "La convention vous sera adressée" in block
    assert "notification-de-decision.pdf" in block
    assert "zq-condition" not in content and "zq-justification" not in content
    # The staff read all of it, conditions included.
    staff_page = page(client, application, instructeur)
    assert "zq-condition" not in staff_page  # the applicant's page, as staff see it
    client.force_login(instructeur)
    staff = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert INTERNAL in staff


def test_what_comes_next_is_the_configured_message_of_the_stage_after_the_decision(
    client, instructeur
):
    application = dossier_at("commission-permanente")
    CallStage.objects.filter(call=application.call, code="convention").update(
        applicant_message="Envoyez le RIB de la structure au service."
    )
    grant(application, instructeur)
    block = part(page(client, application), 'id="decision"', "</section>")
    assert "Envoyez le RIB de la structure au service." in block
    assert "La convention vous sera adressée" not in block


def test_a_refusal_shows_no_amount_and_no_next_step(client, instructeur):
    application = dossier_at("commission-permanente")
    grant(
        application,
        instructeur,
        result=Decision.Result.REFUSED,
        amount_granted=None,
        message_to_applicant="Budget épuisé.",
    )
    block = part(page(client, application), 'id="decision"', "</section>")
    assert "Aide refusée" in block and "Budget épuisé." in block
    assert "Montant accordé" not in block and "Et maintenant" not in block


def test_a_corrected_decision_shows_the_values_in_force_and_when_it_was_corrected(
    client, instructeur
):
    application = decided(instructeur, amount_granted=Decimal("40000"))
    correct(
        application,
        instructeur,
        amount_granted=Decimal("38000"),
        conditions="Autre condition interne zq-condition-2",
    )
    content = page(client, application)
    block = part(content, 'id="decision"', "</section>")
    assert euros(Decimal("38000")) in block and euros(Decimal("40000")) not in block
    corrected = timezone.localtime().strftime("%Y")
    assert "Décision corrigée le" in block and corrected in block
    history = part(content, 'id="titre-historique"', "</section>")
    assert "Décision de la Région corrigée" in history
    assert "Motif : Erreur de saisie du montant." in history
    assert f"Montant accordé : {euros(Decimal('40000'))} → {euros(Decimal('38000'))}" in history
    assert "zq-condition" not in content


def test_no_decision_no_decision_block(client):
    application = dossier_at("commission-permanente")
    content = page(client, application)
    assert 'id="decision"' not in content
    assert "notification-de-decision.pdf" not in content


# --- the « notification de décision » --------------------------------------------------------


def pdf_url(application):
    return reverse("tracking_applicant:decision_pdf", args=[application.pk])


def test_the_notification_pdf_carries_the_decision_in_force(client, instructeur, paragraphs):
    application = decided(instructeur, amount_justification=JUSTIFICATION)
    client.force_login(porteur_of(application))
    response = client.get(pdf_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"notification-decision-{application.reference}.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    text = html.unescape("\n".join(paragraphs))
    assert "Notification de décision" in text and application.reference in text
    assert "Aide accordée" in text and euros(Decimal("45000")) in text
    assert "n° CP/2025-12/11.07 du 12 décembre 2025" in text
    assert "Félicitations, la convention suit." in text
    assert "La convention vous sera adressée" in text
    assert "recours" in text
    assert "zq-condition" not in text and "zq-justification" not in text
    assert "Décision corrigée" not in text
    # The same version gives the same document.
    assert client.get(pdf_url(application)).content == response.content


def test_the_notification_pdf_after_a_correction(client, instructeur, paragraphs):
    application = decided(instructeur)
    client.force_login(porteur_of(application))
    first = client.get(pdf_url(application)).content
    correct(
        application, instructeur, reason="Numéro erroné.", deliberation_number="CP/2025-12/11.09"
    )
    paragraphs.clear()
    second = client.get(pdf_url(application)).content
    assert second != first
    text = html.unescape("\n".join(paragraphs))
    assert "n° CP/2025-12/11.09" in text and "11.07" not in text
    assert "Décision corrigée le" in text


def test_the_notification_pdf_of_a_refusal(client, instructeur, paragraphs):
    application = dossier_at("commission-permanente")
    grant(application, instructeur, result=Decision.Result.REFUSED, amount_granted=None)
    client.force_login(porteur_of(application))
    assert client.get(pdf_url(application)).status_code == 200
    text = html.unescape("\n".join(paragraphs))
    assert "Aide refusée" in text
    assert "Montant accordé" not in text and "Et maintenant" not in text


def test_who_gets_the_notification_pdf(client, instructeur, animateur):
    application = decided(instructeur)
    assert client.get(pdf_url(application)).status_code == 302  # to the login page
    for stranger in (UserFactory(), porteur_of(dossier_at("depose"))):
        client.force_login(stranger)
        assert client.get(pdf_url(application)).status_code == 404
    for staff in (animateur, instructeur):
        client.force_login(staff)
        assert client.get(pdf_url(application)).status_code == 200
    assert client.post(pdf_url(application)).status_code == 405


def test_no_decision_no_notification_pdf(client, animateur):
    application = dossier_at("commission-permanente")
    for user in (porteur_of(application), animateur):
        client.force_login(user)
        assert client.get(pdf_url(application)).status_code == 404


def test_an_annulled_decision_has_no_notification_any_more(client, instructeur):
    application = decided(instructeur)
    workflow.annul_decision(
        application, user=instructeur, expected_version=1, reason="Délibération retirée."
    )
    client.force_login(porteur_of(application))
    assert client.get(pdf_url(application)).status_code == 404
    content = page(client, application)
    assert status_text(content) == "Délibération de la Région"
    assert 'id="decision"' not in content
    history = part(content, 'id="titre-historique"', "</section>")
    assert "Décision de la Région annulée – retour à l'étape « Délibération de la Région »" in (
        history
    )
    assert "Motif : Délibération retirée." in history
    assert "délibération n° CP/2025-12/11.07 du 12 décembre 2025" in history


# --- no withdrawal once decided --------------------------------------------------------------


def test_withdrawal_is_gone_once_the_region_has_decided(client, instructeur):
    application = dossier_at("commission-permanente")
    assert "Retirer mon dossier" in page(client, application)
    grant(application, instructeur)
    application.refresh_from_db()
    porteur = porteur_of(application)
    assert "Retirer mon dossier" not in page(client, application)
    refusal = withdraw_rule(porteur, application)
    assert not refusal and "La Région a délibéré sur ce dossier" in refusal.reason
    response = client.post(
        reverse("tracking_applicant:withdraw", args=[application.pk]), {"comment": ""}, follow=True
    )
    assert "La Région a délibéré sur ce dossier" in html.unescape(response.content.decode())
    with pytest.raises(workflow.TransitionRefused, match="La Région a délibéré"):
        workflow.withdraw(application, porteur)
    application.refresh_from_db()
    assert application.outcome == ""


def test_withdrawal_comes_back_when_the_decision_is_annulled(client, instructeur):
    application = decided(instructeur)
    workflow.annul_decision(
        application, user=instructeur, expected_version=1, reason="Délibération retirée."
    )
    assert "Retirer mon dossier" in page(client, application)


# --- the history the team was told of -------------------------------------------------------


def test_the_history_shows_every_change_the_team_was_told_of(client, instructeur, animateur):
    application = dossier_at("depose")
    workflow.move(
        application,
        to_stage=workflow.next_stage(application),
        user=animateur,
        expected_stage_id=application.stage_id,
        comment="Équipe fragile zq-interne",
        visibility=Visibility.INTERNAL,
    )
    application.refresh_from_db()
    workflow.revert(
        application,
        user=instructeur,
        expected_stage_id=application.stage_id,
        reason="Entretien à refaire avec toute l'équipe.",
    )
    history = part(page(client, application), 'id="titre-historique"', "</section>")
    assert "Dossier déposé" in history
    # Told by notification, so in the history, but without its internal comment.
    assert "Passage à l'étape « Entretien préalable avec la CRESS »" in history
    assert "zq-interne" not in history
    assert "Retour à l'étape « Dossier déposé »" in history
    assert "Motif : Entretien à refaire avec toute l'équipe." in history
    today = timezone.localdate()
    assert f'datetime="{today:%Y-%m-%d}' in history


def test_the_history_of_a_decision_and_its_correction(client, instructeur):
    application = decided(instructeur)
    correct(
        application,
        instructeur,
        reason="Seules les conditions changent.",
        conditions="Nouvelle condition zq-condition-3",
    )
    history = part(page(client, application), 'id="titre-historique"', "</section>")
    assert "Aide accordée par la Région – étape « Signature de la convention »" in history
    assert "Félicitations, la convention suit." in history
    assert "Motif : Seules les conditions changent." in history
    assert "zq-condition" not in history and "Conditions" not in history
