"""The Elasticsearch backend (``ELASTICSEARCH_URL``), with the DSL shipped inside the official
client (``elasticsearch.dsl``, elasticsearch>=8.18).

- One ``Document`` mapping with a French analyzer as Elastic documents it (standard tokenizer,
  elision, lowercase, French stop words, ASCII folding, light French stemmer), keyword fields
  for facets, and an edge-ngram sub-field of the title for suggestions.
- Searches are ``FacetedSearch`` requests: a cross-field ``multi_match`` (every word must
  appear, title^3 > summary^2 > body), a ``post_filter`` of the selected facet values and
  one aggregation per facet filtered by the *other* facets, and HTML-encoded highlights.
- Writes go to an alias; ``rebuild`` fills a new timestamped index with bulk requests and
  swaps the alias in one ``update_aliases`` call, so searches never see a half-built index.
"""

import datetime
import logging

from django.conf import settings
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import helpers as es_helpers
from elasticsearch.dsl import (
    Date,
    Document,
    FacetedSearch,
    Index,
    Keyword,
    Search,
    TermsFacet,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from elasticsearch.dsl import query as Q
from elasticsearch.dsl.faceted_search_base import FacetedResponse

from .. import analysis
from ..documents import FACETS, FacetCount, Hit, SearchDocument, SearchResults, Suggestion
from .base import (
    CLOSEST_TITLES,
    PER_PAGE,
    SUGGESTION_TYPES,
    SUGGESTIONS,
    BaseBackend,
    SearchBackendError,
    clean_filters,
)

logger = logging.getLogger(__name__)

DEFAULT_INDEX = "labo-search"
FACET_SIZE = 50
BULK_CHUNK = 500

french_elision = token_filter(
    "french_elision",
    type="elision",
    articles_case=True,
    articles=[
        "l", "m", "t", "qu", "n", "s", "j", "d", "c",
        "jusqu", "quoiqu", "lorsqu", "puisqu",
    ],
)  # fmt: skip
french_stop = token_filter("french_stop", type="stop", stopwords="_french_")
french_stemmer = token_filter("french_stemmer", type="stemmer", language="light_french")
french = analyzer(
    "french_labo",
    tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, "asciifolding", french_stemmer],
)
# Suggestions: word starts of the title, 2 to 20 characters, accents and case folded.
title_edge_ngram = tokenizer(
    "title_edge_ngram",
    type="edge_ngram",
    min_gram=2,
    max_gram=20,
    token_chars=["letter", "digit"],
)
suggest_index = analyzer(
    "suggest_index",
    tokenizer=title_edge_ngram,
    filter=[french_elision, "lowercase", "asciifolding"],
)
suggest_search = analyzer(
    "suggest_search", tokenizer="standard", filter=[french_elision, "lowercase", "asciifolding"]
)


class SearchEntryDocument(Document):
    type = Keyword()
    title = Text(
        analyzer=french,
        fields={
            "suggest": Text(analyzer=suggest_index, search_analyzer=suggest_search),
            "raw": Keyword(),
        },
    )
    summary = Text(analyzer=french)
    body = Text(analyzer=french)
    url = Keyword(index=False)
    date = Date()
    theme = Keyword()
    tag = Keyword()
    department = Keyword()
    stage = Keyword()
    resource_type = Keyword()
    year = Keyword()


def document_source(document: SearchDocument) -> dict:
    source = {
        "type": document.type,
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
    }
    for name, values in document.facet_values().items():
        if name != "type":
            source[name] = values
    return source


class LaboFacetedSearch(FacetedSearch):
    fields = ["title^3", "summary^2", "body"]
    facets = {name: TermsFacet(field=name, size=FACET_SIZE) for name in FACETS}

    def __init__(self, *, index, using, words, **kwargs):
        self.index = index
        self.using = using
        self.words = words
        super().__init__(**kwargs)

    def search(self):
        return Search(index=self.index, using=self.using).response_class(FacetedResponse)

    def query(self, search, query):
        if not self.words:
            return search  # empty query, or stop words only: browse everything
        return search.query(
            Q.MultiMatch(
                query=" ".join(self.words),
                fields=self.fields,
                type="cross_fields",
                operator="and",
            )
        )

    def highlight(self, search):
        return search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=200,
            number_of_fragments=1,
            no_match_size=0,
        ).highlight("summary", "body", title={"number_of_fragments": 0})


