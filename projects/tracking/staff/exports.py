"""CSV and XLSX exports of the filtered listing. Staff only; the columns are the dossier's
facts (never comments, reviews or minutes). Text cells starting with = + - @ (or a tab or a
carriage return) are prefixed with an apostrophe so a spreadsheet never runs them as a
formula (CSV injection)."""

import csv
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.core.exports import spreadsheet_safe

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns():
    return [
        _("Référence"),
        _("Appel"),
        _("Projet"),
        _("Opération"),
        _("Structure candidate"),
        _("Forme juridique"),
        _("Département"),
        _("Étape"),
        _("Issue"),
        _("En retard"),
        _("Échéance de l'étape"),
        _("Montant sollicité (€)"),
        _("Montant accordé (€)"),
        _("Chargé de suivi"),
        _("Avis soumis"),
        _("Déposé le"),
    ]


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


ROW_FIELDS = (
    "pk",
    "reference",
    "call__title",
    "project__title",
    "operation_title",
    "organisation__name",
    "organisation__legal_form",
    "departement",
    "stage__staff_name",
    "stage__kind",
    "outcome",
    "stage_due_at",
    "amount_requested",
    "decision__amount_granted",
    "staff_in_charge__display_name",
    "staff_in_charge__email",
    "submitted_at",
)


def rows(queryset):
    """Typed values (dates, decimals) per dossier; the writers format them. Read as tuples
    (no model instances: pages and clusterable calls are slow to build by thousands)."""
    from labo.accounts.occitanie import Departement, LegalForm

    from ..models import CallStage, Outcome
    from .selectors import review_counts

    counts = review_counts(queryset.order_by().values("pk"))
    legal_forms = dict(LegalForm.choices)
    departements = dict(Departement.choices)
    outcomes = dict(Outcome.choices)
    now = timezone.now()
    yes, no = _("oui"), _("non")
    for (
        pk, reference, call, project, operation, organisation, legal_form, departement,
        stage, kind, outcome, due_at, requested, granted, staff_name, staff_email, submitted_at,
    ) in queryset.values_list(*ROW_FIELDS).iterator(chunk_size=2000):  # fmt: skip
        overdue = (
            not outcome and kind != CallStage.Kind.FINAL and due_at is not None and due_at < now
        )
        yield [
            reference,
            call,
            project,
            operation,
            organisation or "",
            str(legal_forms.get(legal_form, legal_form or "")),
            str(departements.get(departement, departement or "")),
            stage,
            str(outcomes.get(outcome, outcome or "")),
            yes if overdue else no,
            _local(due_at),
            requested,
            granted,
            staff_name or staff_email or "",
            counts.get(pk, (0, 0))[0],
            _local(submitted_at),
        ]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M")
    return spreadsheet_safe(str(value))


class _Echo:
    def write(self, value):
        return value


def _filename(ext):
    return f"dossiers-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(queryset):
    """Semicolon-separated, UTF-8 with a BOM: what a French spreadsheet opens correctly."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        yield writer.writerow(columns())
        for row in rows(queryset):
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def write_sheet(sheet, header, data, *, money_columns=(), date_columns=()):
    """Write ``header`` and ``data`` on ``sheet`` (a ``xlsx.Sheet``, which neutralises text
    cells); euros and dates get French number formats."""
    sheet.money = set(money_columns)
    sheet.dates = set(date_columns)
    sheet.header(header)
    for row in data:
        sheet.append(row)


def new_workbook():
    from .xlsx import Workbook

    return Workbook()


def workbook_bytes(workbook) -> bytes:
    return workbook.to_bytes()


def xlsx_bytes(queryset) -> bytes:
    workbook = new_workbook()
    sheet = workbook.create_sheet(_("Dossiers"))
    write_sheet(sheet, columns(), rows(queryset), money_columns=(11, 12), date_columns=(10, 15))
    return workbook_bytes(workbook)


def xlsx_response(queryset, filename=None):
    response = HttpResponse(xlsx_bytes(queryset), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename or _filename("xlsx")}"'
    return response
