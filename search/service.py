"""The search service: what views, commands and other apps call.

``search(query, filters, sort, page)`` → ``SearchResults`` (hits with highlights, facet
counts, total) and ``suggest(prefix)`` → titles, on the configured backend. Engine errors
become ``SearchBackendError`` so callers can show a French message, never a traceback.
"""

import logging

from .backends import SearchBackendError, get_backend
from .backends.base import MAX_PAGE, PER_PAGE, SUGGESTIONS
from .documents import SORTS, SearchResults, Suggestion

logger = logging.getLogger(__name__)
MAX_QUERY_CHARS = 200


def clean_query(query) -> str:
    return " ".join(str(query or "").split())[:MAX_QUERY_CHARS]


def clean_page(page) -> int:
    try:
        number = int(str(page).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(query="", filters=None, sort="relevance", page=1, per_page=PER_PAGE) -> SearchResults:
    sort = sort if sort in SORTS else "relevance"
    try:
        return get_backend().search(
            clean_query(query), filters or {}, sort, clean_page(page), per_page
        )
    except SearchBackendError:
        raise
    except Exception as error:
        logger.exception("Search failed for %r", query)
        raise SearchBackendError(str(error)) from error


def suggest(prefix, limit=SUGGESTIONS) -> list[Suggestion]:
    prefix = clean_query(prefix)[:100]
    if not prefix.strip():
        return []
    try:
        return get_backend().suggest(prefix, limit)
    except Exception:
        logger.exception("Suggestions failed for %r", prefix)
        return []


def closest_titles(query) -> list[Suggestion]:
    try:
        return get_backend().closest_titles(clean_query(query))
    except Exception:
        logger.exception("Closest titles failed for %r", query)
        return []
