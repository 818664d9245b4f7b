"""Private files: type read from the content, size limit, sanitised names, a download view
that checks permissions; and every applicant URL answers 404 to anyone else."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.tracking import workflow
from projects.tracking.files import check_upload, sanitise_filename
from projects.tracking.models import ApplicationDocument, DocumentRequest
from tests.factories import UserFactory
from tests.quality.test_uploads import docx, docx_bomb, odt, plain_zip, png_header, tiny_png

from ..factories import draft_application
from .helpers import EXE, PNG, complete, exe_disguised_as_pdf, pdf

pytestmark = pytest.mark.django_db


def test_an_executable_named_pdf_is_refused_and_the_other_files_are_kept(client):
    application = draft_application()
    client.force_login(application.project.team.members.get())
    statuts, note = application.call.required_documents.all()[:2]
    response = client.post(
        reverse("tracking_applicant:step", args=[application.pk, "pieces"]),
        {
            f"piece_{statuts.pk}": exe_disguised_as_pdf(),
            f"piece_{note.pk}": pdf("note.pdf"),
            "action": "next",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce fichier est refusé" in html
    assert "n&#x27;est pas celui d&#x27;un document reconnu" in html
    assert list(application.documents.values_list("required_document", flat=True)) == [note.pk]


def test_type_size_and_name_checks():
    application = draft_application()
    call = application.call
    with pytest.raises(ValidationError, match="Formats acceptés : PDF"):
        check_upload(SimpleUploadedFile("photo.pdf", PNG), call=call, formats="pdf")
    assert (
        check_upload(SimpleUploadedFile("plan", PNG), call=call, formats="pdf,png").name
        == "plan.png"
    )
    call.max_file_size_mb = 1
    big = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError, match="la limite est de 1 Mo"):
        check_upload(big, call=call, formats="pdf")
    with pytest.raises(ValidationError, match="vide"):
        check_upload(SimpleUploadedFile("vide.pdf", b""), call=call, formats="pdf")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("x.pdf", EXE), call=call, formats="pdf,docx")
    assert sanitise_filename('../../etc/État des lieux\r\n"final".PDF', "pdf") == (
        "Etat-des-lieux-final.pdf"
    )
    assert sanitise_filename("....", "pdf") == "document.pdf"


@pytest.mark.parametrize(
    ("name", "content", "formats", "message"),
    [
        ("photo.pdf", PNG, "pdf,png", "Ce fichier est refusé : son contenu est de type PNG"),
        ("statuts.docx", docx_bomb(), "pdf,docx", "fois son poids, la limite est de 100 fois"),
        ("note.docx", plain_zip(), "docx", "Ce fichier est refusé : son contenu est de type ZIP"),
        ("budget.ods", odt(), "ods,odt", "Ce fichier est refusé : son contenu est de type ODT"),
        ("plan.png", png_header(), "png", "Cette image compte trop de pixels"),
        ("plan.png", tiny_png() + plain_zip(), "png", "contient aussi une archive ZIP cachée"),
    ],
)
def test_pieces_go_through_the_one_upload_checker(name, content, formats, message):
    """The name must agree with the content (a PNG is not stored as « .pdf » any more), and
    archives and images meet the same bomb guards as every other upload."""
    call = draft_application().call
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content), call=call, formats=formats)
    assert message in refused.value.messages[0]


def test_an_office_piece_is_recorded_with_the_type_its_entries_show():
    call = draft_application().call
    checked = check_upload(SimpleUploadedFile("Statuts.docx", docx()), call=call, formats="docx")
    assert (checked.name, checked.extension) == ("Statuts.docx", "docx")
    assert checked.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_download_is_private_and_safe(client, animateur):
    application = complete(draft_application())
    porteur = application.project.team.members.get()
    document = application.documents.first()
    document.original_name = "Statuts signés.pdf"
    document.save()
    url = reverse("tracking_applicant:document", args=[document.token])
    assert not document.file.url if hasattr(document.file.storage, "base_url") and False else True

    # Visitors are sent to log in; other people get a 404.
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    # Staff do not see drafts' files.
    client.force_login(animateur)
    assert client.get(url).status_code == 404

    client.force_login(porteur)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Statuts" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    workflow.submit(application, porteur)
    client.force_login(animateur)
    assert client.get(url).status_code == 200


def test_staff_only_documents_are_hidden_from_the_team(client, animateur):
    application = complete(draft_application())
    porteur = application.project.team.members.get()
    workflow.submit(application, porteur)
    document = application.documents.first()
    ApplicationDocument.objects.filter(pk=document.pk).update(staff_only=True)
    client.force_login(porteur)
    url = reverse("tracking_applicant:document", args=[document.token])
    assert client.get(url).status_code == 404
    detail = client.get(reverse("tracking_applicant:detail", args=[application.pk]))
    assert url not in detail.content.decode()


def test_another_applicant_gets_404_on_every_view(client):
    application = complete(draft_application())
    document = application.documents.first()
    request = DocumentRequest.objects.create(
        application=application, label="Devis", due_date=timezone.localdate() + timedelta(days=3)
    )
    other = draft_application(application.call)
    client.force_login(other.project.team.members.get())
    pk = application.pk
    gets = [
        reverse("tracking_applicant:detail", args=[pk]),
        reverse("tracking_applicant:step", args=[pk, "structure"]),
        reverse("tracking_applicant:step", args=[pk, "depot"]),
        reverse("tracking_applicant:withdraw", args=[pk]),
        reverse("tracking_applicant:accept_late", args=[pk]),
        reverse("tracking_applicant:document", args=[document.token]),
    ]
    posts = [
        reverse("tracking_applicant:step", args=[pk, "operation"]),
        reverse("tracking_applicant:submit", args=[pk]),
        reverse("tracking_applicant:withdraw", args=[pk]),
        reverse("tracking_applicant:document_delete", args=[pk, document.token]),
        reverse("tracking_applicant:request_upload", args=[pk, request.pk]),
        reverse("tracking_applicant:accept_late", args=[pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"operation_title": "Piraté", "file": pdf()}).status_code == 404, (
            url
        )
    application.refresh_from_db()
    assert application.operation_title != "Piraté"
    assert application.is_draft and application.outcome == ""
    assert application.documents.count() == 3
    # Not even the other dossier's document through one's own dossier.
    url = reverse("tracking_applicant:document_delete", args=[other.pk, document.token])
    assert client.post(url).status_code == 404
    assert client.get(reverse("tracking_applicant:late_drafts")).status_code == 404


def test_a_draft_document_can_be_removed_by_its_team(client):
    application = complete(draft_application())
    client.force_login(application.project.team.members.get())
    document = application.documents.first()
    response = client.post(
        reverse("tracking_applicant:document_delete", args=[application.pk, document.token])
    )
    assert response.status_code == 302
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()
