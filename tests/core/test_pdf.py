"""labo.core.pdf: each element of the layout vocabulary, hostile text kept as text from the
template to reportlab, DTDs and entities refused, long tables going on over pages."""

import re
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table

from labo.core import pdf

HOSTILE = [
    '<b>gras</b> & <font size="40" color="red">énorme</font>',
    "<para><a href=\"javascript:alert(1)\">lien</a></para> <img src='http://127.0.0.1/x'/>",
    ']]> <!DOCTYPE x [<!ENTITY a "b">]> &a; &amp; &#60;script&#62; &nbsp;',
    "<br/> <pagenum/> </td></tr></table><pagebreak/>",
    "{{ secret }} {% debug %} %(page)s",
]


def render_layout(body: str, **context) -> str:
    """``body`` inside a document, through a Django template as a layout is written."""
    source = "{% autoescape on %}<document>" + body + "</document>{% endautoescape %}"
    return Template(source).render(Context(context))


def flowables(body: str, **context):
    return pdf.story(pdf.parse(render_layout(body, **context)))[0]


def test_headings_and_paragraphs_have_their_styles():
    title, section, sub, body = flowables("<h1>T</h1><h2>S</h2><h3>s</h3><p>texte</p>")
    sizes = [p.style.fontSize for p in (title, section, sub, body)]
    assert sizes == [16, 12, 10, 9]
    assert body.getPlainText() == "texte"


def test_a_line_break_in_text_is_kept_and_the_ends_are_trimmed():
    (paragraph,) = flowables("<p>  {{ text }}<br/>suite  </p>", text="un\ndeux")
    assert paragraph.text == "un<br/>deux<br/>suite"


def test_a_definition_list_is_a_two_column_grid_without_header():
    (table,) = flowables('<dl widths="45,135"><dt>Projet</dt><dd>Les Tilleuls</dd></dl>')
    assert isinstance(table, Table)
    assert [[cell.getPlainText() for cell in row] for row in table._cellvalues] == [
        ["Projet", "Les Tilleuls"]
    ]
    assert table._colWidths == [45 * mm, 135 * mm]
    assert table.repeatRows == 0


def test_a_table_repeats_its_header_rows():
    (table,) = flowables(
        '<table widths="30,40"><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>'
    )
    assert table.repeatRows == 1
    assert [[cell.getPlainText() for cell in row] for row in table._cellvalues] == [
        ["A", "B"],
        ["1", "2"],
    ]
    (plain_table,) = flowables("<table><tr><td>1</td></tr></table>")
    assert plain_table.repeatRows == 0
    assert flowables("<table></table>") == []


def test_spacer_and_page_break():
    spacer, page_break = flowables('<spacer height="4"/><pagebreak/>')
    assert isinstance(spacer, Spacer) and spacer.height == 4 * mm
    assert isinstance(page_break, PageBreak)


def test_the_footer_carries_the_page_number():
    root = pdf.parse("<document><footer>Dossier X – page <pagenum/> sur A4</footer></document>")
    _flowables, footer = pdf.story(root)
    canvas = mock.Mock()
    pdf._footer(footer)(canvas, mock.Mock(page=7))
    (_x, _y, text), _kwargs = canvas.drawString.call_args
    assert text == "Dossier X – page 7 sur A4"


def test_the_document_metadata_and_a_whole_pdf():
    source = render_layout("<h1>{{ t }}</h1><p>{{ t }}</p>", t="Dossier zq-77")
    source = source.replace("<document>", '<document title="Dossier zq-77" lang="fr-FR">')
    content = pdf.render(source)
    assert content.startswith(b"%PDF-")
    assert b"Dossier zq-77" in content  # the title, in the uncompressed metadata


def test_a_dated_pdf_is_dated_then_and_the_same_each_time():
    source = render_layout("<h1>Attestation</h1><p>{{ t }}</p>", t="Déposé – 14:03:27 €")
    moment = datetime(2026, 12, 8, 14, 3, 27, tzinfo=ZoneInfo("Europe/Paris"))
    first = pdf.render(source, dated=moment)
    assert first == pdf.render(source, dated=moment)
    assert b"/CreationDate (D:20261208130327+00'00')" in first
    assert b"/ModDate (D:20261208130327+00'00')" in first
    # Undated, a PDF carries the clock: its dates, and an identifier drawn from the time.
    assert pdf.render(source) != pdf.render(source)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(text):
    paragraph, table = flowables(
        "<p>{{ text }}</p><table><tr><td>{{ text }}</td></tr></table>", text=text
    )
    (cell,) = table._cellvalues[0]
    assert paragraph.getPlainText() == text
    assert cell.getPlainText() == text
    content = pdf.render(render_layout("<p>{{ text }}</p>", text=text))
    assert content.startswith(b"%PDF-")
    assert b"/JavaScript" not in content and b"/URI" not in content


def test_characters_xml_cannot_carry_become_replacement_characters():
    (paragraph,) = flowables("<p>{{ text }}</p>", text="a\x00b\x1bc\ud800d")
    assert paragraph.getPlainText() == "a\ufffdb\ufffdc\ufffdd"


@pytest.mark.parametrize(
    "source",
    [
        '<!DOCTYPE document [<!ENTITY x "boom">]><document><p>&x;</p></document>',
        '<!DOCTYPE document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        "<document><p>&b;</p></document>",
        '<!DOCTYPE document SYSTEM "http://127.0.0.1/x.dtd"><document/>',
        '<!DOCTYPE document [<!ENTITY e SYSTEM "file:///etc/passwd">]><document>&e;</document>',
        "<document><p>&undeclared;</p></document>",
    ],
)
def test_dtds_and_entities_are_refused(source):
    with pytest.raises(pdf.LayoutError):
        pdf.parse(source)


@pytest.mark.parametrize(
    "body",
    [
        "<script>x</script>",
        "<p><b>gras</b></p>",
        "<table><td>cellule hors ligne</td></table>",
        "<dl><dd>sans terme</dd></dl>",
        '<table widths="30mm"><tr><td>x</td></tr></table>',
        "<p>non fermé",
    ],
)
def test_what_is_not_the_vocabulary_is_refused(body):
    with pytest.raises(pdf.LayoutError):
        pdf.story(pdf.parse(f"<document>{body}</document>"))


def test_a_long_table_goes_on_over_several_pages_with_its_header():
    rows = "".join(f"<tr><td>ligne {n}</td><td>{'mot ' * 20}</td></tr>" for n in range(300))
    long_cell = "<tr><td>fin</td><td>" + "paragraphe très long " * 3000 + "</td></tr>"
    source = (
        '<document><table widths="30,150"><tr><th>Ligne</th><th>Texte</th></tr>'
        f"{rows}{long_cell}</table></document>"
    )
    (table,) = pdf.story(pdf.parse(source))[0]
    assert table.repeatRows == 1
    content = pdf.render(source)
    pages = len(re.findall(rb"/Type /Page\b", content))
    assert pages > 5
