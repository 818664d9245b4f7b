"""The pure parts of ``manage.py site_benchmark``: figures, reports and the floor view. The
benchmark itself needs a server, PostgreSQL and Redis and runs only with ``make bench``."""

import json

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from labo.bench.report import (
    Result,
    json_report,
    markdown_report,
    markdown_table,
    percentile,
)
from labo.bench.urls import floor, floor_page


def test_percentile_is_a_measured_value_by_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([7.0], 0.95) == 7.0
    assert percentile(list(range(20, 0, -1)), 0.95) == 19


def _results():
    floor_result = Result("floor", "Plancher", "/__bench__/plancher/?octets=1000", is_floor=True)
    floor_result.latencies_ms = [2.0, 3.0, 4.0]
    floor_result.elapsed_s = 1.5
    floor_result.size = 1000
    home = Result("home", "Accueil", "/", errors=1, elapsed_s=2.0, size=1000)
    home.latencies_ms = [10.0, 12.5, 30.0, 11.0]
    return [floor_result, home]


def test_markdown_table_puts_the_floor_beside_the_pages_in_french():
    table = markdown_table(_results())
    lines = table.splitlines()
    assert lines[0].startswith("| Page | Adresse | Taille (octets) |")
    assert (
        "| **Plancher** | `/__bench__/plancher/?octets=1000` | 1\u202f000 | 3 | 0 | 3,0 |" in table
    )
    # 5 requests (4 answered, 1 error), p50 11,0 ms: 8,0 ms above the floor's 3,0 ms.
    assert "| Accueil | `/` | 1\u202f000 | 5 | 1 | 11,0 | 30,0 | 2,0 | 8,0 |" in table


def test_json_report_carries_the_figures_and_the_context():
    data = json.loads(json_report(_results(), {"date": "2026-11-24"}))
    assert data["context"] == {"date": "2026-11-24"}
    home = data["results"][1]
    assert home["p50_ms"] == 11.0
    assert home["p95_ms"] == 30.0
    assert home["throughput_rps"] == 2.0
    assert home["requests"] == 5
    assert home["gap_to_floor_p50_ms"] == 8.0
    assert data["results"][0]["gap_to_floor_p50_ms"] is None


def test_floor_view_answers_exactly_the_requested_size():
    response = floor(RequestFactory().get("/__bench__/plancher/", {"octets": "4321"}))
    assert response.status_code == 200
    assert len(response.content) == 4321
    assert response.content.startswith(b"<!doctype html>")
    assert len(floor_page(50_000)) == 50_000


def test_floor_is_mounted_only_in_the_bench_urlconf():
    assert resolve("/__bench__/plancher/", urlconf="labo.bench.urls").func is floor
    assert reverse("bench_floor", urlconf="labo.bench.urls") == "/__bench__/plancher/"
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor", urlconf="labo.urls")


def test_markdown_report_separates_the_context_from_the_table():
    context = {
        "date": "2026-11-24 01:56 UTC",
        "server": "uvicorn, 3 processus",
        "machine": "2 cœurs",
        "concurrency": 8,
        "requests": 300,
        "warmup": 16,
        "volumes": "1000 projets",
        "load_average": "1,50",
    }
    text = markdown_report(_results(), context)
    assert text.startswith("# Mesures de performance du Labo\n")
    # A table glued to the list above it would be read as part of the last item.
    assert "(moyenne sur 1 min)\n\n| Page |" in text
