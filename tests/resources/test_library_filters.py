"""The library's FilterSet: each unknown value fails only its own filter, with a French
message, and the page still lists what the other filters ask for. Cost: a few pages, < 1 s."""

import pytest
from django.http import QueryDict

from resources.filters import LibraryFilterSet
from resources.models import Theme
from resources.selectors import published_resources

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(index):
    finance = Theme.objects.get(slug="financement")
    ResourcePageFactory(title="Guide du prêt", resource_type="guide", themes=[finance])
    ResourcePageFactory(title="Statuts types", resource_type="modele")
    return Theme.objects.all()


def run(query, themes):
    filters = LibraryFilterSet(QueryDict(query), queryset=published_resources(), themes=themes)
    return filters, [page.title for page in filters.qs]


def test_valid_filters_apply_and_show_as_chosen(library):
    filters, titles = run("type=guide&theme=financement&tri=titre", library)
    assert titles == ["Guide du prêt"]
    assert filters.warnings == []
    assert filters.chosen["types"] == ["guide"]
    assert filters.chosen["themes"] == ["financement"]
    assert filters.chosen["sort"] == "titre"


@pytest.mark.parametrize(
    ("query", "warning"),
    [
        ("annee=1899", "L'année « 1899 » n'est pas valide : ce filtre est ignoré."),
        ("annee=" + "9" * 40, "L'année « 9999999999 » n'est pas valide : ce filtre est ignoré."),
        ("theme=astrologie", "Le thème « astrologie » n'existe pas : ce filtre est ignoré."),
        ("tri=hasard", "Le tri « hasard » n'existe pas : les plus récentes sont affichées."),
        (
            "tag=" + "x" * 500,
            "Le mot-clé « " + "x" * 100 + " » n'existe pas : ce filtre est ignoré.",
        ),
    ],
)
def test_an_unknown_value_is_named_and_the_other_filters_still_apply(library, query, warning):
    filters, titles = run(f"{query}&type=guide", library)
    assert filters.warnings == [warning]
    assert titles == ["Guide du prêt"]
    assert filters.chosen["types"] == ["guide"]


def test_without_filters_the_newest_come_first(library):
    filters, titles = run("", library)
    assert filters.chosen["sort"] == "recent"
    assert set(titles) == {"Guide du prêt", "Statuts types"}
