"""Production settings for ``manage.py site_benchmark`` and ``make bench``: the real stack
(PostgreSQL, Redis cache and channel layer, DEBUG off, hashed static files) on a database of
its own, served over plain HTTP on 127.0.0.1.

The benchmark's databases are forced here rather than read from ``DATABASE_URL``/``REDIS_URL``,
so that a shell exported for the test suite can never point the seeding at the tests'
databases: ``BENCH_DATABASE_URL`` and ``BENCH_REDIS_URL`` choose them.
"""

import os
import secrets

# production.py refuses to start without these, and base.py reads the services at import
# time: they must be in the environment before the import below. The key is generated once
# per run and inherited by the server's workers, which must all sign with the same key
# (messages cookies, password reset links).
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/labo_bench"
)
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from .production import *  # noqa: E402, F403
from .production import ACCOUNT_RATE_LIMITS, BASE_DIR, CACHES, INSTALLED_APPS  # noqa: E402

# Plain HTTP on the loopback: secure cookies would never come back to the load clients.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Kept apart from the site's cache keys in case BENCH_REDIS_URL shares a database.
CACHES["default"]["KEY_PREFIX"] = "labo-bench"
STATIC_ROOT = BASE_DIR / "bench-results" / "staticfiles"
MEDIA_ROOT = BASE_DIR / "bench-results" / "media"
# Only this settings module installs the benchmarks (their commands) and mounts the floor view.
INSTALLED_APPS = [*INSTALLED_APPS, "labo.bench"]
ROOT_URLCONF = "labo.bench.urls"
# Every simulated user of the load scenario logs in from 127.0.0.1, where real ones come from
# as many addresses. allauth counts each per-address limit under a Redis lock it waits at
# most one second for, and refuses the login when it cannot take it: on a saturated machine
# the scenario's simultaneous logins were refused for contention, not for abuse. The
# per-account limits stay as in production.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "", "login_failed": "5/300s/key"}
