"""One migrated SQLite database per set of migrations, copied instead of migrated again.

Migrating an empty database is some 40 s of CPU (three hundred migrations, Wagtail's among
them) and a SQLite run used to pay it three times: once per pytest-xdist worker and once more
for the browser tests' live site. The template is built once, by the process that starts
pytest, into ``.pytest_cache`` under a name that hashes every migration file, so a new or
edited migration builds a new one. Each worker's in-memory test database is filled from it
before Django's ``migrate`` runs (which then finds nothing to apply but still sends
``post_migrate``), and the live site starts from a copy of it.

Only SQLite: PostgreSQL runs migrate as before.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ENVIRONMENT_VARIABLE = "LABO_TEST_SQLITE_TEMPLATE"
ROOT = Path(__file__).resolve().parent.parent


def _uses_sqlite():
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def _migrations_fingerprint():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        digest.update("/".join(key).encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _build(path):
    """``manage.py migrate`` into a scratch file, then one self-contained file (no WAL) put
    in place atomically: two runs building at once each write a whole template."""
    scratch = path.with_name(f"{path.stem}.{os.getpid()}.building")
    for leftover in path.parent.glob(f"{scratch.name}*"):
        leftover.unlink()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "labo.settings.test",
            "DATABASE_URL": f"sqlite:///{scratch}",
        },
        check=True,
        capture_output=True,
    )
    single = path.with_name(f"{path.stem}.{os.getpid()}.sqlite3")
    source = sqlite3.connect(scratch)
    target = sqlite3.connect(single)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    os.replace(single, path)
    for leftover in path.parent.glob(f"{scratch.name}*"):
        leftover.unlink()
    for stale in path.parent.glob("migrated-*.sqlite3"):
        if stale != path:
            stale.unlink(missing_ok=True)


def prepare(config):
    """In the process that starts pytest (not in its workers): make sure the template of the
    current migrations exists and tell the workers and the live site where it is."""
    if hasattr(config, "workerinput") or not _uses_sqlite():
        return
    cache = getattr(config, "cache", None)
    if cache is None:  # pytest -p no:cacheprovider: every process migrates, as before
        return
    folder = Path(cache.mkdir("labo-sqlite-template"))
    path = folder / f"migrated-{_migrations_fingerprint()}.sqlite3"
    if not path.exists():
        _build(path)
    os.environ[ENVIRONMENT_VARIABLE] = str(path)


def template_path():
    path = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(path) if path and Path(path).exists() else None


def fill_test_database(sender, connection, **kwargs):
    """``connection_created`` receiver: an empty in-memory test database gets the template's
    tables and rows before ``migrate`` looks at it. Any other database is left alone."""
    path = template_path()
    if path is None or connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return
    if connection.connection.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'"
    ).fetchone():
        return
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
