# ruff: noqa: E501 - the OOXML parts are long literal strings.
"""A small, fast XLSX (Office Open XML) writer for tabular exports.

openpyxl without lxml serialises cell by cell in pure Python (≈ 1 s per 20,000 cells); the
exports only need rows of text, numbers, euros and dates with a bold header, so this writes
the few XML parts of the package directly. The result opens in Excel and LibreOffice and is
read back by openpyxl in the tests. Text is XML-escaped and stored as inline strings, and
neutralised here, not by the callers: text a spreadsheet would run as a formula stays text
(``labo.core.exports.neutralise_formula``).
"""

import datetime
import io
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from labo.core.exports import neutralise_formula

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


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters; a pasted text may contain some. They go
    # before the formula check: « \x01=1+1 » would otherwise become a live formula.
    text = "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")
    return escape(neutralise_formula(text))


class Sheet:
    def __init__(self, title: str, money_columns=(), date_columns=()):
        self.title = title[:31]
        self.money = set(money_columns)
        self.dates = set(date_columns)
        self.rows: list[str] = []
        self.columns = [_column(i) for i in range(64)]

    def header(self, titles):
        cells = "".join(
            f'<c r="{self.columns[i]}1" t="inlineStr" s="{STYLE_BOLD}"><is><t>{_clean(str(t))}</t></is></c>'
            for i, t in enumerate(titles)
        )
        self.rows.append(f'<row r="1">{cells}</row>')

    def append(self, values):
        number = len(self.rows) + 1
        cells = []
        for i, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{self.columns[i]}{number}"
            if isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):
                style = f' s="{STYLE_MONEY}"' if i in self.money else ""
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            elif isinstance(value, datetime.datetime):
                serial = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{serial:.6f}</v></c>')
            elif isinstance(value, datetime.date):
                serial = (value - EPOCH.date()).days
                cells.append(f'<c r="{ref}" s="{STYLE_DATE}"><v>{serial}</v></c>')
            else:
                text = _clean(str(value))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    def xml(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f"<sheetData>{''.join(self.rows)}</sheetData></worksheet>"
        )


class Workbook:
    def __init__(self):
        self.sheets: list[Sheet] = []

    def create_sheet(self, title, **kwargs) -> Sheet:
        sheet = Sheet(str(title), **kwargs)
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
