"""Admin side of projects: reference lists as snippets, and a guard that asks the permission
rules before anyone opens a project page in the editor."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from labo.core.forms import SingleLineTextChecks
from labo.permissions import require

from .models import Commune, HabitatType, ProjectPage, SharedSpace
from .models.communes import normalise_name


class CommuneSearchForm(SingleLineTextChecks, BaseFilterForm):
    """Communes are not in the search index (4,450 fixed rows): the chooser searches the
    database by the start of the name, accents and hyphens ignored, or by INSEE code."""

    # A search box: never stored nor shown back.
    hidden_characters_allowed = ("q",)

    q = forms.CharField(
        label=_("Nom ou code INSEE"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Nom ou code INSEE")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(search_name__startswith=normalise_name(query)) | Q(insee__startswith=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class CommuneChooseView(ChooseView):
    filter_form_class = CommuneSearchForm


class CommuneChooseResultsView(ChooseResultsView):
    filter_form_class = CommuneSearchForm


class CommuneChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    list_display = ["name", "insee", "departement"]
    list_filter = ["departement"]
    search_fields = ["name", "insee"]
    search_backend_name = None  # plain database search: the list is not in the search index
    ordering = ["search_name"]
    inspect_view_enabled = True
    chooser_viewset_class = CommuneChooserViewSet


class HabitatTypeViewSet(SnippetViewSet):
    model = HabitatType
    icon = "home"
    list_display = ["name", "slug", "sort_order"]


class SharedSpaceViewSet(SnippetViewSet):
    model = SharedSpace
    icon = "group"
    list_display = ["name", "slug", "sort_order"]


class ProjectListsGroup(SnippetViewSetGroup):
    menu_label = _("Listes des projets")
    menu_icon = "list-ul"
    items = (HabitatTypeViewSet, SharedSpaceViewSet, CommuneViewSet)


register_snippet(ProjectListsGroup)


def _guard(request, page):
    if isinstance(page.specific_deferred, ProjectPage):
        require(request.user, "projects.edit", page)


@hooks.register("before_edit_page")
def check_project_edit(request, page):
    _guard(request, page)
