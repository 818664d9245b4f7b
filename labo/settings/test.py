"""Settings for pytest: fast hashing, no network, and the same services as dev unless
``DATABASE_URL``/``REDIS_URL`` point the suite at PostgreSQL and Redis (CI does both)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, REDIS_URL


def redis_database(url: str, number: int) -> str:
    from urllib.parse import urlparse

    return urlparse(url)._replace(path=f"/{number}").geturl()


DEBUG = False
SECRET_KEY = "test-only-secret-key-labo"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# pytest-xdist runs the suite in several processes (PYTEST_XDIST_WORKER = gw0, gw1…) that
# share one Redis: each gets its own cache database and channel-layer prefix, so one worker's
# FLUSHDB or group events never reach another's tests.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL:
    # The suite clears its cache before each test (a FLUSHDB): keep it in its own Redis
    # database so the channel layer of a running server is left alone.
    cache_database = 3 + int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER else 1
    if cache_database > 14:  # 15 is the browser tests' live server's (tests/browser/conftest.py)
        raise ImproperlyConfigured(
            "Avec REDIS_URL, la suite tourne sur 12 processus au plus (pytest -n 12) : "
            "chacun a sa propre base Redis, de 3 à 14."
        )
    CACHES["default"]["LOCATION"] = redis_database(REDIS_URL, cache_database)
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"labo-test{XDIST_WORKER}"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
