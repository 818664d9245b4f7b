import ast
import subprocess
import sys
from pathlib import Path

import projects.tracking.guarantees.finance as guarantees

FINANCE = Path(guarantees.__file__).parent


def test_the_computations_do_not_need_django():
    code = (
        "import sys, projects.tracking.guarantees.finance\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    root = Path(__file__).resolve().parents[4]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_finance_module_imports_django_even_inside_a_function():
    # The import check above would miss an import deferred into a function body.
    offenders = {
        path.name: imported_roots(path.read_text(encoding="utf-8")) & {"django", "wagtail"}
        for path in sorted(FINANCE.glob("*.py"))
    }
    assert {name: roots for name, roots in offenders.items() if roots} == {}
    assert imported_roots("def f():\n    from django.db import models\n") == {"django"}


def test_public_names_are_exported():
    for name in guarantees.__all__:
        assert hasattr(guarantees, name), name
