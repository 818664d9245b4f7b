"""The guarantee screens write only through ``services.py``, as every other app does: a view
checks the permission, validates, calls a service and answers, so each write has one named
place where it is tested."""

import ast
from pathlib import Path

import projects.tracking.guarantees.views as views

# Model, queryset, form and transaction methods that write (or open a write transaction).
WRITES = {
    "save",
    "create",
    "delete",
    "update",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "atomic",
}


def writes_in(source: str) -> list[str]:
    return [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in WRITES
    ]


def test_guarantee_views_write_nothing_themselves():
    assert writes_in(Path(views.__file__).read_text(encoding="utf-8")) == []


def test_the_scan_finds_the_writes_views_used_to_make():
    source = (
        "row = form.save(commit=False)\n"
        "row.save()\n"
        "GuaranteeFollowUp.objects.update_or_create(loan=loan)\n"
        "with transaction.atomic():\n"
        "    formset.save()\n"
    )
    assert writes_in(source) == [
        "line 1: .save",
        "line 2: .save",
        "line 3: .update_or_create",
        "line 4: .atomic",
        "line 5: .save",
    ]
