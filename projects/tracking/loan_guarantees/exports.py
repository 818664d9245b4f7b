"""XLSX workbooks (openpyxl): a loan's schedule, the Region's exposure.

Organisation names, lenders and purposes are typed by applicants: every cell goes through
``spreadsheet_safe`` inside ``_sheet``, the one place rows are written, so text a
spreadsheet would run as a formula stays text and a control character (which openpyxl
refuses) never breaks the export."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from labo.core.exports import spreadsheet_safe

EUR = '#,##0.00 "€"'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook, title, header, rows, euro_columns):
    sheet = workbook.create_sheet(title[:31])
    sheet.append([spreadsheet_safe(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    for column in euro_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = EUR
    for index, _title in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 20
    return sheet


def response(workbook, filename):
    buffer = BytesIO()
    workbook.save(buffer)
    result = HttpResponse(buffer.getvalue(), content_type=XLSX)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result


def schedule_workbook(loan):
    workbook = Workbook()
    workbook.remove(workbook.active)
    schedule = loan.schedule
    _sheet(
        workbook,
        _("Échéancier"),
        [
            _("N°"),
            _("Échéance"),
            _("Intérêts"),
            _("Capital amorti"),
            _("Échéance totale"),
            _("Capital restant dû"),
        ],
        [
            (p.number, p.due_date, p.interest, p.principal, p.payment, p.outstanding)
            for p in schedule.periods
        ],
        euro_columns=(3, 4, 5, 6),
    )
    for (cell,) in workbook[_("Échéancier")].iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "DD/MM/YYYY"
    _sheet(
        workbook,
        _("Par année"),
        [
            _("Année"),
            _("Intérêts"),
            _("Capital amorti"),
            _("Annuité"),
            _("Capital restant dû au 31/12"),
        ],
        [(t.year, t.interest, t.principal, t.payment, t.outstanding) for t in schedule.yearly],
        euro_columns=(2, 3, 4, 5),
    )
    return workbook


def exposure_workbook(data):
    workbook = Workbook()
    workbook.remove(workbook.active)
    exposure = data["exposure"]
    header = [_("Année"), _("Capital garanti restant dû au 31/12"), _("Annuités garanties")]
    rows = [(y.year, y.outstanding, y.annuities) for y in exposure.years]
    if exposure.with_dossier is not None:
        header += [_("Capital restant dû avec ce dossier"), _("Annuités avec ce dossier")]
        rows = [
            (*row, w.outstanding, w.annuities)
            for row, w in zip(rows, exposure.with_dossier, strict=True)
        ]
    _sheet(workbook, _("Exposition"), header, rows, euro_columns=range(2, len(header) + 1))
    for title, groups in (
        (_("Par emprunteur"), data["by_borrower"]),
        (_("Par département"), data["by_departement"]),
    ):
        _sheet(
            workbook,
            title,
            [
                _("Groupe"),
                _("Année"),
                _("Capital garanti restant dû au 31/12"),
                _("Annuités garanties"),
            ],
            [(name, y.year, y.outstanding, y.annuities) for name, series in groups for y in series],
            euro_columns=(3, 4),
        )
    _sheet(
        workbook,
        _("Prêts garantis"),
        [
            _("Dossier"),
            _("Emprunteur"),
            _("Département"),
            _("Prêteur"),
            _("Objet"),
            _("Montant"),
            _("Quotité (%)"),
        ],
        [
            (
                row.loan.application.reference,
                row.loan.application.organisation.name if row.loan.application.organisation else "",
                row.loan.application.departement,
                row.loan.lender,
                row.loan.purpose,
                row.loan.amount,
                row.loan.quotite,
            )
            for row in data["rows"]
        ],
        euro_columns=(6,),
    )
    return workbook
