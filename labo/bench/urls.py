"""URLs of ``labo.settings.bench`` only: the site's own, plus the floor of the benchmark.

The floor (``/__bench__/plancher/?octets=N``) answers an HTML page of exactly N bytes with no
template and no database, through the same middleware as every page: its latency is what
Django, the middleware, the ASGI server and the network cost for a page of that size, so the
gap between a page and the floor is what our own code costs. It must never be reachable on
the real site, hence this separate urlconf.
"""

from django.http import HttpResponse
from django.urls import path

from labo.urls import handler403, handler404, handler500  # noqa: F401
from labo.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "__bench__/plancher/"
_HEAD = b"<!doctype html><html lang=fr><title>Plancher</title><p>"
_TAIL = b"</p></html>"


def floor_page(size: int) -> bytes:
    padding = max(0, size - len(_HEAD) - len(_TAIL))
    return _HEAD + b"x" * padding + _TAIL


def floor(request):
    try:
        size = min(int(request.GET.get("octets", 20_000)), 5_000_000)
    except ValueError:
        size = 20_000
    return HttpResponse(floor_page(size), content_type="text/html; charset=utf-8")


# Before the site's patterns: Wagtail's catch-all would otherwise answer 404.
urlpatterns = [path(FLOOR_PATH, floor, name="bench_floor"), *site_urlpatterns]
