import pytest

from search.backends import get_backend

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_leaves_nothing_behind(site):
    from labo.bench.search import run

    lines = []
    report = run(count=200, repeat=2, out=lines.append)
    assert report["all"][1] > 0
    assert any("p95" in line for line in lines)
    assert get_backend().count() == 0
