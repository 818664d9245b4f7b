"""Spreadsheet exports of the Wagtail admin listings (``list_export``) made safe for user text.

Wagtail writes CSV cells as they are, so a name typed as ``=HYPERLINK(…)`` runs as a formula
when staff open the file (CSV injection); and openpyxl refuses control characters, so one
such character in a name turned the XLSX export into a server error. Viewsets with
``list_export`` use ``SafeExportIndexView`` as their ``index_view_class``."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.generic import IndexView

# OWASP's list: what a spreadsheet may read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula, prefixed so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def spreadsheet_safe(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise_formula(value)


class SafeExportIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))
