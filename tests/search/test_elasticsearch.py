"""The Elasticsearch backend, tested on what it sends: the index mapping and analyzers
(``Index.to_dict()``), the searches (``Search.to_dict()``) and the bulk actions, with a
fake client recording the calls of a rebuild. The contract suite (test_contract.py) runs
against a real cluster when ELASTICSEARCH_URL is set."""

import datetime

import pytest

from search.backends.elasticsearch import ElasticsearchBackend

from .conftest import contract_documents


class FakeIndices:
    def __init__(self, calls, aliases):
        self.calls = calls
        self.aliases = aliases

    def __getattr__(self, name):
        def call(**kwargs):
            self.calls.append((f"indices.{name}", kwargs))
            if name == "get_alias":
                return {index: {} for index in self.aliases}
            if name in ("exists", "exists_alias"):
                return bool(self.aliases) if name == "exists_alias" else False
            return {"acknowledged": True}

        return call


class FakeClient:
    def __init__(self, aliases=()):
        self.calls = []
        self.indices = FakeIndices(self.calls, list(aliases))


@pytest.fixture(autouse=True)
def fake_bulk(monkeypatch):
    """Bulk requests are recorded instead of sent."""

    def streaming_bulk(client, actions, **kwargs):
        actions = list(actions)
        client.calls.append(("bulk", actions))
        for action in actions:
            yield True, {"index": {"_id": action["_id"], "status": 201}}

    monkeypatch.setattr("search.backends.elasticsearch.es_helpers.streaming_bulk", streaming_bulk)


@pytest.fixture
def backend(settings):
    settings.ELASTICSEARCH_INDEX = "labo-search"
    return ElasticsearchBackend(client=FakeClient(aliases=["labo-search-20250101000000"]))


def test_mapping_has_the_french_analyzer_and_keyword_facets(backend):
    body = backend.index_definition("labo-search-v1").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["french_labo"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["french_elision", "lowercase", "french_stop", "asciifolding", "french_stemmer"],
    }
    assert analysis["filter"]["french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    assert analysis["filter"]["french_stop"] == {"type": "stop", "stopwords": "_french_"}
    assert analysis["filter"]["french_elision"]["type"] == "elision"
    assert "l" in analysis["filter"]["french_elision"]["articles"]
    assert analysis["tokenizer"]["title_edge_ngram"]["type"] == "edge_ngram"
    properties = body["mappings"]["properties"]
    for field in ("title", "summary", "body"):
        assert properties[field]["analyzer"] == "french_labo"
    assert properties["title"]["fields"]["suggest"]["analyzer"] == "suggest_index"
    for facet in ("type", "theme", "department", "stage", "resource_type", "tag", "year"):
        assert properties[facet] == {"type": "keyword"}
    assert properties["date"] == {"type": "date"}


def test_search_request_with_query_facets_highlights_and_page(backend):
    body = backend.faceted_search(
        "L'habitat partagé (AND) *", {"type": ["project"], "department": ["34"]}, page=3
    )._s.to_dict()
    assert body["query"] == {
        "multi_match": {
            "query": "habitat partage",
            "fields": ["title^3", "summary^2", "body"],
            "type": "cross_fields",
            "operator": "and",
        }
    }
    assert body["post_filter"] == {
        "bool": {"must": [{"terms": {"type": ["project"]}}, {"terms": {"department": ["34"]}}]}
    }
    # Each facet counts with the other facets' filters only (disjunctive facets).
    assert body["aggs"]["_filter_type"]["filter"] == {"terms": {"department": ["34"]}}
    assert body["aggs"]["_filter_theme"]["filter"]["bool"]["must"] == [
        {"terms": {"type": ["project"]}},
        {"terms": {"department": ["34"]}},
    ]
    assert body["aggs"]["_filter_year"]["aggs"]["year"]["terms"] == {"field": "year", "size": 50}
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["from"] == 20 and body["size"] == 10
    assert body["sort"] == ["_score", {"date": {"order": "desc"}}]
    assert body["track_total_hits"] is True


def test_empty_or_stop_word_query_browses_by_date(backend):
    for query in ("", "le la les", '" * : ( )'):
        body = backend.faceted_search(query, {"couleur": ["bleu"]})._s.to_dict()
        assert "query" not in body
        assert "post_filter" not in body
        assert body["sort"] == [{"date": {"order": "desc"}}, "title.raw"]


def test_suggest_request_uses_the_edge_ngram_field(backend):
    search, words = backend.suggest_search("L'habit part")
    assert words == ["habit", "part"]
    assert search.to_dict()["query"] == {
        "bool": {
            "must": [{"match": {"title.suggest": {"query": "habit part", "operator": "and"}}}],
            "filter": [{"terms": {"type": ["project", "resource", "event"]}}],
        }
    }
    assert backend.suggest("le") == []


def test_bulk_actions(backend):
    document = contract_documents()[1]
    (action,) = backend.bulk_actions([document], index="labo-search-v2")
    assert action["_op_type"] == "index"
    assert action["_index"] == "labo-search-v2"
    assert action["_id"] == "resource:2"
    source = action["_source"]
    assert source["type"] == "resource"
    assert source["date"] == datetime.date(2024, 6, 10).isoformat()
    assert source["theme"] == ["juridique", "financement"]
    assert source["stage"] == ["emergence", "groupe"]
    assert source["year"] == ["2024"]
    assert source["tag"] == ["statuts"]


def test_rebuild_fills_a_new_index_then_swaps_the_alias(backend):
    progress = []
    written = backend.rebuild(contract_documents(), progress=progress.append)
    assert written == 6 and sum(progress) == 6
    calls = backend.client.calls
    names = [name for name, _ in calls]
    create = next(kwargs for name, kwargs in calls if name == "indices.create")
    new_index = create["index"]
    assert new_index.startswith("labo-search-") and new_index != "labo-search-20250101000000"
    assert "bulk" in names
    assert (
        names.index("indices.create") < names.index("bulk") < names.index("indices.update_aliases")
    )
    update = next(kwargs for name, kwargs in calls if name == "indices.update_aliases")
    assert update["actions"] == [
        {"remove": {"index": "labo-search-20250101000000", "alias": "labo-search"}},
        {"add": {"index": new_index, "alias": "labo-search"}},
    ]
    deleted = [kwargs["index"] for name, kwargs in calls if name == "indices.delete"]
    assert deleted == ["labo-search-20250101000000"]


def test_unreachable_cluster_raises_a_backend_error(settings):
    from search.backends import SearchBackendError

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backend = ElasticsearchBackend()
    with pytest.raises(SearchBackendError):
        backend.search("habitat")
    with pytest.raises(SearchBackendError):
        backend.index_documents(contract_documents())
