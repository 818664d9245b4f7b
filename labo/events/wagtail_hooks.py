"""Wagtail admin of the agenda: the registrants of each event, filterable and exportable
(CSV/XLSX) by the CRESS team, who organise the events.

Who may see them is decided by ``labo.permissions`` (rule « events.manage_registrations »),
not by Django model permissions, so the answer lives in one place. The admin never adds,
edits or deletes registrations: members do, through ``services``, which keep the number of
seats and the waiting list right.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import PageListingButton

from labo.accounts import roles
from labo.core.exports import SafeExportIndexView
from labo.core.wagtail_policy import RulePermissionPolicy
from labo.permissions import can, users_with_role

from . import services
from .models import EventPage, Registration


def _local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


class RegistrationFilterSet(WagtailFilterSet):
    class Meta:
        model = Registration
        fields = ["event", "status"]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Inscriptions aux événements")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "evenements/inscriptions"
    name = "event_registrations"
    filterset_class = RegistrationFilterSet
    search_fields = ["user__email", "user__display_name", "event__title"]
    search_backend_name = None  # registrations are not indexed: search the database
    list_display = [
        Column("user", label=_("Membre"), accessor="user.display_name"),
        Column("email", label=_("Adresse e-mail"), accessor="user.email"),
        Column("event", label=_("Événement"), accessor="event.title"),
        Column("status", label=_("Statut"), accessor="get_status_display"),
        DateColumn("registered_at", label=_("Inscrit le")),
    ]
    index_view_class = SafeExportIndexView  # names typed as formulas stay text
    list_export = [
        "event.title",
        "event.start",
        "user.display_name",
        "user.email",
        "get_status_display",
        "registered_at",
        "promoted_at",
        "cancelled_at",
    ]
    export_headings = {
        "event.title": _("Événement"),
        "event.start": _("Début de l'événement"),
        "user.display_name": _("Nom"),
        "user.email": _("Adresse e-mail"),
        "get_status_display": _("Statut"),
        "registered_at": _("Inscrit le"),
        "promoted_at": _("Place obtenue depuis la liste d'attente le"),
        "cancelled_at": _("Annulée le"),
    }
    export_filename = "inscriptions-evenements"
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return RulePermissionPolicy(
            Registration,
            "events.manage_registrations",
            ["view"],
            lambda: users_with_role(roles.ANIMATEUR, roles.ADMINISTRATEUR),
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Registration.objects.select_related("event", "user"),
            custom_field_preprocess={
                field: {"csv": _local, "xlsx": _local}
                for field in ("event.start", "registered_at", "promoted_at", "cancelled_at")
            },
            **kwargs,
        )


registration_viewset = RegistrationViewSet()


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_page_listing_buttons")
def registrants_button(page, user, next_url=None):
    """« Inscrits » next to each event in the page explorer. Decided on the page's class,
    known without a query, so a long listing costs no query per row."""
    if issubclass(page.specific_class or type(page), EventPage) and can(
        user, "events.manage_registrations", page
    ):
        url = reverse(registration_viewset.get_url_name("index")) + f"?event={page.pk}"
        yield PageListingButton(_("Inscrits"), url, icon_name="group", priority=60)


@hooks.register("after_publish_page")
def serve_waiting_list_after_publish(request, page):
    """An editor who raised the number of places gives the new seats to the waiting list."""
    if isinstance(page.specific, EventPage) and page.specific.registration_enabled:
        services.refresh_waiting_list(page.specific)
