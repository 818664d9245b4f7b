"""XLSX workbooks: a loan's schedule, the Region's exposure.

Organisation names, lenders and purposes are typed by applicants: ``labo.core.spreadsheets``
writes every cell, so text a spreadsheet would run as a formula stays text and a control
character never breaks the export. Amounts stay numbers, shown in euros."""

from django.utils.translation import gettext as _

from labo.core.spreadsheets import Workbook

# Wide enough for amounts in the millions and most headings.
WIDTH = 20


def schedule_workbook(loan):
    workbook = Workbook()
    schedule = loan.schedule
    workbook.add_sheet(
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
        money_columns=(2, 3, 4, 5),
        column_width=WIDTH,
    )
    workbook.add_sheet(
        _("Par année"),
        [
            _("Année"),
            _("Intérêts"),
            _("Capital amorti"),
            _("Annuité"),
            _("Capital restant dû au 31/12"),
        ],
        [(t.year, t.interest, t.principal, t.payment, t.outstanding) for t in schedule.yearly],
        money_columns=(1, 2, 3, 4),
        column_width=WIDTH,
    )
    return workbook


def exposure_workbook(data):
    workbook = Workbook()
    exposure = data["exposure"]
    header = [_("Année"), _("Capital garanti restant dû au 31/12"), _("Annuités garanties")]
    rows = [(y.year, y.outstanding, y.annuities) for y in exposure.years]
    if exposure.with_application is not None:
        header += [_("Capital restant dû avec ce dossier"), _("Annuités avec ce dossier")]
        rows = [
            (*row, w.outstanding, w.annuities)
            for row, w in zip(rows, exposure.with_application, strict=True)
        ]
    workbook.add_sheet(
        _("Exposition"), header, rows, money_columns=range(1, len(header)), column_width=WIDTH
    )
    for title, groups in (
        (_("Par emprunteur"), data["by_borrower"]),
        (_("Par département"), data["by_departement"]),
    ):
        workbook.add_sheet(
            title,
            [
                _("Groupe"),
                _("Année"),
                _("Capital garanti restant dû au 31/12"),
                _("Annuités garanties"),
            ],
            [(name, y.year, y.outstanding, y.annuities) for name, series in groups for y in series],
            money_columns=(2, 3),
            column_width=WIDTH,
        )
    workbook.add_sheet(
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
        money_columns=(5,),
        column_width=WIDTH,
    )
    return workbook
