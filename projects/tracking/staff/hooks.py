"""Wagtail admin hooks of the staff pipeline pages (menu items), loaded by
projects/tracking/wagtail_hooks.py. The pipeline itself lives in site-styled pages under
/instruction/; the admin menu links there for staff roles."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from labo.permissions import can


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "tracking.staff"))


@hooks.register("register_admin_menu_item")
def register_pipeline_menu_item():
    return StaffMenuItem(
        _("Instruction des dossiers"),
        reverse_lazy("tracking_staff:list"),
        name="instruction-dossiers",
        icon_name="folder-open-inverse",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StaffMenuItem(
        _("Statistiques des appels"),
        reverse_lazy("tracking_staff:stats"),
        name="statistiques-appels",
        icon_name="table",
        order=251,
    )
