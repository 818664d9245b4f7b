"""The attestation de dépôt: what it attests (the deposit to the second, the answers, each
file deposited with its SHA-256, the CRPA mentions), that it never changes afterwards, that
it goes with the acknowledgement e-mail, and who may download it."""

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape

from labo.core.formats import euros
from projects.tracking import workflow
from projects.tracking.applicant import receipt, services
from projects.tracking.files import check_upload, store_document
from projects.tracking.models import Application, ApplicationDocument
from tests.factories import HOSTILE, UserFactory

from ..factories import draft_application, open_viure_call
from .helpers import PDF, complete, pdf

pytestmark = pytest.mark.django_db

# A winter deposit: Paris is UTC+1.
DEPOSIT = datetime(2025, 12, 8, 13, 3, 27, tzinfo=UTC)
SERVICE = {
    "instruction_service": "Région Occitanie – Direction de l'habitat",
    "service_address": "Hôtel de Région\n22 boulevard du Maréchal Juin\n31406 Toulouse Cedex 9",
    "contact_email": "habitat@example.org",
    "contact_phone": "05 36 49 00 00",
}
SHOWN_HOSTILE = escape(HOSTILE).replace("&quot;", '"')  # as reportlab receives it


def deposited(at=DEPOSIT, **call_fields):
    """A complete dossier of a call naming its service, submitted at ``at``, its files sent
    an hour before."""
    call = open_viure_call(**{**SERVICE, **call_fields})
    application = complete(draft_application(call))
    application = workflow.submit(application, application.project.team.members.get())
    Application.objects.filter(pk=application.pk).update(submitted_at=at)
    ApplicationDocument.objects.filter(application=application).update(
        uploaded_at=at - timedelta(hours=1)
    )
    return Application.objects.get(pk=application.pk)


def receipt_url(application):
    return reverse("tracking_applicant:receipt", args=[application.pk])


def test_the_receipt_attests_the_deposit_and_its_answers(paragraphs):
    application = deposited(instruction_months=6)
    content = receipt.receipt_pdf(application)
    assert content.startswith(b"%PDF")
    text = "\n".join(paragraphs)
    assert application.reference in text
    assert "8 décembre 2025 à 14:03:27" in text
    assert application.call.title in text
    assert escape(application.project.title).replace("&quot;", '"') in text
    assert f"Opération {SHOWN_HOSTILE}" in text
    assert f"Résumé {SHOWN_HOSTILE}" in text
    assert "Coopérative" in text  # the structure candidate
    assert euros(Decimal("50000")) in text  # amount requested, and two resource lines
    assert "Travaux" in text and euros(Decimal("100000")) in text
    assert "Vivant" in text and "Oui." in text
    for document in application.documents.all():
        assert document.original_name in text
        assert hashlib.sha256(PDF).hexdigest() in text
        assert f"{len(PDF)} octets" in text
    # The CRPA mentions: the service in charge, how to reach it, the expected decision.
    assert "L. 112-3 et R. 112-5" in text
    assert SERVICE["instruction_service"] in text
    assert "22 boulevard du Maréchal Juin<br/>31406 Toulouse Cedex 9" in text
    assert SERVICE["contact_email"] in text and SERVICE["contact_phone"] in text
    assert "une décision est attendue au plus tard le 8 juin 2026" in text
    assert "ne vaut pas décision d'acceptation" in text


def test_hostile_text_stays_text(paragraphs):
    """The applicant's text (the factories' <script>) and the staff's (the call's service)."""
    receipt.receipt_pdf(deposited(service_address=f"Adresse {HOSTILE}"))
    text = "\n".join(paragraphs)
    assert f"Adresse {SHOWN_HOSTILE}" in text
    assert f"Opération {SHOWN_HOSTILE}" in text
    assert "<script>" not in text


