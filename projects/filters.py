"""Filters of the projects directory, shared by the list page and its GeoJSON.

Every filter reads a plain GET parameter, so a filtered URL can be shared and works without
JavaScript. A value that matches nothing we know (an old link, a typo) is dropped and named
in ``ignored`` so the page can say so, instead of answering an error."""

import django_filters
from django import forms
from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from labo.accounts.occitanie import Departement, LegalForm

from .models import HabitatType, ProjectPage, ProjectPageTag, SharedSpace
from .models.pages import Construction, Setting, Stage

# Never-published pages have no date: last, on PostgreSQL as on SQLite (NULLs sort first in
# a descending order on PostgreSQL).
SORTS = {
    "nom": ("title", "pk"),
    "maj": (F("last_published_at").desc(nulls_last=True), "pk"),
}
SORT_CHOICES = [("nom", _("Nom (A → Z)")), ("maj", _("Dernière mise à jour"))]


def _choice(label, choices, field_name):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, field_name=field_name, empty_label=_("Tous")
    )


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Nom du projet"), field_name="title", lookup_expr="icontains"
    )
    departement = _choice(_("Département"), Departement.choices, "commune__departement")
    stade = _choice(_("Stade"), Stage.choices, "stage")
    habitat = django_filters.ModelChoiceFilter(
        label=_("Type d'habitat"),
        field_name="habitat_types",
        to_field_name="slug",
        queryset=HabitatType.objects.all(),
        empty_label=_("Tous"),
    )
    forme = _choice(_("Forme juridique"), LegalForm.choices, "legal_form")
    construction = _choice(_("Neuf ou réhabilitation"), Construction.choices, "construction")
    milieu = _choice(_("Urbain ou rural"), Setting.choices, "setting")
    espace = django_filters.ModelChoiceFilter(
        label=_("Espace partagé"),
        field_name="shared_spaces",
        to_field_name="slug",
        queryset=SharedSpace.objects.all(),
        empty_label=_("Tous"),
    )
    foyers = django_filters.BooleanFilter(
        label=_("Recherche des foyers"),
        field_name="seeking_households",
        method="filter_seeking",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Mot-clé"),
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.none(),
        empty_label=_("Tous"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=SORT_CHOICES,
        method="sort",
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = ProjectPage
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Only tags used by published projects are offered.
        self.filters["tag"].queryset = Tag.objects.filter(
            pk__in=ProjectPageTag.objects.filter(content_object__live=True).values("tag_id")
        ).order_by("name")
        self.form.fields["tag"].queryset = self.filters["tag"].queryset

    def filter_seeking(self, queryset, name, value):
        return queryset.filter(seeking_households=True) if value else queryset

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["nom"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("tri"):
            queryset = queryset.order_by(*SORTS["nom"])
        # Multi-valued filters (types, spaces, tags) join tables: keep each project once.
        return queryset.distinct()

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters whose value was unknown and therefore not applied."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        return [str(self.form.fields[name].label) for name in self.form.errors]

    @property
    def active(self) -> bool:
        data = getattr(self.form, "cleaned_data", {})
        return any(value for name, value in data.items() if name != "tri")


def public_projects():
    return ProjectPage.objects.live().public()


def with_list_data(queryset):
    """Everything a card shows, in a constant number of queries."""
    return queryset.select_related("commune", "main_image").prefetch_related(
        Prefetch("habitat_types", queryset=HabitatType.objects.order_by("sort_order", "name"))
    )
