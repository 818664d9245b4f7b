"""Data built once and shared by the tests that only read it.

A module-scoped fixture opens a transaction, builds its world, yields it and rolls it back when
the module's last test is done; each test still runs in its own savepoint (pytest-django's
``db``), so what a test writes never reaches the next one. pytest-xdist hands out whole
modules (``pytest_xdist_make_scheduler`` in tests/conftest.py), so a world is built on one
worker only.
"""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Everything done inside is undone at the end, whatever happened."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def load_demo() -> str:
    """``manage.py load_demo`` inside the current transaction, with the after-commit work
    (search indexing, notifications) run as a real commit would. Returns what it printed."""
    out = io.StringIO()
    # load_demo refuses to run without DEBUG: its accounts have a public password.
    with override_settings(DEBUG=True), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()
