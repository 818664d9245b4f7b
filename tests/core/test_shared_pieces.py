"""Pieces several features need live in labo.core: a feature never imports them from
another feature (the home page's blocks, the agenda's iCalendar helpers), so changing one
feature cannot break another through a helper it happened to lend."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from labo.core.blocks import BodyBlock

ROOT = Path(settings.BASE_DIR)
SOURCES = ("labo", "projects", "resources", "forum", "search")

# A feature's module that only that feature may import.
PRIVATE = {"labo.home.blocks": "labo/home", "labo.events.ical": "labo/events"}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_no_feature_imports_another_features_helpers():
    offenders = []
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            for module in imported_modules(path):
                owner = PRIVATE.get(module)
                if owner and not relative.startswith(owner + "/"):
                    offenders.append(f"{relative} imports {module}")
    assert offenders == []


@pytest.mark.parametrize(
    "body",
    [
        "labo.home.models.HomePage.body",
        "labo.events.models.EventPage.body",
        "resources.models.ResourcePage.body",
    ],
)
def test_page_bodies_offer_the_shared_blocks(body):
    model, field = body.rsplit(".", 1)
    stream = import_string(model)._meta.get_field(field).stream_block
    assert isinstance(stream, BodyBlock)
    assert {"heading", "paragraph", "image", "call_to_action"} <= set(stream.child_blocks)
