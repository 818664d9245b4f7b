"""The one spreadsheet writer (``labo.core.spreadsheets``): every text cell neutralised, in
XLSX and CSV, in headers and in every sheet; numbers, dates and euros kept typed; a valid
package that openpyxl reads back; French text intact; the CSV twin says what the XLSX says;
and no export of the site writes spreadsheet cells anywhere else."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from labo.core.exports import SafeExportIndexView
from labo.core.spreadsheets import (
    XLSX_CONTENT_TYPE,
    CsvSheet,
    Workbook,
    csv_response,
    spreadsheet_safe,
    xlsx_response,
)

# Each start a spreadsheet may run as a formula, as a user could type it.
DANGEROUS = ["=1+1", '=HYPERLINK("https://evil.example/","clic")', "+1+1", "-2+3", "@SUM(1+1)",
             "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]  # fmt: skip
FRENCH = "Hérault – Œuvre « ça coûte 12 € » à l'Étang, naïve"


def read_xlsx(workbook: Workbook):
    return load_workbook(io.BytesIO(workbook.to_bytes()))


def read_csv(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def two_sheets(header, row):
    workbook = Workbook()
    workbook.add_sheet("Première", header, [row, row])
    workbook.add_sheet("Seconde", header, [row])
    return workbook


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_text_cell_of_every_sheet_stays_text_in_xlsx(text):
    workbook = read_xlsx(two_sheets([text, "Nom"], ["Alice", text]))
    assert workbook.sheetnames == ["Première", "Seconde"]
    for sheet in workbook.worksheets:
        header, *rows = list(sheet.iter_rows())
        assert header[0].value == "'" + text
        assert header[0].font.b
        for row in rows:
            assert row[1].value == "'" + text
        assert all(cell.data_type == "s" for row in (header, *rows) for cell in row)


@pytest.mark.parametrize("text", DANGEROUS)
def test_no_formula_element_in_the_package(text):
    package = zipfile.ZipFile(io.BytesIO(two_sheets([text], [text]).to_bytes()))
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        part = package.read(name).decode()
        assert "<f>" not in part and "<f " not in part
        assert 't="inlineStr"' in part


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_text_cell_stays_text_in_csv(text):
    sheet = CsvSheet()
    rows = read_csv(sheet.lines([text, "Nom"], [["Alice", text], [text, 3]]))
    assert rows == [["'" + text, "Nom"], ["Alice", "'" + text], ["'" + text, "3"]]


def test_safe_text_is_left_alone():
    for text in ("Alice", "1+1", " =1+1 in the middle", "'=already text", "€ 12", ""):
        assert spreadsheet_safe(text) == text
    for value in (None, 5, -5, Decimal("-1.50"), 2.5, True, datetime.date(2025, 1, 1)):
        assert spreadsheet_safe(value) is value


def test_characters_xml_forbids_go_before_the_formula_check():
    # « \x01=1+1 » would become the live formula « =1+1 » once cleaned.
    assert spreadsheet_safe("\x01=1+1") == "'=1+1"
    assert spreadsheet_safe("a\x00b\x0bc\ufffed\uffff") == "abcd"
    assert spreadsheet_safe("lignes\nsur\tdeux\r") == "lignes\nsur\tdeux\r"
    workbook = Workbook()
    workbook.add_sheet("Feuille", ["\x07=titre"], [["\x01=1+1", "nul\x00 octet"]])
    sheet = read_xlsx(workbook).active
    assert [cell.value for cell in sheet[1]] == ["'=titre", None]
    assert [cell.value for cell in sheet[2]] == ["'=1+1", "nul octet"]
    assert read_csv(CsvSheet().lines(["\x07=titre"], [["\x01=1+1"]])) == [
        ["'=titre"],
        ["'=1+1"],
    ]


def test_numbers_stay_numbers_and_euros_get_the_euro_format():
    workbook = Workbook()
    workbook.add_sheet(
        "Montants",
        ["Nombre", "Montant", "Taux", "Négatif", "Oui"],
        [[3, Decimal("1234567.89"), 2.5, -5, True]],
        money_columns=(1,),
    )
    sheet = read_xlsx(workbook).active
    count, amount, rate, negative, flag = sheet[2]
    assert (count.value, count.data_type) == (3, "n")
    assert Decimal(str(amount.value)) == Decimal("1234567.89") and amount.data_type == "n"
    assert "€" in amount.number_format and "0.00" in amount.number_format
    assert (rate.value, rate.number_format) == (2.5, "General")
    assert (negative.value, negative.data_type) == (-5, "n")  # a number, never « '-5 »
    assert flag.value is True


def test_dates_and_local_times():
    aware = datetime.datetime(2025, 7, 14, 8, 30, tzinfo=datetime.UTC)
    local = timezone.localtime(aware).replace(tzinfo=None)
    assert local.hour == 10  # Europe/Paris in summer: the test means something
    workbook = Workbook()
    workbook.add_sheet("Dates", ["Jour", "Heure"], [[datetime.date(2025, 12, 31), aware]])
    day, time = read_xlsx(workbook).active[2]
    assert day.value == datetime.datetime(2025, 12, 31) and day.number_format == "dd/mm/yyyy"
    assert day.is_date and time.is_date
    assert abs(time.value - local) < datetime.timedelta(seconds=1)
    assert time.number_format.startswith("dd/mm/yyyy")
    rows = read_csv(CsvSheet().lines(["Jour", "Heure"], [[datetime.date(2025, 12, 31), aware]]))
    assert rows[1] == ["31/12/2025", "14/07/2025 10:30"]


def test_several_sheets_with_valid_unique_names():
    workbook = Workbook()
    titles = ("Bilan [2025]: a/b?", "'Cité'", "Bilan [2025]: a/b?", "x" * 40, "=1+1", "\x01\n")
    for title in titles:
        workbook.add_sheet(title, ["Titre"], [["valeur"]])
    names = read_xlsx(workbook).sheetnames
    assert names == [
        "Bilan 2025 a b",
        "Cité",
        "Bilan 2025 a b (2)",
        "x" * 31,
        "=1+1",  # a sheet name is never evaluated, and Excel refuses a leading apostrophe
        "Feuille",
    ]
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in names)


def test_the_package_holds_the_right_parts():
    workbook = Workbook()
    workbook.add_sheet("Un", ["A"], [[1]])
    workbook.add_sheet("Deux", ["B"], [["deux"]])
    package = zipfile.ZipFile(io.BytesIO(workbook.to_bytes()))
    assert package.testzip() is None
    assert set(package.namelist()) == {
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
    }
    for name in package.namelist():
        ElementTree.fromstring(package.read(name))  # well-formed XML
    types = package.read("[Content_Types].xml").decode()
    assert types.count("spreadsheetml.worksheet+xml") == 2
    rels = package.read("xl/_rels/workbook.xml.rels").decode()
    assert "worksheets/sheet1.xml" in rels and "worksheets/sheet2.xml" in rels


def test_french_text_round_trips():
    workbook = Workbook()
    workbook.add_sheet("Départements", [FRENCH], [[FRENCH, "  espaces gardés  "]])
    sheet = read_xlsx(workbook)["Départements"]
    assert [cell.value for cell in sheet[1]] == [FRENCH, None]
    assert [cell.value for cell in sheet[2]] == [FRENCH, "  espaces gardés  "]
    content = "".join(CsvSheet().lines([FRENCH], [[FRENCH]])).encode("utf-8")
    assert content.startswith(b"\xef\xbb\xbf")
    assert read_csv([content.decode("utf-8")]) == [[FRENCH], [FRENCH]]


def test_column_widths_and_columns_past_z():
    workbook = Workbook()
    workbook.add_sheet("Large", [f"C{n}" for n in range(30)], [list(range(30))], column_width=20)
    sheet = read_xlsx(workbook).active
    assert sheet["AD1"].value == "C29" and sheet["AD2"].value == 29
    assert [sheet.column_dimensions[letter].width for letter in ("A", "Z", "AD")] == [20] * 3


def test_the_csv_twin_says_what_the_xlsx_says():
    header = ["Nom", "Montant (€)", "Part", "Dossiers", "Le", "Vide"]
    rows = [
        ["=Alice", Decimal("50000"), Decimal("12.5"), 3, datetime.date(2025, 3, 1), None],
        [FRENCH, Decimal("0.5"), 2.25, -1, datetime.date(2024, 12, 31), ""],
    ]
    workbook = Workbook()
    workbook.add_sheet("Dossiers", header, rows, money_columns=(1,))
    from_xlsx = [list(row) for row in read_xlsx(workbook).active.iter_rows(values_only=True)]
    from_csv = read_csv(CsvSheet(money_columns=(1,)).lines(header, rows))
    assert from_csv == [
        header,
        ["'=Alice", "50000,00", "12,5", "3", "01/03/2025", ""],
        [FRENCH, "0,50", "2,25", "-1", "31/12/2024", ""],
    ]
    assert from_xlsx[0] == from_csv[0]
    for xlsx_row, csv_row in zip(from_xlsx[1:], from_csv[1:], strict=True):
        assert xlsx_row[0] == csv_row[0]
        assert Decimal(str(xlsx_row[1])) == Decimal(csv_row[1].replace(",", "."))
        assert Decimal(str(xlsx_row[2])) == Decimal(csv_row[2].replace(",", "."))
        assert str(xlsx_row[3]) == csv_row[3]
        assert f"{xlsx_row[4]:%d/%m/%Y}" == csv_row[4]
        assert xlsx_row[5] is None and csv_row[5] == ""


def test_responses():
    response = csv_response(["=a"], [["=b"]], "liste.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert read_csv([b"".join(response.streaming_content).decode()]) == [["'=a"], ["'=b"]]
    workbook = Workbook()
    workbook.add_sheet("Feuille", ["=a"], [["=b"]])
    response = xlsx_response(workbook, "liste.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="liste.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "'=b"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_wagtail_admin_exports_use_the_same_neutralisation(export_format):
    view = SafeExportIndexView()
    assert view.preprocess_field_value("name", "\x01=1+1", export_format) == "'=1+1"
    assert view.preprocess_field_value("name", "Alice", export_format) == "Alice"
    assert view.preprocess_field_value("count", 5, export_format) == 5


# Writing spreadsheet cells anywhere but labo.core.spreadsheets (or through Wagtail's export,
# neutralised by SafeExportIndexView) would skip the neutralisation.
CELL_WRITERS = re.compile(
    r"^\s*(from|import)\s+(openpyxl|xlsxwriter)\b|\bcsv\.(writer|DictWriter)\(", re.MULTILINE
)
ALLOWED = {
    "labo/core/spreadsheets.py": "the writer itself",
    # Rebuilds the site's own data file from official open data, by hand; never an export.
    "projects/data/build_communes.py": "internal data file",
}


def test_no_other_code_writes_spreadsheet_cells():
    root = Path(settings.BASE_DIR)
    found = []
    for top in root.iterdir():
        if not top.is_dir() or top.name.startswith(".") or top.name in ("tests", "node_modules"):
            continue
        for path in top.rglob("*.py"):
            relative = path.relative_to(root).as_posix()
            if relative not in ALLOWED and CELL_WRITERS.search(path.read_text(encoding="utf-8")):
                found.append(relative)
    assert found == []
