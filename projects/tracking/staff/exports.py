"""CSV and XLSX exports of the filtered listing. Staff only; the columns are the dossier's
facts (never comments, reviews or minutes). Both are written by ``labo.core.spreadsheets``,
which keeps text a spreadsheet would run as a formula as text (CSV injection)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from labo.core.spreadsheets import Workbook, csv_response, xlsx_response

# Columns of ``columns()`` in euros; the dates are recognised by their type.
MONEY_COLUMNS = (11, 12)


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
    """Typed values (aware datetimes, decimals) per dossier; the writers format them, in local
    time. Read as tuples (no model instances: pages and clusterable calls are slow to build by
    thousands)."""
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
            due_at,
            requested,
            granted,
            staff_name or staff_email or "",
            counts.get(pk, (0, 0))[0],
            submitted_at,
        ]


def _filename(ext):
    return f"dossiers-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_export(queryset):
    return csv_response(columns(), rows(queryset), _filename("csv"), money_columns=MONEY_COLUMNS)


def xlsx_export(queryset):
    workbook = Workbook()
    workbook.add_sheet(_("Dossiers"), columns(), rows(queryset), money_columns=MONEY_COLUMNS)
    return xlsx_response(workbook, _filename("xlsx"))
