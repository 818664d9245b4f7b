"""Spreadsheet exports of the Wagtail admin listings (``list_export``) made safe for user text.

Wagtail writes CSV cells as they are, so a name typed as ``=HYPERLINK(…)`` runs as a formula
when staff open the file (CSV injection); and openpyxl refuses control characters, so one
such character in a name turned the XLSX export into a server error. Viewsets with
``list_export`` use ``SafeExportIndexView`` as their ``index_view_class``: every value goes
through ``labo.core.spreadsheets.spreadsheet_safe``, the one neutralisation of the site."""

from wagtail.admin.views.generic import IndexView

from .spreadsheets import spreadsheet_safe


class SafeExportIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))
