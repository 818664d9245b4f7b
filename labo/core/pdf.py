"""PDFs laid out in a Django template: the template writes a small XML vocabulary, this module
turns it into reportlab flowables (A4, French layout, DejaVu Sans where installed).

Why this way: reportlab is already a dependency and draws without system libraries; an HTML to
PDF converter such as xhtml2pdf would bring about ten packages (lxml, svglib, pypdf…) and
resolves the URLs of ``img`` and ``link`` tags, a server-side request surface fed with text the
users typed. A template keeps the layout editable where layouts live, and escapes user text
by itself (autoescape).

The vocabulary (anything else is refused, so a typo fails loudly):

``<document title="…" author="…" lang="fr-FR">``
    The root; its attributes are the PDF's metadata.
``<footer>… <pagenum/> …</footer>``
    One line at the foot of every page; ``<pagenum/>`` stands for the page number.
``<h1>``, ``<h2>``, ``<h3>``, ``<p>``
    The title (16 pt), a section (12 pt), a sub-section (10 pt), body text (9 pt).
``<dl widths="45,135"><dt>…</dt><dd>…</dd>…</dl>``
    Label and value pairs, drawn as a two-column grid.
``<table widths="30,110,40"><tr><th>…</th>…</tr><tr><td>…</td>…</tr></table>``
    A grid; its first rows made only of ``th`` are the header, shaded and repeated on every
    page. A row taller than a page goes on over the next one.
``<spacer height="4"/>``, ``<pagebreak/>``
    Vertical space; a new page.

Widths and heights are in millimetres (without them, reportlab shares the width). Text
elements (``h1``–``h3``, ``p``, ``dt``, ``dd``, ``th``, ``td``) hold text and ``<br/>``; a
line break in their text is kept, the spaces at their ends are not: keep each on one line of
the template.

Hostile text stays text, twice over: the template escapes it, the parser below reads it
back (the standard library's expat, with any DTD refused, so no entity is ever declared nor
expanded), and every text is escaped again for the markup of reportlab's ``Paragraph``.
Characters XML cannot carry (control characters) become U+FFFD.
"""

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]
_FONTS: tuple[str, str] | None = None

MARGINS = {"leftMargin": 15 * mm, "rightMargin": 15 * mm, "topMargin": 15 * mm}
BOTTOM_MARGIN = 18 * mm
HEADER_BACKGROUND = colors.HexColor("#e8e4dc")

# Outside XML 1.0's characters (expat refuses them) or unpaired UTF-16 halves.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class LayoutError(ValueError):
    """The layout is not well-formed XML of this vocabulary, or declares a DTD."""


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


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = getSampleStyleSheet()
    cell = ParagraphStyle("c", parent=base["BodyText"], fontName=regular, fontSize=8, leading=10)
    return {
        "h1": ParagraphStyle("t", parent=base["Title"], fontName=bold, fontSize=16),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10),
        "p": ParagraphStyle(
            "b",
            parent=base["BodyText"],
            fontName=regular,
            fontSize=9,
            leading=12,
            alignment=TA_LEFT,
        ),
        "cell": cell,
    }


def parse(source: str) -> Element:
    """The element tree of ``source``; a document type declaration (and so any entity
    declaration) is refused before anything in it is read."""

    def refuse(*_args):
        raise LayoutError("Les déclarations DTD et d'entités sont refusées.")

    builder = TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(_NOT_XML.sub("\ufffd", source), True)
    except expat.ExpatError as error:
        raise LayoutError(str(error)) from error
    return builder.close()


