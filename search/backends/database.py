"""The embedded backend: ``SearchEntry`` rows searched with the database's own full-text
engine (PostgreSQL ``tsvector`` with the ``labo_french`` configuration, or SQLite FTS5), facet
counts by aggregation. Text analysis (stop words, elisions, stemming) is done by PostgreSQL
on PostgreSQL and by ``search.analysis`` for SQLite, which has no French stemmer.

A search costs a constant number of queries whatever the number of hits: one page of hits,
one facet aggregation plus one per facet with selected values (a facet's own selection does
not narrow its counts, as with Elasticsearch's ``FacetedSearch``; the type facet is counted
and filtered on the entries' ``type`` column); the total is the sum of the type counts.
Facet counts are cached per (index version, query, filters), so the other pages and sort of
a query only rank and fetch their page. On PostgreSQL, the ranking only reads the vectors of
the matching entries, found with the GIN index (see ``_index_scans``).
"""

import difflib
import hashlib
import logging
import uuid
from contextlib import contextmanager, nullcontext
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F
from django.db.models.expressions import RawSQL

from .. import analysis
from ..documents import FACETS, FacetCount, Hit, SearchDocument, SearchResults, Suggestion
from ..highlight import best_passage, passage
from ..models import SearchEntry, SearchFacet, SearchIndexVersion
from .base import (
    CLOSEST_TITLES,
    PER_PAGE,
    SUGGESTION_TYPES,
    SUGGESTIONS,
    BaseBackend,
    clean_filters,
)

logger = logging.getLogger(__name__)
BATCH = 500
FTS_TABLE = "search_entry_fts"
PG_CONFIG = "labo_french"
# bm25 weights of the FTS5 columns (title, summary, body); on PostgreSQL the same order comes
# from the A/B/C weights of the generated column.
FTS_WEIGHTS = "10.0, 4.0, 1.0"
# How long facet counts are kept in the Django cache (0: not cached). Counting facets is
# the largest part of a broad search (~30,000 facet rows for « habitat » on 10,000
# entries) and the same counts serve every page and both sorts of a query.
FACET_CACHE_SECONDS = getattr(settings, "SEARCH_FACET_CACHE_SECONDS", 600)


