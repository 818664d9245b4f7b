"""Structures in the Wagtail admin, for the CRESS and Region teams.

Access follows the Django model permissions that ``roles.ROLE_PERMISSIONS`` grants:
animateurs CRESS view, add and change structures, instructeurs Région view and export them,
administrateurs do everything."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from labo.core.exports import SafeExportIndexView

from .models import Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Structures")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name", "kind", "legal_form", "departement", "siren", "created_at"]
    list_filter = ["kind", "legal_form", "departement", "ess_status"]
    index_view_class = SafeExportIndexView  # formulas and control characters in names
    list_export = [
        "name",
        "siren",
        "kind",
        "legal_form",
        "ess_status",
        "departement",
        "website",
        "created_at",
    ]
    export_filename = "structures"
    search_fields = ["name", "siren"]
    search_backend_name = None  # Django ORM search: Organisation is not in a search index.
    form_fields = ["name", "kind", "legal_form", "ess_status", "siren", "departement", "website"]
    ordering = ["name"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


organisation_viewset = OrganisationViewSet("structures")


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset
