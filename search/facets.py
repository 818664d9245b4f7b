"""Facets as the page shows them: URL parameter names (French, shareable), legends, and the
French label of each value. Labels are resolved here, in at most one query (theme names),
so both backends store only stable codes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from labo.accounts.occitanie import Departement

from .adapters import all_adapters
from .documents import FACETS, FacetCount

# facet name → (URL parameter, legend)
FACET_PARAMS = {
    "type": ("type", _("Type de contenu")),
    "theme": ("theme", _("Thème")),
    "department": ("departement", _("Département")),
    "stage": ("stade", _("Stade du projet")),
    "resource_type": ("type_ressource", _("Type de ressource")),
    "tag": ("mot_cle", _("Mot-clé")),
    "year": ("annee", _("Année")),
}
MAX_OPTIONS = 12


@dataclass
class FacetGroup:
    name: str
    param: str
    legend: str
    options: list[FacetCount] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetCount]:
        return [option for option in self.options if option.selected]


def _choices(path: str) -> dict[str, str]:
    from django.utils.module_loading import import_string

    try:
        return {str(value): str(label) for value, label in import_string(path).choices}
    except ImportError:
        return {}


def _labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "type":
        return {adapter.type: str(adapter.label) for adapter in all_adapters()}
    if name == "department":
        return {code: str(label) for code, label in Departement.choices}
    if name == "stage":
        return _choices("projects.models.pages.Stage")
    if name == "resource_type":
        return _choices("resources.choices.ResourceType")
    if name == "theme" and values:
        from django.apps import apps

        try:
            theme = apps.get_model("resources", "Theme")
        except LookupError:
            return {}
        return dict(theme.objects.filter(slug__in=values).values_list("slug", "name"))
    return {value: value for value in values}


def facet_groups(counts: dict[str, list[FacetCount]], filters: dict[str, list[str]]):
    groups = []
    for name in FACETS:
        options = list(counts.get(name, []))
        present = {option.value for option in options}
        # A selected value without any result still shows, checked, so it can be unchecked.
        options += [
            FacetCount(value, 0, True) for value in filters.get(name, []) if value not in present
        ]
        shown = [o for o in options if o.selected] + [o for o in options if not o.selected]
        shown = shown[: max(MAX_OPTIONS, len(filters.get(name, [])))]
        labels = _labels(name, [option.value for option in shown])
        for option in shown:
            option.label = labels.get(option.value, option.value)
        if name == "year":
            shown.sort(key=lambda option: option.value, reverse=True)
        param, legend = FACET_PARAMS[name]
        groups.append(FacetGroup(name, param, str(legend), shown))
    return groups


def filters_from_querydict(querydict) -> dict[str, list[str]]:
    filters = {}
    for name, (param, _legend) in FACET_PARAMS.items():
        values = [value.strip()[:100] for value in querydict.getlist(param) if value.strip()]
        if values:
            filters[name] = list(dict.fromkeys(values))[:20]
    return filters
