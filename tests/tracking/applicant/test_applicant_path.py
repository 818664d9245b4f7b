"""The applicant's whole path: the public call page, starting a dossier, the steps with
their autosave, submission with its acknowledgement, the dossier page, withdrawal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from labo.accounts.models import Membership
from projects.tracking.models import (
    Application,
    BudgetLine,
    Comment,
    CriterionAnswer,
    HistoryEntry,
    Outcome,
    Visibility,
)
from tests.factories import HOSTILE, OrganisationFactory, UserFactory

from ..factories import draft_application, open_viure_call, project_with_team
from .helpers import call_page, complete, pdf

pytestmark = pytest.mark.django_db


def step_url(application, slug):
    return reverse("tracking_applicant:step", args=[application.pk, slug])


def test_call_page_offers_to_apply_only_while_open(client, site):
    call = open_viure_call()
    page = call_page(call)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Candidater" in html
    assert reverse("tracking_applicant:start", args=[call.pk]) in html
    assert "Vivant" in html and "Statuts de la structure candidate" in html
    call.closes_at = timezone.now() - timedelta(days=1)
    call.save()
    html = client.get(page.url).content.decode()
    assert reverse("tracking_applicant:start", args=[call.pk]) not in html
    assert "sont closes" in html
    index = client.get("/appels/")
    assert index.status_code == 200
    assert escape(call.title) in index.content.decode()


def test_full_applicant_path(client, site, django_capture_on_commit_callbacks):
    call = open_viure_call(year=2026)
    user = UserFactory()
    project = project_with_team(user)
    organisation = OrganisationFactory()
    Membership.objects.create(user=user, organisation=organisation)
    client.force_login(user)

    response = client.get(reverse("tracking_applicant:start", args=[call.pk]))
    assert escape(project.title) in response.content.decode()
    response = client.post(
        reverse("tracking_applicant:start", args=[call.pk]), {"project": project.pk}
    )
    application = Application.objects.get(project=project, call=call)
    assert response.url == step_url(application, "structure")

    response = client.post(
        step_url(application, "structure"),
        {"organisation": organisation.pk, "departement": "34", "dwellings": "12", "action": "next"},
    )
    assert response.url == step_url(application, "operation")
    response = client.post(
        step_url(application, "operation"),
        {
            "operation_title": "Douze logements",
            "operation_summary": f"Résumé {HOSTILE}",
            "operation_description": "Description",
            "amount_requested": "50 000,00",
            "action": "next",
        },
    )
    assert response.url == step_url(application, "budget")
    response = client.post(
        step_url(application, "budget"),
        {
            "depense-label": ["Travaux", "Honoraires"],
            "depense-amount": ["90 000", "10000,00"],
            "ressource-label": ["Prêt", "VIURE"],
            "ressource-amount": ["50000", "50 000"],
            "action": "next",
        },
    )
    assert response.url == step_url(application, "criteres")
    answers = {f"critere_{c.pk}": f"Réponse {c.code}" for c in call.criteria.all()}
    response = client.post(step_url(application, "criteres"), {**answers, "action": "next"})
    assert response.url == step_url(application, "pieces")
    files = {
        f"piece_{required.pk}": pdf(f"{required.label}.pdf")
        for required in call.required_documents.filter(mandatory=True)
    }
    response = client.post(step_url(application, "pieces"), {**files, "action": "next"})
    assert response.url == step_url(application, "depot")

    response = client.get(step_url(application, "depot"))
    html = response.content.decode()
    assert "Votre dossier est complet" in html
    assert "Étape 6 sur 6" in html
    assert HOSTILE not in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracking_applicant:submit", args=[application.pk]))
    application.refresh_from_db()
    assert response.url == reverse("tracking_applicant:detail", args=[application.pk])
    assert application.reference == "VIURE-2026-001"
    assert application.stage.code == "depose"
    assert application.organisation == organisation
    assert application.amount_requested == 50000
    assert BudgetLine.objects.filter(application=application).count() == 4
    assert CriterionAnswer.objects.filter(application=application).count() == 5
    assert application.documents.count() == 3

    # The acknowledgement, in French, with the reference and the link to the dossier.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "VIURE-2026-001" in message.subject
    assert "Nous accusons réception" in message.body
    assert reverse("tracking_applicant:detail", args=[application.pk]) in message.body

    # Frozen: the steps send back to the dossier page and change nothing.
    response = client.post(
        step_url(application, "operation"), {"operation_title": "Autre", "action": "next"}
    )
    assert response.url == reverse("tracking_applicant:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.operation_title == "Douze logements"

    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    html = detail.content.decode()
    assert "Dossier VIURE-2026-001" in html
    assert "Dossier déposé" in html  # the applicant-facing stage name


def test_new_organisation_can_be_created_in_the_form(client):
    application = draft_application(organisation=None)
    user = application.project.team.members.get()
    client.force_login(user)
    response = client.post(
        step_url(application, "structure"),
        {
            "organisation": "",
            "new_name": "SCIC Les Communs",
            "new_legal_form": "scic",
            "new_departement": "31",
            "departement": "31",
            "action": "next",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.organisation.name == "SCIC Les Communs"
    assert Membership.objects.filter(user=user, organisation=application.organisation).exists()


def test_autosave_with_htmx_saves_the_draft(client):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    response = client.post(
        step_url(application, "operation") + "?autosave=1",
        {"operation_title": "Titre autosauvé", "operation_description": "En cours"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "enregistré" in response.content.decode()
    application.refresh_from_db()
    assert application.operation_title == "Titre autosauvé"


def test_bad_input_is_kept_with_a_french_message_and_valid_fields_are_saved(client):
    application = draft_application(operation_title="")
    client.force_login(application.project.team.members.get())
    response = client.post(
        step_url(application, "operation"),
        {
            "operation_title": "Un titre correct",
            "amount_requested": "-500",
            "operation_description": "Texte long et précieux",
            "action": "next",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le montant ne peut pas être négatif." in html
    assert 'value="-500"' in html
    application.refresh_from_db()
    assert application.operation_title == "Un titre correct"
    assert application.operation_description == "Texte long et précieux"
    # Coming back later shows what was typed, with its error, until corrected.
    html = client.get(step_url(application, "operation")).content.decode()
    assert 'value="-500"' in html and "ne peut pas être négatif" in html
    client.post(step_url(application, "operation"), {"amount_requested": "500", "action": "save"})
    application.refresh_from_db()
    assert application.pending_input == {}
    assert application.amount_requested == 500


def test_budget_rows_negative_amounts_and_rows_added_without_javascript(client):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    response = client.post(
        step_url(application, "budget"),
        {
            "depense-label": ["Travaux", "Terrain"],
            "depense-amount": ["1000", "-20"],
            "ressource-label": ["Prêt"],
            "ressource-amount": ["abc"],
            "action": "next",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le montant ne peut pas être négatif." in html
    assert "Saisissez un montant en euros" in html
    assert 'value="Terrain"' in html and 'value="abc"' in html
    assert list(application.budget_lines.values_list("label", "amount")) == [("Travaux", 1000)]
    # « Ajouter une dépense » posts the table and shows one more (empty) row.
    response = client.post(
        step_url(application, "budget"),
        {"depense-label": ["Travaux"], "depense-amount": ["1000"], "action": "add-depense"},
    )
    html = response.content.decode()
    assert html.count('name="depense-label"') == 2
    # Removing a row.
    response = client.post(
        step_url(application, "budget"),
        {
            "depense-label": ["Travaux", "Terrain"],
            "depense-amount": ["1000", "200"],
            "action": "remove-depense-1",
        },
    )
    assert list(application.budget_lines.values_list("label", flat=True)) == ["Travaux"]


def test_submission_is_refused_with_the_list_of_missing_items(client):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    BudgetLine.objects.create(application=application, side="depense", label="A", amount=100)
    BudgetLine.objects.create(application=application, side="ressource", label="B", amount=60)
    response = client.post(reverse("tracking_applicant:submit", args=[application.pk]), follow=True)
    html = response.content.decode()
    assert "ne peut pas encore être déposé" in html
    assert "Pièce obligatoire manquante : Statuts de la structure candidate." in html
    assert "Le budget n&#x27;est pas équilibré" in html or "budget n'est pas équilibré" in html
    assert "Vivant" in html and "n&#x27;a pas de réponse" in html
    application.refresh_from_db()
    assert application.is_draft and not application.reference
    assert mail.outbox == []


def test_after_closing_only_cress_accepts_a_late_dossier(
    client, animateur, instructeur, django_capture_on_commit_callbacks
):
    application = complete(draft_application())
    porteur = application.project.team.members.get()
    call = application.call
    call.closes_at = timezone.now() - timedelta(hours=1)
    call.save()
    client.force_login(porteur)
    response = client.post(reverse("tracking_applicant:submit", args=[application.pk]), follow=True)
    assert "seule l&#x27;équipe de la CRESS" in response.content.decode()
    application.refresh_from_db()
    assert application.is_draft

    url = reverse("tracking_applicant:accept_late", args=[application.pk])
    client.force_login(instructeur)
    assert client.post(url).status_code == 404
    client.force_login(animateur)
    listing = client.get(reverse("tracking_applicant:late_drafts"))
    assert url in listing.content.decode()
    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert "Accepter ce dossier hors délai" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reference and application.late_accepted_by == animateur
    assert application.history.filter(kind=HistoryEntry.Kind.LATE_ACCEPTED).exists()
    assert len(mail.outbox) == 1


def test_dossier_page_shows_shared_messages_only(client, animateur):
    application = complete(draft_application())
    porteur = application.project.team.members.get()
    from projects.tracking import workflow

    workflow.submit(application, porteur)
    Comment.objects.create(
        application=application,
        author=animateur,
        body="Message interne secret",
        visibility=Visibility.INTERNAL,
    )
    Comment.objects.create(
        application=application,
        author=animateur,
        body=f"Bonjour {HOSTILE}",
        visibility=Visibility.SHARED,
    )
    workflow.record(
        application,
        HistoryEntry.Kind.TRANSITION,
        animateur,
        comment="Note interne",
        visibility=Visibility.INTERNAL,
    )
    client.force_login(porteur)
    html = client.get(reverse("tracking_applicant:detail", args=[application.pk])).content.decode()
    assert "Bonjour" in html and HOSTILE not in html
    assert "Message interne secret" not in html
    assert "Note interne" not in html


def test_document_request_is_answered_from_the_dossier_page(client, animateur):
    from projects.tracking import workflow
    from projects.tracking.models import DocumentRequest

    application = complete(draft_application())
    porteur = application.project.team.members.get()
    workflow.submit(application, porteur)
    document_request = DocumentRequest.objects.create(
        application=application,
        requested_by=animateur,
        label="Devis des travaux",
        due_date=timezone.localdate() + timedelta(days=10),
    )
    client.force_login(porteur)
    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert "Devis des travaux" in detail.content.decode()
    url = reverse("tracking_applicant:request_upload", args=[application.pk, document_request.pk])
    response = client.post(url, {"file": pdf("devis final.pdf")})
    assert response.status_code == 302
    document_request.refresh_from_db()
    assert document_request.fulfilled_at is not None
    assert application.documents.filter(
        request=document_request, original_name="devis-final.pdf"
    ).exists()
    entry = application.history.filter(kind=HistoryEntry.Kind.DOCUMENT_ADDED).get()
    assert entry.visibility == Visibility.SHARED
    # Without an open request, the frozen dossier takes no more files.
    response = client.post(url, {"file": pdf()}, follow=True)
    assert "quand l&#x27;équipe vous la demande" in response.content.decode()


def test_withdraw_asks_for_confirmation(client):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    url = reverse("tracking_applicant:withdraw", args=[application.pk])
    response = client.get(url)
    assert "Oui, retirer mon dossier" in response.content.decode()
    application.refresh_from_db()
    assert application.outcome == ""
    response = client.post(url, {"comment": "Projet reporté"})
    application.refresh_from_db()
    assert application.outcome == Outcome.WITHDRAWN
    assert application.history.filter(kind=HistoryEntry.Kind.OUTCOME).exists()


def test_dashboard_section_lists_my_dossiers(client, site):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes dossiers" in html
    assert reverse("tracking_applicant:detail", args=[application.pk]) in html
