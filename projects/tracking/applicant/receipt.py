"""The « attestation de dépôt »: the PDF a team receives when its dossier is submitted
(attached to the acknowledgement e-mail, downloadable again from the dossier page), laid out
in templates/tracking/applicant/receipt_pdf.xml and drawn by ``labo.core.pdf``.

It attests what was deposited, and nothing that came after: the answers (frozen once the
dossier is submitted), the files uploaded up to ``submitted_at`` (not the ones sent later for
a staff request, nor the staff's own), each with the SHA-256 of its stored content, so that
a file can later be checked against the receipt; and the mentions the CRPA asks of an
acknowledgement of receipt (art. L112-3 and R112-5): the date of receipt, the service in
charge and how to reach it, the instruction deadline when the call announces one.

The hashes are computed from the stored files at each generation (no column keeps them):
the copy the team received by e-mail at the deposit is the reference that a stored file, or a
later copy of the receipt, can be checked against. The PDF is dated at the deposit and drawn
in reportlab's invariant mode, so it comes out the same each time; only a change of what it
quotes from elsewhere (the call's service, the project's title, the structure's name) would
show in it.
"""

import hashlib

from django.utils import timezone

from labo.core import pdf

from ..guarantees.finance import add_months
from ..models import BudgetLine


def sha256(document) -> str | None:
    """The SHA-256 of the stored file, read in chunks (files go up to the call's size
    limit); None when the file is missing from the storage."""
    digest = hashlib.sha256()
    try:
        with document.file.open("rb") as handle:
            for chunk in handle.chunks():
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def deposited_documents(application) -> list:
    """The files the team had sent when the dossier was submitted, in their upload order."""
    return list(
        application.documents.filter(
            staff_only=False, uploaded_at__lte=application.submitted_at
        ).select_related("required_document")
    )


def receipt_context(application) -> dict:
    """What the receipt shows; ``answers``, ``budget`` and its totals under the names the
    committee PDF gives them (templates/tracking/includes/dossier_answers_pdf.xml)."""
    call = application.call
    deposited_at = timezone.localtime(application.submitted_at)
    budget = list(application.budget_lines.all())
    expenses, resources = BudgetLine.Side.EXPENSE, BudgetLine.Side.RESOURCE
    return {
        "application": application,
        "call": call,
        "deposited_at": deposited_at,
        "decision_due": (
            add_months(deposited_at.date(), call.instruction_months)
            if call.instruction_months
            else None
        ),
        "answers": list(
            application.criterion_answers.select_related("criterion").order_by(
                "criterion__sort_order", "criterion__pk"
            )
        ),
        "budget": budget,
        "expense_total": sum((line.amount for line in budget if line.side == expenses), 0),
        "resource_total": sum((line.amount for line in budget if line.side == resources), 0),
        "documents": [
            {"document": document, "sha256": sha256(document)}
            for document in deposited_documents(application)
        ],
    }


def receipt_filename(application) -> str:
    return f"attestation-depot-{application.reference}.pdf"


def receipt_pdf(application) -> bytes:
    """The receipt of a submitted ``application``."""
    return pdf.render_template(
        "tracking/applicant/receipt_pdf.xml",
        receipt_context(application),
        dated=application.submitted_at,
    )
