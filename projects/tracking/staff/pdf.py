"""PDF of a dossier for the committee (reportlab, A4, French layout).

What it contains: what the applicant submitted (summary, answers, budget, list of documents),
the stage history *shared with the applicant*, the meetings' dates and conclusions, the
reviews' comparison (scores per criterion, averages, recommendations) and the decision.
What it leaves out: internal comments, internal history comments, meeting minutes and
staff-only documents. The committee (commission permanente) includes elected members and the
file travels by e-mail: it carries the instruction's assessment, not the staff's working
notes.

Every piece of user text goes through ``esc()``: reportlab's Paragraph interprets a markup
language, so unescaped text could inject tags (or break the layout).
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labo.core.formats import euros

from ..models import Visibility
from .services import comparison, visible_reviews

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
_FONTS: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """DejaVu Sans when installed (every French character and the euro sign), otherwise
    the built-in Helvetica."""
    global _FONTS
    if _FONTS is None:
        _FONTS = ("Helvetica", "Helvetica-Bold")
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for directory in FONT_DIRS:
            regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
                pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
                _FONTS = ("DejaVuSans", "DejaVuSans-Bold")
                break
    return _FONTS


def esc(value) -> str:
    text = escape(str(value if value is not None else ""))
    return text.replace("\n", "<br/>")


def _date(value, fmt="%d/%m/%Y") -> str:
    if value is None:
        return "—"
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None:
        value = timezone.localtime(value)
    return value.strftime(fmt)


def _styles():
    regular, bold = fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontName=bold, fontSize=16),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10),
        "body": ParagraphStyle(
            "b",
            parent=base["BodyText"],
            fontName=regular,
            fontSize=9,
            leading=12,
            alignment=TA_LEFT,
        ),
        "cell": ParagraphStyle(
            "c", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10
        ),
        "bold": bold,
        "regular": regular,
    }


def _table(rows, styles, widths=None, header=True):
    data = [[Paragraph(esc(cell), styles["cell"]) for cell in row] for row in rows]
    # splitInRow: a cell taller than a page (minutes, comments of any length) continues on
    # the next page instead of failing the whole PDF with a LayoutError.
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e4dc")))
    table.setStyle(TableStyle(commands))
    return table


def dossier_pdf(application, reader) -> bytes:
    """The committee document as ``reader`` may see it: the reviews go through the same
    rule as the dossier page (``visible_reviews``: blind reviews stay hidden from a reviewer
    who has not submitted)."""
    styles = _styles()
    buffer = io.BytesIO()
    reference = application.reference

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(styles["regular"], 7)
        canvas.drawString(
            15 * mm,
            10 * mm,
            _("Dossier %(reference)s – document pour la commission – page %(page)s")
            % {"reference": reference, "page": doc.page},
        )
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=_("Dossier %(reference)s") % {"reference": reference},
        author="CRESS Occitanie – Région Occitanie",
        lang="fr-FR",
    )
    p = lambda text, style="body": Paragraph(esc(text), styles[style])  # noqa: E731
    story = [
        p(_("Dossier %(reference)s") % {"reference": reference}, "title"),
        p(application.call.title, "h3"),
        Spacer(1, 4 * mm),
    ]
    organisation = application.organisation
    summary = [
        [_("Projet"), application.project.title],
        [_("Opération"), application.operation_title],
        [
            _("Structure candidate"),
            f"{organisation.name} ({organisation.get_legal_form_display()})"
            if organisation
            else "—",
        ],
        [_("Département"), application.get_departement_display() or "—"],
        [_("Logements"), application.dwellings or "—"],
        [_("Montant sollicité"), euros(application.amount_requested)],
        [_("Déposé le"), _date(application.submitted_at)],
        [_("Étape"), application.status_for_staff()],
    ]
    story += [_table(summary, styles, widths=[45 * mm, 135 * mm], header=False)]
    story += [p(_("Résumé de l'opération"), "h2"), p(application.operation_summary)]
    story += [p(_("Description de l'opération"), "h2"), p(application.operation_description)]

    story.append(p(_("Réponses aux critères"), "h2"))
    for answer in application.criterion_answers.all():
        story += [
            p(f"{answer.criterion.code} – {answer.criterion.name}", "h3"),
            p(answer.text or "—"),
        ]

    story.append(p(_("Budget et plan de financement"), "h2"))
    lines = list(application.budget_lines.all())
    budget_rows = [[_("Nature"), _("Poste"), _("Montant")]]
    budget_rows += [[line.get_side_display(), line.label, euros(line.amount)] for line in lines]
    for side, label in (
        (
            (lines[0].Side.EXPENSE, _("Total des dépenses")),
            (lines[0].Side.RESOURCE, _("Total des ressources")),
        )
        if lines
        else ()
    ):
        total = sum((line.amount for line in lines if line.side == side), 0)
        budget_rows.append(["", label, euros(total)])
    story.append(_table(budget_rows, styles, widths=[30 * mm, 110 * mm, 40 * mm]))

    story.append(p(_("Pièces déposées"), "h2"))
    documents = [d for d in application.documents.all() if not d.staff_only]
    doc_rows = [[_("Pièce"), _("Fichier"), _("Déposée le")]] + [
        [
            d.required_document.label if d.required_document else _("Pièce complémentaire"),
            d.original_name,
            _date(d.uploaded_at),
        ]
        for d in documents
    ]
    story.append(_table(doc_rows, styles, widths=[70 * mm, 80 * mm, 30 * mm]))

    meetings = list(application.meetings.all())
    if meetings:
        story.append(p(_("Réunions"), "h2"))
        rows = [[_("Réunion"), _("Date"), _("Conclusion")]]
        for meeting in meetings:
            conclusion = meeting.outcome
            if meeting.deliberation_number:
                conclusion += "\n" + _("Délibération n° %(number)s du %(date)s") % {
                    "number": meeting.deliberation_number,
                    "date": _date(meeting.deliberation_date),
                }
            rows.append(
                [meeting.get_kind_display(), _date(meeting.starts_at, "%d/%m/%Y %H:%M"), conclusion]
            )
        story.append(_table(rows, styles, widths=[45 * mm, 30 * mm, 105 * mm]))

    criteria = sorted(application.call.criteria.all(), key=lambda c: c.sort_order or 0)
    table = comparison(criteria, visible_reviews(application, reader)[1])
    if table["reviews"]:
        story.append(p(_("Avis d'instruction"), "h2"))
        header = [_("Critère"), _("Pondération")]
        header += [str(r.reviewer.display_name or r.reviewer.email) for r in table["reviews"]]
        header.append(_("Moyenne"))
        rows = [header]
        for row in table["rows"]:
            rows.append(
                [f"{row['criterion'].code} – {row['criterion'].name}", row["criterion"].weight]
                + [cell.score if cell else "—" for cell in row["cells"]]
                + [row["average"] if row["average"] is not None else "—"]
            )
        rows.append(
            [_("Moyenne pondérée"), ""]
            + [total if total is not None else "—" for total in table["totals"]]
            + [table["overall"] if table["overall"] is not None else "—"]
        )
        rows.append(
            [_("Recommandation"), ""]
            + [r.get_recommendation_display() for r in table["reviews"]]
            + [""]
        )
        story.append(_table(rows, styles))

    decision = getattr(application, "decision", None)
    if decision is not None:
        story.append(p(_("Décision"), "h2"))
        story.append(
            _table(
                [
                    [_("Décision"), decision.get_result_display()],
                    [_("Instance"), decision.get_body_display()],
                    [
                        _("Délibération"),
                        _("n° %(number)s du %(date)s")
                        % {"number": decision.deliberation_number, "date": _date(decision.date)},
                    ],
                    [_("Montant accordé"), euros(decision.amount_granted)],
                    [_("Conditions"), decision.conditions or "—"],
                ],
                styles,
                widths=[45 * mm, 135 * mm],
                header=False,
            )
        )

    story.append(p(_("Historique (éléments partagés avec le candidat)"), "h2"))
    rows = [[_("Date"), _("Événement"), _("Commentaire")]]
    for entry in application.history.all():
        if entry.visibility != Visibility.SHARED:
            rows.append([_date(entry.created_at, "%d/%m/%Y %H:%M"), _event(entry), ""])
            continue
        rows.append([_date(entry.created_at, "%d/%m/%Y %H:%M"), _event(entry), entry.comment])
    story.append(_table(rows, styles, widths=[30 * mm, 70 * mm, 80 * mm]))
    story.append(Spacer(1, 4 * mm))
    story.append(p(_("Édité le %(date)s.") % {"date": _date(timezone.now(), "%d/%m/%Y à %H:%M")}))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _event(entry) -> str:
    text = entry.get_kind_display()
    if entry.to_stage_id:
        text += f" : {entry.to_stage.staff_name}"
    if entry.outcome:
        text += f" : {entry.get_outcome_display()}"
    return text
