# ruff: noqa: E501 - the OOXML parts are long literal strings.
"""The one spreadsheet writer: XLSX workbooks and their CSV twin, for every export of the site.

Text typed by users (organisation names, lenders, titles) ends up in cells that staff open
in Excel or LibreOffice, which run a cell starting with ``=`` as a formula (CSV injection,
OWASP). Every text cell is therefore neutralised here, inside the writers, never by their
callers: ``spreadsheet_safe`` is the one function that does it, also used by the Wagtail admin
exports (``labo.core.exports``).

XLSX: openpyxl without lxml serialises cell by cell in pure Python (1.09 s for 80,000 cells,
XlsxWriter 0.70 s); the exports only need rows of text, numbers, euros and dates under a bold
header, so ``Workbook`` writes the few XML parts of the package directly (0.26 s). Text is
XML-escaped and stored as inline strings, so it can never become a formula cell.

CSV: what a French spreadsheet opens correctly, « ; » between cells, UTF-8 with a BOM, decimal
commas; ``CsvSheet`` has the same ``header``/``append`` as ``Sheet`` and returns each line,
so a long export streams.
"""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP's list: what a spreadsheet may read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 forbids (and openpyxl refuses): control characters but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF. A pasted text may hold some.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel refuses these in a sheet name (and line breaks, and more than 31 characters).
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def spreadsheet_safe(value):
    """Text as a spreadsheet cell may hold it: characters XML forbids removed first (« \\x01=1+1 »
    must not become a live formula once cleaned), then text a spreadsheet would run as a
    formula prefixed with an apostrophe so it stays text. Other values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets have no time zones: an aware datetime is written as the local time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# --- XLSX --------------------------------------------------------------------------------

STYLE_BOLD, STYLE_MONEY, STYLE_DATETIME, STYLE_DATE = 1, 2, 3, 4
EPOCH = datetime.datetime(1899, 12, 30)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00\\ &quot;€&quot;"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy\\ hh:mm"/>'
    '<numFmt numFmtId="166" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _text(value) -> str:
    # A raw carriage return would be read back as a line feed (XML normalises line ends).
    return escape(spreadsheet_safe(str(value)), {"\r": "&#13;"})


def _sheet_name(title, taken) -> str:
    """A name Excel accepts: no forbidden or control character, no apostrophe at either end,
    at most 31 characters, unique in the workbook. A sheet name is never evaluated, so it
    needs no formula prefix (an apostrophe would even make it invalid)."""
    name = SHEET_NAME_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS.sub("", str(title)))
    name = " ".join(name.split()).strip("'").strip()[:31] or _("Feuille")
    unique, number = name, 1
    while unique.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        unique = name[: 31 - len(suffix)] + suffix
    return unique


class Sheet:
    """One worksheet: a bold header row, frozen, then typed rows. Numbers stay numbers (those
    of ``money_columns``, 0-based, in euros), dates and datetimes get French formats, anything
    else is neutralised text. ``column_width``, in characters, widens every column of the
    header (spreadsheets default to about 8)."""

    def __init__(self, title: str, *, money_columns=(), column_width=None):
        self.title = title
        self.money = set(money_columns)
        self.column_width = column_width
        self.width_count = 0
        self.rows: list[str] = []
        self.columns = [_column(i) for i in range(32)]

    def _references(self, count):
        while len(self.columns) < count:
            self.columns.append(_column(len(self.columns)))
        return self.columns

    def header(self, titles):
        titles = list(titles)
        self.width_count = len(titles) if self.column_width else 0
        columns = self._references(len(titles))
        cells = "".join(
            f'<c r="{columns[i]}1" t="inlineStr" s="{STYLE_BOLD}"><is><t>{_text(title)}</t></is></c>'
            for i, title in enumerate(titles)
        )
        self.rows.append(f'<row r="1">{cells}</row>')

    def append(self, values):
        values = list(values)
        columns = self._references(len(values))
        number = len(self.rows) + 1
        cells = []
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{columns[i]}{number}"
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):
                style = f' s="{STYLE_MONEY}"' if i in self.money else ""
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            elif isinstance(value, datetime.datetime):
                serial = (_local(value) - EPOCH).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{serial:.6f}</v></c>')
            elif isinstance(value, datetime.date):
                serial = (value - EPOCH.date()).days
                cells.append(f'<c r="{ref}" s="{STYLE_DATE}"><v>{serial}</v></c>')
            else:
                text = _text(value)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self) -> str:
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{self.column_width}" customWidth="1"/>'
            for n in range(1, self.width_count + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f"{f'<cols>{cols}</cols>' if cols else ''}"
            f"<sheetData>{''.join(self.rows)}</sheetData></worksheet>"
        )


class Workbook:
    def __init__(self):
        self.sheets: list[Sheet] = []

    def add_sheet(self, title, header, rows, *, money_columns=(), column_width=None) -> Sheet:
        taken = {sheet.title.casefold() for sheet in self.sheets}
        sheet = Sheet(
            _sheet_name(title, taken), money_columns=money_columns, column_width=column_width
        )
        sheet.header(header)
        for row in rows:
            sheet.append(row)
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(
                "[Content_Types].xml",
                CONTENT_TYPES.format(
                    sheets="".join(SHEET_TYPE.format(n=n + 1) for n in range(len(self.sheets)))
                ),
            )
            package.writestr("_rels/.rels", ROOT_RELS)
            package.writestr("xl/styles.xml", STYLES)
            sheets = "".join(
                f'<sheet name="{escape(s.title, {chr(34): "&quot;"})}" sheetId="{n + 1}" r:id="rId{n + 1}"/>'
                for n, s in enumerate(self.sheets)
            )
            package.writestr(
                "xl/workbook.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f"<sheets>{sheets}</sheets></workbook>",
            )
            rels = "".join(
                f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n + 1}.xml"/>'
                for n in range(len(self.sheets))
            )
            styles_id = len(self.sheets) + 1
            rels += (
                f'<Relationship Id="rId{styles_id}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            )
            package.writestr(
                "xl/_rels/workbook.xml.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{rels}</Relationships>",
            )
            for n, sheet in enumerate(self.sheets):
                package.writestr(f"xl/worksheets/sheet{n + 1}.xml", sheet.xml())
        return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook.to_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- CSV ---------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


class CsvSheet:
    """The CSV twin of ``Sheet``: the same ``header`` and ``append``, each returning its line
    (the header's starts with the BOM). Euros with two decimals, decimal commas, dates as
    « 31/12/2025 » and « 31/12/2025 14:30 », every text cell neutralised."""

    def __init__(self, *, money_columns=()):
        self.money = set(money_columns)
        self._writer = csv.writer(_Echo(), delimiter=";")

    def header(self, titles) -> str:
        return "\ufeff" + self._writer.writerow([spreadsheet_safe(str(t)) for t in titles])

    def append(self, values) -> str:
        return self._writer.writerow([self._cell(i, value) for i, value in enumerate(values)])

    def _cell(self, index, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float | Decimal):
            text = f"{value:.2f}" if index in self.money else str(value)
            return text.replace(".", ",")
        if isinstance(value, datetime.datetime):
            return _local(value).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return spreadsheet_safe(str(value))

    def lines(self, header, rows):
        yield self.header(header)
        for row in rows:
            yield self.append(row)


def csv_response(header, rows, filename, *, money_columns=()) -> StreamingHttpResponse:
    lines = CsvSheet(money_columns=money_columns).lines(header, rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
