"""The benchmarks live in one app, installed only by ``labo.settings.bench``: the site that runs
for people never imports them (the load scenario even monkey-patches the standard library with
gevent). Cost: one parse of the tree, well under a second."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("labo", "projects", "resources", "forum", "search")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_runtime_module_imports_the_benchmarks():
    offenders = []
    for package in RUNTIME:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("labo/bench/") or relative == "labo/settings/bench.py":
                continue
            offenders += [
                f"{relative}: {name}"
                for name in imported_modules(path)
                if name == "labo.bench" or name.startswith("labo.bench.")
            ]
    assert offenders == []


def test_only_the_bench_settings_install_the_benchmarks():
    assert "labo.bench" not in settings.INSTALLED_APPS
    bench_settings = (ROOT / "labo/settings/bench.py").read_text(encoding="utf-8")
    assert 'INSTALLED_APPS = [*INSTALLED_APPS, "labo.bench"]' in bench_settings
    for name in ("site_benchmark", "search_benchmark", "tracking_benchmark", "forum_bench"):
        assert (ROOT / f"labo/bench/management/commands/{name}.py").exists()
