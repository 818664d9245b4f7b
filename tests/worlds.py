"""Data built once and shared by the tests that only read it.

A module-scoped fixture opens a transaction, builds its world, yields it and rolls it back when
the module's last test is done; each test still runs in its own savepoint (pytest-django's
``db``), so what a test writes never reaches the next one. pytest-xdist hands out whole
modules (``pytest_xdist_make_scheduler`` in tests/conftest.py), so a world is built on one
worker only.
"""

import io
import sqlite3
from contextlib import contextmanager

from django.core.management import call_command
from django.db import connection, transaction
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


_demo_snapshot = None  # (SQLite copy of the database with the demo, what load_demo printed)


@contextmanager
def demo_loaded():
    """The full demo for the length of a module; yields what ``load_demo`` printed.

    On SQLite the demo is loaded once per process (some 13 s, 16,000 queries) and copied in
    for each module that asks for it, with SQLite's backup API; the database as it was is
    copied back after the module. The files the demo stores stay in the process's in-memory
    storage, as they did when each module loaded the demo again. Elsewhere (PostgreSQL),
    and inside an open transaction, the demo is loaded and rolled back as before."""
    global _demo_snapshot

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with rolled_back():
            yield load_demo()
        return
    connection.ensure_connection()
    before = sqlite3.connect(":memory:")
    connection.connection.backup(before)
    try:
        if _demo_snapshot is None:
            printed = load_demo()
            snapshot = sqlite3.connect(":memory:")
            connection.connection.backup(snapshot)
            _demo_snapshot = (snapshot, printed)
        else:
            _demo_snapshot[0].backup(connection.connection)
        yield _demo_snapshot[1]
    finally:
        before.backup(connection.connection)
        before.close()
