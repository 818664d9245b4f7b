"""Filters of the resource library (/ressources/), a django-filter ``FilterSet`` like the
projects directory, the instruction list and the forum moderation log.

Every filter reads a plain GET parameter, so a filtered list has a URL to share and works
without JavaScript. A value that matches nothing we know (an old shared link, a renamed
theme…) fails only its own filter: the other filters still apply, and ``warnings`` says in
French what was ignored. Theme, stage and audience filters are EXISTS subqueries rather than
joins, so a resource matching two themes is listed once and its download total is not doubled.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .choices import Audience, ResourceType, Sort, Stage
from .models import ResourcePage, ResourcePageTag
from .selectors import with_downloads, with_listing_relations

MAX_VALUE_LENGTH = 100  # a tag slug is at most 100 characters; longer input is noise
ORDERINGS = {
    Sort.RECENT: ["-publication_date", "-pk"],
    Sort.OLDEST: ["publication_date", "pk"],
    Sort.TITLE: ["title", "pk"],
    Sort.DOWNLOADS: ["-downloads", "-publication_date", "-pk"],
}


class YearField(forms.IntegerField):
    """A year between 1900 and 2100; anything else gets one French message quoting the input."""

    def to_python(self, value):
        try:
            year = super().to_python(value)
        except forms.ValidationError:
            year = 0
        if year is not None and not 1900 <= year <= 2100:
            raise forms.ValidationError(
                _("L'année « %(value)s » n'est pas valide : ce filtre est ignoré."),
                code="invalid",
                params={"value": str(value)[:10]},
            )
        return year


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


def _any_of(label, choices, unknown, relation=None, lookup=None):
    """A filter of several values, OR-ed; on a many-to-many ``relation`` it is an EXISTS
    subquery on the through table. ``unknown`` is the French message for a value not in
    ``choices``."""

    def through_exists(queryset, name, values):
        through = getattr(ResourcePage, relation).through.objects
        return queryset.filter(
            Exists(through.filter(resourcepage_id=OuterRef("pk"), **{lookup: values}))
        )

    return django_filters.MultipleChoiceFilter(
        label=label,
        choices=choices,
        distinct=False,
        error_messages={"invalid_choice": unknown},
        **({"method": through_exists} if relation else {"field_name": "resource_type"}),
    )


class LibraryFilterSet(django_filters.FilterSet):
    type = _any_of(
        _("Type de ressource"),
        ResourceType.choices,
        _("Le type « %(value)s » n'existe pas : ce filtre est ignoré."),
    )
    theme = _any_of(
        _("Thème"),
        [],  # the themes of the site, given by the view
        _("Le thème « %(value)s » n'existe pas : ce filtre est ignoré."),
        "themes",
        "theme__slug__in",
    )
    stade = _any_of(
        _("Stade du projet"),
        Stage.choices,
        _("Le stade « %(value)s » n'existe pas : ce filtre est ignoré."),
        "stages",
        "resourcestage_id__in",
    )
    public = _any_of(
        _("Public"),
        Audience.choices,
        _("Le public « %(value)s » n'existe pas : ce filtre est ignoré."),
        "audiences",
        "resourceaudience_id__in",
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Mot-clé"),
        to_field_name="slug",
        queryset=Tag.objects.all(),
        method="filter_tag",
        error_messages={
            "invalid_choice": _("Le mot-clé « %(value)s » n'existe pas : ce filtre est ignoré.")
        },
    )
    annee = YearFilter(
        label=_("Année de publication"), field_name="publication_date", lookup_expr="year"
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=Sort.choices,
        method="keep",  # the order is applied in filter_queryset, chosen or not
        empty_label=None,
        error_messages={
            "invalid_choice": _(
                "Le tri « %(value)s » n'existe pas : les plus récentes sont affichées."
            )
        },
    )

    class Meta:
        model = ResourcePage
        fields = []

    def __init__(self, data=None, *args, themes=(), **kwargs):
        if data is not None:
            data = data.copy()
            for key in data:
                data.setlist(key, [value.strip()[:MAX_VALUE_LENGTH] for value in data.getlist(key)])
        super().__init__(data, *args, **kwargs)
        self.filters["theme"].extra["choices"] = [(theme.slug, theme.name) for theme in themes]

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(
            Exists(ResourcePageTag.objects.filter(content_object_id=OuterRef("pk"), tag=tag))
        )

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = with_downloads(super().filter_queryset(queryset))
        return with_listing_relations(queryset.order_by(*ORDERINGS[self.sort]))

    @property
    def chosen(self) -> dict:
        """The values that apply, for the form to show them checked or selected."""
        self.form.is_valid()  # fills cleaned_data with the filters that apply
        data = getattr(self.form, "cleaned_data", {})
        tag = data.get("tag")
        return {
            "types": data.get("type") or [],
            "themes": data.get("theme") or [],
            "stages": data.get("stade") or [],
            "audiences": data.get("public") or [],
            "tag": tag.slug if tag else "",
            "year": data.get("annee"),
            "sort": self.sort,
        }

    @property
    def sort(self) -> str:
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return data.get("tri") or Sort.RECENT

    @property
    def warnings(self) -> list[str]:
        if not self.is_bound:
            return []
        return [message for errors in self.form.errors.values() for message in errors]
