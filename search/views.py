"""The public search page (/recherche/) and the header's suggestions.

The page works as a plain GET form (shareable URLs, no JavaScript needed); with htmx, facet
changes, sorting and pagination swap only the results (``search/_results.html``) and push the
URL. Bad input never reaches an engine as syntax: see ``search.analysis.query_terms`` and
``service.clean_*``.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import service
from .adapters import all_adapters
from .backends import SearchBackendError
from .facets import FACET_PARAMS, facet_groups, filters_from_querydict

SORT_PARAMS = {"pertinence": "relevance", "date": "date"}


def _query_string(query, filters, sort, page=None) -> str:
    pairs = []
    if query:
        pairs.append(("q", query))
    for name, values in filters.items():
        pairs.extend((FACET_PARAMS[name][0], value) for value in values)
    if sort == "date":
        pairs.append(("tri", "date"))
    if page and page > 1:
        pairs.append(("page", page))
    return urlencode(pairs)


@require_GET
def search(request):
    query = service.clean_query(request.GET.get("q", ""))
    filters = filters_from_querydict(request.GET)
    sort = SORT_PARAMS.get(request.GET.get("tri", ""), "relevance")
    raw_page = request.GET.get("page", "1")
    page = service.clean_page(raw_page)
    notice = ""
    if str(raw_page).strip() not in ("", str(page)):
        notice = _("Le numéro de page demandé n'existe pas : voici la page %(page)s.") % {
            "page": page
        }
    results = error = None
    try:
        results = service.search(query, filters, sort, page)
        if results.total and page > results.num_pages:
            page = results.num_pages
            notice = _("Le numéro de page demandé n'existe pas : voici la dernière page.")
            results = service.search(query, filters, sort, page)
    except SearchBackendError:
        error = _("La recherche est momentanément indisponible. Réessayez dans quelques instants.")
    closest = []
    if results is not None and not results.total and query:
        closest = service.closest_titles(query)
    type_labels = {adapter.type: adapter.label for adapter in all_adapters()}
    context = {
        "query": query,
        "sort": sort,
        "filters": filters,
        "results": results,
        "error": error,
        "notice": notice,
        "closest": closest,
        "groups": facet_groups(results.facets, filters) if results else [],
        "type_labels": type_labels,
        "hits": [
            {"hit": hit, "type_label": type_labels.get(hit.type, hit.type)}
            for hit in (results.hits if results else [])
        ],
        "has_filters": bool(filters),
        "without_filters": _query_string(query, {}, sort),
        "previous_page": _query_string(query, filters, sort, page - 1) if page > 1 else None,
        "next_page": _query_string(query, filters, sort, page + 1)
        if results and page < results.num_pages
        else None,
        "page": page,
        "start_index": (page - 1) * (results.per_page if results else 10) + 1,
        "too_long": len(request.GET.get("q", "")) > service.MAX_QUERY_CHARS,
    }
    template = "search/_results.html" if request.htmx else "search/search.html"
    return render(request, template, context)


@require_GET
def suggestions(request):
    prefix = request.GET.get("q", "")
    found = service.suggest(prefix) if len(prefix.strip()) >= 2 else []
    type_labels = {adapter.type: adapter.label for adapter in all_adapters()}
    items = [{"s": s, "type_label": type_labels.get(s.type, s.type)} for s in found]
    return render(request, "search/_suggestions.html", {"items": items, "query": prefix[:100]})
