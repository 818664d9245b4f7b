"""PDF of a dossier for the committee, laid out in templates/tracking/staff/dossier_pdf.xml
and drawn by ``labo.core.pdf`` (reportlab, A4, French layout).

What it contains: what the applicant submitted (summary, answers, budget, list of documents),
the stage history *shared with the applicant*, the meetings' dates and conclusions, the
reviews' comparison (scores per criterion, averages, recommendations) and the decision.
What it leaves out: internal comments, internal history comments, meeting minutes and
staff-only documents. The committee (commission permanente) includes elected members and the
file travels by e-mail: it carries the instruction's assessment, not the staff's working
notes.
"""

from labo.core import pdf

from ..models import Visibility
from .selectors import dossier_summary


def dossier_pdf(application, reader) -> bytes:
    """The committee document as ``reader`` may see it: the reviews and the history go
    through the same rules as the dossier page (``dossier_summary``: blind reviews stay
    hidden from a reviewer who has not submitted)."""
    context = {**dossier_summary(application, reader), "shared": Visibility.SHARED}
    return pdf.render_template("tracking/staff/dossier_pdf.xml", context)
