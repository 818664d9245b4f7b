import pytest


@pytest.fixture
def paragraphs(monkeypatch):
    """Every text handed to reportlab for the committee PDF, as it was handed (escaped
    markup)."""
    # The committee PDF's layout is drawn by the shared renderer.
    from labo.core import pdf

    seen = []
    original = pdf.Paragraph

    def recording(text, *args, **kwargs):
        seen.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(pdf, "Paragraph", recording)
    return seen
