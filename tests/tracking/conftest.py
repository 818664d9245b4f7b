import pytest


@pytest.fixture
def paragraphs(monkeypatch):
    """Every text handed to reportlab for a PDF (the committee's, the applicant's receipt),
    as it was handed (escaped markup)."""
    # Both layouts are drawn by the shared renderer.
    from labo.core import pdf

    seen = []
    original = pdf.Paragraph

    def recording(text, *args, **kwargs):
        seen.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(pdf, "Paragraph", recording)
    return seen
