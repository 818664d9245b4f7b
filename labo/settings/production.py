"""Production: everything comes from the environment, and the site refuses to start
without a secret key and its host names."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, STORAGES, env

DEBUG = False

if not env("SECRET_KEY", default=""):
    raise ImproperlyConfigured("SECRET_KEY doit être défini en production.")
if not env.list("ALLOWED_HOSTS", default=[]):
    raise ImproperlyConfigured("ALLOWED_HOSTS doit être défini en production.")

SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True


def websocket_sources(hosts):
    """``wss://`` sources for our own host names: CSP 3 lets 'self' match same-origin
    websockets, browsers that predate it need them spelled out."""
    return [
        f"wss://{'*' + host if host.startswith('.') else host}" for host in hosts if host != "*"
    ]


_directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]
_media_origin = env("AWS_S3_CUSTOM_DOMAIN", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_directives,
        "connect-src": [*_directives["connect-src"], *websocket_sources(ALLOWED_HOSTS)],
        # Images are served with the other media: by the S3 storage's domain when there is one
        # (django-storages' AWS_S3_CUSTOM_DOMAIN).
        "img-src": [
            *_directives["img-src"],
            *([f"https://{_media_origin}"] if _media_origin else []),
        ],
        # An HTTPS-only site fetches a stray http:// image or script over HTTPS (not when the
        # redirect is off, e.g. the benchmark served over plain HTTP on the loopback).
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    }
}

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # Media on S3-compatible storage hosted in France (django-storages, installed separately).
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

# Tasks (notification e-mails, digests) are queued in the database and run by
# ``manage.py db_worker``.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