def _text(element: Element) -> str:
    """The element's text as reportlab markup: every character escaped, line breaks kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "br":
            raise LayoutError(f"<{child.tag}> dans <{element.tag}> : seul <br/> y est admis.")
        parts += ["\n", child.tail or ""]
    return escape("".join(parts).strip()).replace("\n", "<br/>")


def _millimetres(element: Element, name: str) -> list[float] | None:
    value = element.get(name)
    if value is None:
        return None
    try:
        return [float(part) * mm for part in value.split(",")]
    except ValueError as error:
        message = f'{name}="{value}" : des millimètres séparés par des virgules.'
        raise LayoutError(message) from error


def _grid(element: Element, rows: list[list[Element]], styles, header: int) -> list[Flowable]:
    if not rows:
        return []
    data = [[Paragraph(_text(cell), styles["cell"]) for cell in row] for row in rows]
    # splitInRow: a cell taller than a page (minutes, comments of any length) goes on over the
    # next page instead of failing the whole PDF with a LayoutError.
    table = Table(data, colWidths=_millimetres(element, "widths"), repeatRows=header, splitInRow=1)
    commands = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, header - 1), HEADER_BACKGROUND))
    table.setStyle(TableStyle(commands))
    return [table]


def _children(element: Element, allowed: set[str]) -> list[Element]:
    for child in element:
        if child.tag not in allowed:
            raise LayoutError(f"<{child.tag}> dans <{element.tag}> : attendu {sorted(allowed)}.")
    return list(element)


def _table(element: Element, styles) -> list[Flowable]:
    rows = [_children(row, {"th", "td"}) for row in _children(element, {"tr"})]
    header = 0
    while header < len(rows) and rows[header] and all(c.tag == "th" for c in rows[header]):
        header += 1
    return _grid(element, rows, styles, header)


def _definitions(element: Element, styles) -> list[Flowable]:
    children = _children(element, {"dt", "dd"})
    if [child.tag for child in children] != ["dt", "dd"] * (len(children) // 2):
        raise LayoutError("<dl> : des paires <dt><dd>.")
    return _grid(element, [children[i : i + 2] for i in range(0, len(children), 2)], styles, 0)


def _spacer(element: Element, _styles) -> list[Flowable]:
    (height,) = _millimetres(element, "height") or [0]
    return [Spacer(1, height)]


def _paragraph(element: Element, styles) -> list[Flowable]:
    return [Paragraph(_text(element), styles[element.tag])]


BUILDERS: dict[str, Callable[[Element, dict], list[Flowable]]] = {
    "h1": _paragraph,
    "h2": _paragraph,
    "h3": _paragraph,
    "p": _paragraph,
    "dl": _definitions,
    "table": _table,
    "spacer": _spacer,
    "pagebreak": lambda _element, _styles: [PageBreak()],
}


def _footer(element: Element | None):
    """What draws the footer on each page (nothing without a ``<footer>``)."""
    parts: list[str | None] = []
    if element is not None:
        parts.append(element.text or "")
        for child in _children(element, {"pagenum"}):
            parts += [None, child.tail or ""]
    regular, _bold = fonts()

    def draw(canvas, doc):
        if not parts:
            return
        text = "".join(str(doc.page) if part is None else part for part in parts)
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.drawString(MARGINS["leftMargin"], 10 * mm, " ".join(text.split()))
        canvas.restoreState()

    return draw


def story(root: Element) -> tuple[list[Flowable], Element | None]:
    """The flowables of a parsed ``<document>``, and its footer element."""
    if root.tag != "document":
        raise LayoutError(f"<{root.tag}> : la mise en page commence par <document>.")
    styles = _styles()
    flowables, footer = [], None
    for element in root:
        if element.tag == "footer":
            footer = element
        elif element.tag in BUILDERS:
            flowables += BUILDERS[element.tag](element, styles)
        else:
            raise LayoutError(f"<{element.tag}> : élément inconnu.")
    return flowables, footer


def render(source: str, *, dated: datetime | None = None) -> bytes:
    """The PDF of the layout ``source`` (the vocabulary above). A document that attests a
    fact passes ``dated``, the moment of that fact: the PDF is then dated with it instead of
    the clock and drawn in reportlab's invariant mode (no random identifier), so the same
    layout gives the same bytes each time it is asked for."""
    root = parse(source)
    flowables, footer = story(root)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        bottomMargin=BOTTOM_MARGIN,
        title=root.get("title"),
        author=root.get("author"),
        lang=root.get("lang"),
        invariant=1 if dated else None,
        **MARGINS,
    )
    draw = _footer(footer)

    def first_page(canvas, doc):
        if dated is not None:
            stamp = dated.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
            canvas.setDateFormatter(lambda *_date: stamp)
        draw(canvas, doc)

    doc.build(flowables, onFirstPage=first_page, onLaterPages=draw)
    return buffer.getvalue()


def render_template(template_name: str, context: dict, *, dated: datetime | None = None) -> bytes:
    """The PDF laid out by the template ``template_name`` (autoescaped) with ``context``
    (``dated``: see ``render``)."""
    return render(render_to_string(template_name, context), dated=dated)
