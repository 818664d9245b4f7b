"""Wagtail admin of calls (configuration by CRESS staff) and dossiers.

Schemes and calls are snippets grouped under « Appels à projets »: a call's stages, required
documents and criteria grid are edited inline on the call (InlinePanels). Who may add, change
or view them comes from the model permissions granted to the roles (labo.accounts.roles):
Animateur CRESS and Administrateur configure, Instructeur Région reads.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Call, Scheme
from .staff import hooks as staff_hooks  # noqa: F401


class SchemeViewSet(SnippetViewSet):
    model = Scheme
    icon = "folder-inverse"
    menu_label = _("Dispositifs")
    list_display = ["name", "short_name", "kind"]
    search_fields = ["name", "short_name"]
    url_prefix = "tracking/dispositifs"


class CallViewSet(SnippetViewSet):
    model = Call
    icon = "date"
    menu_label = _("Appels")
    list_display = ["title", "scheme", "year", "opens_at", "closes_at"]
    list_filter = ["scheme", "year"]
    search_fields = ["title"]
    ordering = ["-year", "title"]
    url_prefix = "tracking/appels"


class CallConfigurationGroup(SnippetViewSetGroup):
    menu_label = _("Appels à projets")
    menu_icon = "date"
    menu_order = 250
    items = (CallViewSet, SchemeViewSet)


register_snippet(CallConfigurationGroup)