def _batches(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def folded_title(title: str) -> str:
    return (" " + " ".join(analysis.fold(title).replace("'", " ").replace("’", " ").split()))[:260]


# Planner settings for full-text queries on PostgreSQL (see ``_index_scans``).
PLANNER_SETTINGS = {"random_page_cost": "1.1"}


@contextmanager
def _index_scans():
    """Run the enclosed PostgreSQL queries with ``PLANNER_SETTINGS``.

    With the default ``random_page_cost`` (4, for spinning disks), a broad query (« habitat »
    matches half the entries) gets a sequential scan that evaluates ``@@`` on every row and
    so decompresses every ``search_vector`` (the planner costs ``@@`` like any cheap
    operator): 2 to 5 times slower than a bitmap scan of the GIN index, which finds the
    matching rows without reading any vector. 1.1, the usual value when the data is in
    memory or on SSD, makes the planner choose the index. The settings are local to the
    transaction and restored on exit, so later queries of an enclosing transaction keep
    their usual plans."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        names = list(PLANNER_SETTINGS)
        cursor.execute(
            "SELECT " + ", ".join(["current_setting(%s), set_config(%s, %s, true)"] * len(names)),
            [param for name in names for param in (name, name, PLANNER_SETTINGS[name])],
        )
        previous = cursor.fetchone()[::2]
        yield
        # (After an error the enclosing transaction is rolled back, which restores them too.)
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
            [param for name, value in zip(names, previous, strict=True) for param in (name, value)],
        )


def _cache_call(method, *args):
    """The cache only saves time: when it cannot be reached, search without it."""
    try:
        return method(*args)
    except Exception:
        logger.warning("Search facet cache unavailable", exc_info=True)
        return None


class DatabaseBackend(BaseBackend):
    name = "database"

    @property
    def vendor(self) -> str:
        return connection.vendor

    # Writing -----------------------------------------------------------------------------

    def index_documents(self, documents) -> int:
        written = 0
        with transaction.atomic():
            self._new_version()
            for batch in _batches(documents):
                self._delete([document.id for document in batch])
                self._insert(batch)
                written += len(batch)
        return written

    def delete_documents(self, document_ids) -> None:
        with transaction.atomic():
            self._new_version()
            for batch in _batches(document_ids):
                self._delete(batch)

    def rebuild(self, documents, total=None, progress=None) -> int:
        """One transaction: searches see the old index until the new one is complete."""
        written = 0
        with transaction.atomic():
            self._new_version()
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant
            SearchFacet.objects.all().delete()
            SearchEntry.objects.all().delete()
            for batch in _batches(documents):
                self._insert(batch)
                written += len(batch)
                if progress:
                    progress(len(batch))
        return written

    def count(self) -> int:
        return SearchEntry.objects.count()

    @staticmethod
    def _new_version() -> None:
        """Change the index's version token within the writing transaction (see
        ``SearchIndexVersion``); this also serialises concurrent writers on its row."""
        SearchIndexVersion.objects.bulk_create(
            [SearchIndexVersion(pk=1, token=uuid.uuid4())],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["token"],
        )

    def _delete(self, document_ids: list[str]) -> None:
        entries = SearchEntry.objects.filter(document_id__in=document_ids)
        if self.vendor == "sqlite":
            ids = list(entries.values_list("pk", flat=True))
            if ids:
                with connection.cursor() as cursor:
                    placeholders = ", ".join(["%s"] * len(ids))
                    cursor.execute(
                        f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",  # noqa: S608
                        ids,
                    )
        SearchFacet.objects.filter(entry__document_id__in=document_ids).delete()
        entries.delete()

    def _insert(self, documents: list[SearchDocument]) -> None:
        entries = SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    document_id=document.id,
                    type=document.type,
                    title=document.title[:255],
                    title_words=folded_title(document.title),
                    url=document.url[:500],
                    summary=document.summary or "",
                    body=document.body or "",
                    date=document.date,
                )
                for document in documents
            ]
        )
        facets = []
        for entry, document in zip(entries, documents, strict=True):
            for name, values in document.facet_values().items():
                facets.extend(SearchFacet(entry=entry, name=name, value=value) for value in values)
        SearchFacet.objects.bulk_create(facets)
        if self.vendor == "sqlite":
            rows = [
                (
                    entry.pk,
                    analysis.indexed_text(document.title),
                    analysis.indexed_text(document.summary or ""),
                    analysis.indexed_text(document.body or ""),
                )
                for entry, document in zip(entries, documents, strict=True)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    rows,
                )

    # Reading -----------------------------------------------------------------------------

    def _matching(self, query: str, *, any_term: bool = False):
        """(entries matching the text of ``query``, the same annotated with ``rank``), or
        (None, None) when the query has no searchable term. ``any_term`` matches entries
        with any of the terms instead of all of them.

        The first queryset is also used inside subqueries (facet counts), where Django renames
        the table: its SQL names no table. The ranked one is only the outer query."""
        entries = SearchEntry.objects.all()
        if self.vendor == "postgresql":
            words = analysis.query_words(query)
            if not words:
                return None, None
            # Words are [a-z0-9]+ only, so the tsquery text below cannot be a syntax error.
            tsquery = f"to_tsquery('{PG_CONFIG}', %s)"
            text = (" | " if any_term else " & ").join(words)
            # Only constants are formatted into the SQL; the user's words are parameters.
            matching = entries.extra(where=[f"search_vector @@ {tsquery}"], params=[text])  # noqa: S610
            ranked = matching.extra(  # noqa: S610
                select={"rank": f"ts_rank(search_vector, {tsquery})"}, select_params=[text]
            )
            return matching, ranked
        terms = analysis.query_terms(query)
        if not terms:
            return None, None
        match = (" OR " if any_term else " ").join(f'"{term}"' for term in terms)
        matching = entries.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611
        )
        ranked = entries.extra(  # noqa: S610
            select={"rank": f"-bm25({FTS_TABLE}, {FTS_WEIGHTS})"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = search_searchentry.id", f"{FTS_TABLE} MATCH %s"],
            params=[match],
        )
        return matching, ranked

    @staticmethod
    def _filtered(entries, filters: dict[str, list[str]], skip: str | None = None):
        for name, values in filters.items():
            if name == skip:
                continue
            if name == "type":
                # An entry's only type facet is its ``type`` column: no subquery needed.
                entries = entries.filter(type__in=values)
                continue
            entries = entries.filter(
                pk__in=SearchFacet.objects.filter(name=name, value__in=values).values("entry_id")
            )
        return entries

    def _facet_counts(self, entries, filters, *, text_filtered, query):
        """Facet counts of the entries matching ``query`` and ``filters``, from the cache
        when this version of the index has already counted them."""
        key = counts = None
        if FACET_CACHE_SECONDS:
            token = SearchIndexVersion.objects.filter(pk=1).values_list("token", flat=True)
            key = repr((self.vendor, str(token.first()), query, sorted(filters.items())))
            key = "search:facets:" + hashlib.sha256(key.encode()).hexdigest()
            counts = _cache_call(cache.get, key)
        if counts is None:
            counts = self._count_facets(entries, filters, text_filtered=text_filtered)
            if key:
                _cache_call(cache.set, key, counts, FACET_CACHE_SECONDS)
        return {
            name: sorted(
                (
                    FacetCount(value, n, selected=value in filters.get(name, []))
                    for value, n in values.items()
                ),
                key=lambda facet: (-facet.count, facet.value),
            )
            for name, values in counts.items()
        }

    def _count_facets(self, entries, filters, *, text_filtered):
        """{facet name: {value: count}}: one GROUP BY for the facets without a selected
        value, one per facet with selected values (which does not narrow its own counts)."""
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        groups = [(None, [name for name in FACETS if name not in filters])]
        groups += [(name, [name]) for name in filters]
        for skip, names in groups:
            if not names:
                continue
            if names == ["type"]:
                # Counted on the entries' ``type`` column, without joining the facets.
                scope = self._filtered(entries, filters, skip="type")
                rows = scope.values("type").annotate(n=Count("pk")).order_by()
                counts["type"] = {row["type"]: row["n"] for row in rows}
                continue
            facets = SearchFacet.objects.all()
            if len(names) < len(FACETS):
                facets = facets.filter(name__in=names)
            if text_filtered or any(name != skip for name in filters):
                scope = self._filtered(entries, filters, skip=skip)
                facets = facets.filter(entry_id__in=scope.values("pk"))
            # else: browsing everything, the counts come from the facet index alone.
            rows = facets.values("name", "value").annotate(n=Count("pk")).order_by()
            for row in rows:
                counts[row["name"]][row["value"]] = row["n"]
        return counts

    def search(self, query="", filters=None, sort="relevance", page=1, per_page=PER_PAGE):
        filters = clean_filters(filters)
        terms = analysis.query_terms(query)
        entries, ranked_entries = self._matching(query)
        text_filtered = entries is not None
        ranked = text_filtered and sort != "date"
        if not text_filtered:
            entries = ranked_entries = SearchEntry.objects.all()
        with self._text_queries(text_filtered):
            facets = self._facet_counts(
                entries, filters, text_filtered=text_filtered, query=query if text_filtered else ""
            )
            # Every entry has exactly one type: the type counts give the total without a
            # COUNT query (the type facet ignores the type filter, so keep the selected
            # types only).
            selected_types = filters.get("type")
            total = sum(
                facet.count
                for facet in facets["type"]
                if selected_types is None or facet.value in selected_types
            )
            matching = self._filtered(ranked_entries if ranked else entries, filters)
            if ranked:
                ordering = ["-rank", F("date").desc(nulls_last=True), "pk"]
            else:
                ordering = [F("date").desc(nulls_last=True), "pk"]
            page = max(1, int(page))
            start = (page - 1) * per_page
            rows = list(matching.order_by(*ordering)[start : start + per_page]) if total else []
        hits = [
            Hit(
                id=entry.document_id,
                type=entry.type,
                title=entry.title,
                url=entry.url,
                summary=entry.summary,
                date=entry.date,
                highlight=best_passage([entry.summary, entry.body], terms) if terms else "",
                title_highlight=passage(entry.title, terms, size=300) if terms else "",
                score=float(getattr(entry, "rank", 0.0) or 0.0),
            )
            for entry in rows
        ]
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=page,
            per_page=per_page,
        )

    def _text_queries(self, text_filtered: bool):
        return _index_scans() if text_filtered and self.vendor == "postgresql" else nullcontext()

    def suggest(self, prefix, limit=SUGGESTIONS):
        words = analysis.query_words(prefix)[:5]
        if not words:
            return []
        entries = SearchEntry.objects.filter(type__in=SUGGESTION_TYPES)
        for word in words:
            entries = entries.filter(title_words__contains=" " + word)
        rows = entries.order_by(F("date").desc(nulls_last=True), "pk").values(
            "title", "url", "type"
        )[:limit]
        return [Suggestion(**row) for row in rows]

    def closest_titles(self, query, limit=CLOSEST_TITLES):
        _, entries = self._matching(query, any_term=True)
        found = []
        if entries is not None:
            with self._text_queries(True):
                rows = entries.order_by("-rank", "pk").values("title", "url", "type")[:limit]
                found = [Suggestion(**row) for row in rows]
        if found:
            return found
        # No word in common: titles that look alike (typos), among the most recent ones.
        folded = analysis.fold(query)[:100]
        if not folded.strip():
            return []
        candidates = list(
            SearchEntry.objects.order_by(F("date").desc(nulls_last=True)).values(
                "title", "url", "type"
            )[:2000]
        )
        by_title = {analysis.fold(row["title"]): row for row in candidates}
        close = difflib.get_close_matches(folded, list(by_title), n=limit, cutoff=0.5)
        return [Suggestion(**by_title[title]) for title in close]
