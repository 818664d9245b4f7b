"""Public search over projects, resources, events and public forum topics.

One interface, two backends (Elasticsearch through ``elasticsearch.dsl``, or the database:
PostgreSQL full text or SQLite FTS5), behind the same calls::

    from search import search, suggest
    results = search("habitat partagé", {"type": ["project"]}, sort="relevance", page=1)
    results.hits, results.facets, results.total
    suggest("habit")
"""


def search(query="", filters=None, sort="relevance", page=1, **kwargs):
    from .service import search as _search

    return _search(query, filters, sort, page, **kwargs)


def suggest(prefix, **kwargs):
    from .service import suggest as _suggest

    return _suggest(prefix, **kwargs)
