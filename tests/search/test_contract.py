"""The contract suite: every backend gives the same hits, order and facet counts for the
same documents (tests/search/conftest.py). It runs on the database backend (SQLite, or
PostgreSQL with DATABASE_URL), and on Elasticsearch when ELASTICSEARCH_URL is set."""

import pytest


def ids(results):
    return [hit.id for hit in results.hits]


def facet(results, name):
    return {f.value: f.count for f in results.facets[name]}


@pytest.mark.parametrize(
    "query",
    ["habitats partagés", "habitat partagé", "HABITAT PARTAGE", "l'habitat partagé"],
)
def test_plurals_accents_case_and_elisions_match(backend, query):
    results = backend.search(query)
    assert set(ids(results)) == {"project:1", "event:3"}
    # The title match ranks first: title > summary > body.
    assert ids(results)[0] == "project:1"


@pytest.mark.parametrize("query", ["cooperative", "coopératives", "Coopérative"])
def test_accents_are_ignored(backend, query):
    assert set(ids(backend.search(query))) == {"project:1", "resource:2", "event:6"}


def test_elided_article_finds_the_word(backend):
    assert set(ids(backend.search("l’habitat"))) == {
        "project:1",
        "resource:2",
        "event:3",
        "project:5",
    }


def test_title_outranks_body(backend):
    # « participatif » is in the title of the guide and the body of the oasis.
    assert ids(backend.search("participatif")) == ["resource:2", "project:5"]


def test_stop_words_only_browse_everything(backend):
    assert backend.search("le la les de").total == 6


def test_all_terms_must_match(backend):
    assert ids(backend.search("habitat Lozère")) == ["project:5"]
    assert backend.search("habitat Capitole Lozère").total == 0


@pytest.mark.parametrize(
    "query",
    ['"habitat', "habit*", "titre:habitat", "(habitat", "habitat AND OR", "-habitat", "a" * 2000],
)
def test_syntax_characters_are_plain_text(backend, query):
    results = backend.search(query)
    assert results.total >= 0


def test_facet_counts_of_everything(backend):
    results = backend.search("")
    assert results.total == 6
    assert facet(results, "type") == {"project": 2, "resource": 2, "event": 2}
    assert facet(results, "theme") == {"juridique": 1, "financement": 1, "foncier": 1}
    assert facet(results, "department") == {"34": 1, "31": 1, "48": 1}
    assert facet(results, "stage") == {"conception": 1, "emergence": 1, "groupe": 1, "chantier": 1}
    assert facet(results, "resource_type") == {"guide": 1, "fiche-pratique": 1}
    assert facet(results, "tag") == {"jardin": 1, "coopérative": 1, "statuts": 1, "rencontre": 1}
    assert facet(results, "year") == {"2023": 1, "2024": 1, "2025": 3, "2026": 1}


def test_a_facet_filter_keeps_the_other_values_of_its_facet(backend):
    results = backend.search("", {"type": ["resource"]})
    assert sorted(ids(results)) == ["resource:2", "resource:4"]
    # Picking a type narrows the other facets, not the type facet itself.
    assert facet(results, "type") == {"project": 2, "resource": 2, "event": 2}
    assert facet(results, "theme") == {"juridique": 1, "financement": 1, "foncier": 1}
    assert facet(results, "year") == {"2024": 1, "2025": 1}
    assert [f.value for f in results.facets["type"] if f.selected] == ["resource"]


def test_facets_combine(backend):
    results = backend.search("", {"type": ["project", "event"], "department": ["34", "31"]})
    assert sorted(ids(results)) == ["event:3", "project:1"]
    results = backend.search("habitat", {"type": ["project"], "department": ["48"]})
    assert ids(results) == ["project:5"]
    assert facet(results, "department") == {"34": 1, "48": 1}


def test_facets_with_a_text_query(backend):
    results = backend.search("coopérative")
    assert facet(results, "type") == {"project": 1, "resource": 1, "event": 1}
    assert facet(results, "theme") == {"juridique": 1, "financement": 1}


def test_unknown_facet_values_and_names(backend):
    assert backend.search("", {"type": ["inconnu"]}).total == 0
    assert backend.search("", {"couleur": ["bleu"]}).total == 6


def test_sort_by_date(backend):
    assert ids(backend.search("", sort="date")) == [
        "event:3",
        "event:6",
        "resource:4",
        "project:1",
        "resource:2",
        "project:5",
    ]
    assert ids(backend.search("habitat", sort="date")) == [
        "event:3",
        "project:1",
        "resource:2",
        "project:5",
    ]


def test_pagination(backend):
    results = backend.search("", sort="date", page=2, per_page=4)
    assert ids(results) == ["resource:2", "project:5"]
    assert results.total == 6
    assert results.num_pages == 2
    assert backend.search("", page=50, per_page=4).hits == []


def test_highlights_mark_the_matching_words(backend):
    results = backend.search("habitats partagés")
    highlight = {hit.id: str(hit.highlight) for hit in results.hits}["event:3"]
    assert "<mark>habitats</mark>" in highlight
    assert "<mark>partagés</mark>" in highlight


def test_highlights_are_escaped(backend):
    backend.search("webinaire")
    hit = backend.search("webinaire").hits[0]
    assert "<script>" not in str(hit.highlight)


def test_suggestions_complete_title_words(backend):
    titles = [s.title for s in backend.suggest("habit")]
    assert sorted(titles) == ["Guide de l'habitat participatif", "Habitat partagé des Tilleuls"]
    assert [s.title for s in backend.suggest("renc toul")] == ["Rencontre régionale à Toulouse"]
    assert [s.url for s in backend.suggest("cévenn")] == ["/projets/oasis/"]
    assert backend.suggest("zzz") == []


def test_index_update_and_delete(backend):
    from tests.search.conftest import contract_documents

    document = contract_documents()[4]
    document.title = "Oasis des Causses"
    backend.index_documents([document])
    backend.refresh()
    assert ids(backend.search("causses")) == ["project:5"]
    assert backend.search("cévennes").total == 0
    backend.delete_documents(["project:5"])
    backend.refresh()
    assert backend.search("causses").total == 0
    assert backend.search("").total == 5
