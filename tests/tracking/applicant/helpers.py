"""Helpers of the applicant tests: files of every kind, a call with its public page, and a
draft filled in completely (budget balanced, criteria answered, mandatory documents)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from projects.tracking.applicant.site_setup import ensure_call_index
from projects.tracking.files import check_upload, store_document
from projects.tracking.models import BudgetLine, CallPage, CriterionAnswer

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
# One red pixel, whole: Pillow must be able to read every image that is accepted.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name="statuts.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def exe_disguised_as_pdf(name="statuts.pdf"):
    return SimpleUploadedFile(name, EXE, content_type="application/pdf")


def call_page(call):
    index = ensure_call_index()
    page = index.add_child(
        instance=CallPage(title=call.title, slug=f"appel-{call.pk}", call=call, summary="En bref")
    )
    page.save_revision().publish()
    return page


def complete(application, user=None):
    """Everything a call asks for, so the dossier may be submitted."""
    user = user or application.project.team.members.first()
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=application, side="depense", label="Travaux", amount=Decimal("100000")
            ),
            BudgetLine(
                application=application, side="ressource", label="Prêt", amount=Decimal("50000")
            ),
            BudgetLine(
                application=application, side="ressource", label="VIURE", amount=Decimal("50000")
            ),
        ]
    )
    for criterion in application.call.criteria.all():
        CriterionAnswer.objects.create(application=application, criterion=criterion, text="Oui.")
    for required in application.call.required_documents.filter(mandatory=True):
        upload = pdf()
        checked = check_upload(upload, call=application.call, formats=required.formats)
        store_document(application, upload, checked, user=user, required_document=required)
    if not application.departement:
        application.departement = "34"
        application.save()
    return application
