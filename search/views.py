"""Public search page.

For now it searches the public Wagtail pages through Wagtail's database search backend; the
search service of ARCHITECTURE.md (Elasticsearch or database backend, facets, highlights)
replaces the query behind this same page and URL.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 20


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_obj = None
    if query:
        results = Page.objects.live().public().specific().search(query)
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
