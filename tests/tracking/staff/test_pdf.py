"""The committee PDF: renders, carries the reference, escapes user text (reportlab's
Paragraph reads markup), leaves internal items out."""

import pytest
from django.urls import reverse

from projects.tracking.models import Meeting, Visibility
from projects.tracking.staff import pdf
from projects.tracking.staff.selectors import dossier

from .factories import dossier_at

pytestmark = pytest.mark.django_db


def test_the_pdf_renders_with_the_reference(client, animateur, paragraphs):
    application = dossier_at("pre-audition", operation_title="<b>Gras</b> & <font size=40>")
    application.comments.create(
        author=animateur, body="Note interne secrète", visibility=Visibility.INTERNAL
    )
    Meeting.objects.create(
        application=application, kind="entretien", starts_at=application.submitted_at,
        location="CRESS", minutes="Compte rendu confidentiel", outcome="Suite favorable",
    )  # fmt: skip
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:pdf", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The document's title (uncompressed metadata) names the dossier.
    assert application.reference.encode() in response.content
    text = "\n".join(paragraphs)
    assert application.reference in text
    assert "&lt;b&gt;Gras&lt;/b&gt; &amp; &lt;font size=40&gt;" in text
    assert "<b>Gras</b>" not in text
    assert "Suite favorable" in text
    assert "secrète" not in text and "confidentiel" not in text


def test_the_pdf_builds_from_the_selector(animateur):
    application = dossier_at("depose")
    content = pdf.dossier_pdf(dossier(application.pk), animateur)
    assert content.startswith(b"%PDF") and len(content) > 1000