class ElasticsearchBackend(BaseBackend):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None):
        self._client = client

    @property
    def alias(self) -> str:
        return getattr(settings, "ELASTICSEARCH_INDEX", DEFAULT_INDEX)

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = Elasticsearch(
                settings.ELASTICSEARCH_URL, request_timeout=10, retry_on_timeout=True
            )
        return self._client

    # Mappings and indexes -----------------------------------------------------------------

    def index_definition(self, name: str | None = None) -> Index:
        index = Index(name or self.alias, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.document(SearchEntryDocument)
        return index

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.datetime.now(tz=datetime.UTC):%Y%m%d%H%M%S%f}"

    def _ensure_index(self) -> None:
        """First write on an empty cluster: create a versioned index behind the alias."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            self.index_definition(name).create()
            self.client.indices.put_alias(index=name, name=self.alias)

    # Writing ---------------------------------------------------------------------------

    def bulk_actions(self, documents, index: str | None = None):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index or self.alias,
                "_id": document.id,
                "_source": document_source(document),
            }

    def index_documents(self, documents) -> int:
        try:
            self._ensure_index()
            written, _ = es_helpers.bulk(
                self.client, self.bulk_actions(documents), chunk_size=BULK_CHUNK
            )
        except Exception as error:
            raise SearchBackendError(str(error)) from error
        return written

    def delete_documents(self, document_ids) -> None:
        actions = (
            {"_op_type": "delete", "_index": self.alias, "_id": document_id}
            for document_id in document_ids
        )
        try:
            es_helpers.bulk(self.client, actions, raise_on_error=False)
        except Exception as error:
            raise SearchBackendError(str(error)) from error

    def rebuild(self, documents, total=None, progress=None) -> int:
        """Build a new index with bulk requests, then point the alias at it atomically and
        drop the old indexes: searches keep answering from the old index meanwhile."""
        client = self.client
        name = self.new_index_name()
        self.index_definition(name).create()
        written = 0
        for ok, _item in es_helpers.streaming_bulk(
            client, self.bulk_actions(documents, index=name), chunk_size=BULK_CHUNK
        ):
            written += 1
            if progress and ok:
                progress(1)
        client.indices.refresh(index=name)
        try:
            old = list(client.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            old = []
        if client.indices.exists(index=self.alias) and not old:
            # A plain index named like the alias (created by hand): replace it.
            client.indices.delete(index=self.alias)
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        client.indices.update_aliases(actions=actions)
        for index in old:
            client.indices.delete(index=index, ignore_unavailable=True)
        return written

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def drop_all(self) -> None:
        """Remove the alias and its indexes (tests against a live cluster)."""
        try:
            for index in self.client.indices.get_alias(name=self.alias):
                self.client.indices.delete(index=index)
        except NotFoundError:
            pass

    def count(self) -> int:
        return Search(index=self.alias, using=self.client).count()

    # Reading ---------------------------------------------------------------------------

    def faceted_search(self, query="", filters=None, sort="relevance", page=1, per_page=PER_PAGE):
        words = analysis.query_words(query)
        ordering = ["-date", "title.raw"] if (sort == "date" or not words) else ["_score", "-date"]
        faceted = LaboFacetedSearch(
            index=self.alias,
            using=self.client,
            words=words,
            query=" ".join(words),
            filters=clean_filters(filters),
            sort=ordering,
        )
        start = (max(1, int(page)) - 1) * per_page
        faceted = faceted[start : start + per_page]
        faceted._s = faceted._s.extra(track_total_hits=True)
        return faceted

    def search(self, query="", filters=None, sort="relevance", page=1, per_page=PER_PAGE):
        faceted = self.faceted_search(query, filters, sort, page, per_page)
        try:
            response = faceted.execute()
        except Exception as error:
            raise SearchBackendError(str(error)) from error
        hits = []
        for hit in response:
            highlight = getattr(hit.meta, "highlight", None)
            passage = title_passage = ""
            if highlight:
                for field in ("summary", "body"):
                    if field in highlight:
                        passage = highlight[field][0]
                        break
                if "title" in highlight:
                    title_passage = highlight["title"][0]
            date = datetime.date.fromisoformat(hit.date[:10]) if hit.date else None
            hits.append(
                Hit(
                    id=hit.meta.id,
                    type=hit.type,
                    title=hit.title,
                    url=hit.url,
                    summary=hit.summary or "",
                    date=date,
                    # encoder=html: Elasticsearch escaped the text around the <mark> tags.
                    highlight=mark_safe(passage),  # noqa: S308
                    title_highlight=mark_safe(title_passage),  # noqa: S308
                    score=hit.meta.score or 0.0,
                )
            )
        facets = {
            name: sorted(
                (FacetCount(str(value), count, selected) for value, count, selected in values),
                key=lambda facet: (-facet.count, facet.value),
            )
            for name, values in response.facets.to_dict().items()
        }
        return SearchResults(
            hits=hits,
            total=response.hits.total.value,
            facets={name: facets.get(name, []) for name in FACETS},
            page=max(1, int(page)),
            per_page=per_page,
        )

    def suggest_search(self, prefix, limit=SUGGESTIONS):
        words = analysis.query_words(prefix)[:5]
        return (
            Search(index=self.alias, using=self.client)
            .query(Q.Match(title__suggest={"query": " ".join(words), "operator": "and"}))
            .filter("terms", type=list(SUGGESTION_TYPES))
            .sort("_score", "-date")
            .source(["title", "url", "type"])[:limit]
        ), words

    def suggest(self, prefix, limit=SUGGESTIONS):
        search, words = self.suggest_search(prefix, limit)
        if not words:
            return []
        response = search.execute()
        return [Suggestion(title=h.title, url=h.url, type=h.type) for h in response]

    def closest_titles(self, query, limit=CLOSEST_TITLES):
        words = analysis.query_words(query)
        if not words:
            return []
        search = (
            Search(index=self.alias, using=self.client)
            .query(Q.Match(title={"query": " ".join(words), "fuzziness": "AUTO"}))
            .source(["title", "url", "type"])[:limit]
        )
        return [Suggestion(title=h.title, url=h.url, type=h.type) for h in search.execute()]