def test_without_an_instruction_deadline_the_receipt_says_so(paragraphs):
    receipt.receipt_pdf(deposited())
    text = "\n".join(paragraphs)
    assert "L'appel ne fixe pas de délai d'instruction." in text
    assert "au plus tard" not in text
    assert "silence" not in text


def test_the_deposit_time_is_paris_time_to_the_second(paragraphs):
    receipt.receipt_pdf(deposited(at=datetime(2025, 7, 14, 21, 59, 5, tzinfo=UTC)))
    assert "14 juillet 2025 à 23:59:05" in "\n".join(paragraphs)


def test_the_sha256_is_the_stored_file_s_read_in_chunks():
    application = deposited()
    document = application.documents.first()
    assert receipt.sha256(document) == hashlib.sha256(PDF).hexdigest()
    # Several chunks of Django's File.chunks() (64 KiB each), the last one partial.
    large = PDF + bytes(range(256)) * 1000
    document.file.save("grand.pdf", ContentFile(large), save=True)
    assert receipt.sha256(document) == hashlib.sha256(large).hexdigest()


def test_a_file_missing_from_the_storage_is_said_so(paragraphs):
    application = deposited()
    document = application.documents.first()
    document.file.storage.delete(document.file.name)
    assert receipt.sha256(document) is None
    receipt.receipt_pdf(application)
    assert "fichier introuvable" in "\n".join(paragraphs)


def test_the_receipt_stays_as_deposited(paragraphs):
    """Files sent later (for a staff request, or by the staff) are not listed, and the PDF
    comes out the same, byte for byte, dated at the deposit."""
    application = deposited()
    before = receipt.receipt_pdf(application)
    porteur = application.project.team.members.get()
    upload = pdf("complement-tardif.pdf")
    checked = check_upload(upload, call=application.call)
    store_document(application, upload, checked, user=porteur)
    upload = pdf("note-interne.pdf")
    store_document(application, upload, check_upload(upload, call=application.call),
                   user=porteur, staff_only=True)  # fmt: skip
    paragraphs.clear()
    after = receipt.receipt_pdf(Application.objects.get(pk=application.pk))
    assert after == before
    text = "\n".join(paragraphs)
    assert "complement-tardif" not in text and "note-interne" not in text
    assert b"D:20251208130327+00'00'" in after  # the PDF's creation date: the deposit


def test_the_acknowledgement_carries_the_receipt(client, django_capture_on_commit_callbacks):
    application = complete(draft_application(open_viure_call(**SERVICE)))
    porteur = application.project.team.members.get()
    with django_capture_on_commit_callbacks(execute=True):
        application = services.submit(application, porteur)
    (message,) = mail.outbox
    filename = f"attestation-depot-{application.reference}.pdf"
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == (filename, "application/pdf")
    assert content.startswith(b"%PDF")
    assert filename in message.body
    assert receipt_url(application) in message.body
    # The attachment is the receipt the dossier page offers.
    client.force_login(porteur)
    assert client.get(receipt_url(application)).content == content


def test_the_team_and_the_staff_download_it(client, animateur):
    application = deposited()
    porteur = application.project.team.members.get()
    client.force_login(porteur)
    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert receipt_url(application) in detail.content.decode()
    response = client.get(receipt_url(application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attestation-depot-{application.reference}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(animateur)
    staff_page = client.get(reverse("tracking_staff:detail", args=[application.pk]))
    assert receipt_url(application) in staff_page.content.decode()
    assert client.get(receipt_url(application)).status_code == 200


def test_others_get_a_404_and_visitors_the_login(client):
    application = deposited()
    client.force_login(UserFactory())
    assert client.get(receipt_url(application)).status_code == 404
    client.logout()
    response = client.get(receipt_url(application))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert receipt_url(application) in response.url


def test_a_draft_has_no_receipt(client):
    application = complete(draft_application())
    client.force_login(application.project.team.members.get())
    assert client.get(receipt_url(application)).status_code == 404
    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert receipt_url(application) not in detail.content.decode()
