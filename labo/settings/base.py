"""Settings shared by every environment.

The defaults are the *embedded* configuration used by ``make run``: SQLite, an in-memory
channel layer, a local-memory cache, console e-mail and the immediate task backend, so the
site runs with no other service. Each production service is switched on by its environment
variable (see README.md, « Configuration de production »).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    # Labo's own apps come first so their templates override the libraries'.
    "labo.accounts",
    "labo.home",
    "labo.notifications",
    "labo.core",
    "labo.events",
    "projects",
    "projects.tracking",
    "resources",
    "forum",
    "search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "channels",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Its system checks flag the CSP_* settings of django-csp 3, which version 4 ignores.
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before XFrameOptionsMiddleware, so it sees the final X-Frame-Options of the response.
    "labo.core.csp.LaboCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "labo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "labo.core.context_processors.site_navigation",
                "labo.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "labo.wsgi.application"
ASGI_APPLICATION = "labo.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the ASGI server read while a request writes; the timeout avoids spurious
    # "database is locked" errors under the few concurrent writes of a local run. IMMEDIATE
    # transactions take the write lock up front: two writers (an autosave racing a submit)
    # then wait for each other instead of one failing on lock upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "labo",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "labo"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Alias the search index lives behind (dated indexes labo-search-<timestamp> are swapped
# under it by `manage.py search_index --rebuild`).
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="labo-search")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail is the login, verified before the first login.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Labo de l'habitat des communs] "
ACCOUNT_SIGNUP_FORM_CLASS = "labo.accounts.forms.SignupProfileForm"
ACCOUNT_FORMS = {
    "login": "labo.accounts.allauth_forms.LaboLoginForm",
    "signup": "labo.accounts.allauth_forms.LaboSignupForm",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "labo.accounts.adapter.LaboAccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Five failed logins per account from one network address within five minutes; the
    # sixth is refused from that address only (labo.accounts.adapter).
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "5/10m/ip",
    # A dossier step posted after the session expired, kept until the login (the tracking
    # applicant views): anonymous, so bounded per address.
    "tracking_stash": "20/h/ip",
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")


def _leaflet_static_dir():
    # django-leaflet's bundled Leaflet, served as static files only: installing the app
    # itself would import GeoDjango, which needs the GDAL system library.
    import leaflet

    return Path(leaflet.__file__).resolve().parent / "static" / "leaflet"


STATICFILES_DIRS = [BASE_DIR / "labo" / "static", ("leaflet", _leaflet_static_dir())]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA_LOCALLY = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Application dossiers' files: outside MEDIA_ROOT and without a URL, so the only way to
    # read one is the permission-checked download view of projects.tracking.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media"),
            "base_url": None,
        },
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Labo de l'habitat des communs <ne-pas-repondre@labo.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

WAGTAIL_SITE_NAME = "Labo de l'habitat des communs"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Visitors are sent on to the login page, members without a staff role get a 403.
WAGTAILADMIN_LOGIN_URL = "accounts:admin_access"
WAGTAIL_I18N_ENABLED = False
# An address changes only through allauth's verified flow (/compte/email/): the Wagtail
# account page would set User.email to any unused address without confirmation, and team
# invitations go to verified addresses.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_FORM_BASE = "labo.core.images.LaboImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.LaboDocumentForm"
# One pixel limit for every image entry point (labo.core.uploads): 40 MP (7,700 × 5,200) lets
# the usual photos through and keeps each rendition within a few hundred megabytes; a phone's
# 48 MP full-resolution mode is asked to reduce its image.
LABO_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = LABO_MAX_IMAGE_PIXELS
# Every document download goes through Wagtail's view, which checks the collection's
# restriction: never a redirect to the file's own URL (S3 or /media/, readable by anyone).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt", "zip"]
# Staff documents of the resource library (guides, studies): larger than members' proposals.
LABO_DOCUMENT_MAX_SIZE = env.int("LABO_DOCUMENT_MAX_SIZE", default=50 * 1024 * 1024)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
# The admin calls no third party: no Gravatar avatars (each one tells gravatar.com who is
# looking at which account) and no check for a newer Wagtail from releases.wagtail.io.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Maps: Leaflet from django-leaflet's bundled copy (static/leaflet/…). The tile server is a
# setting so that a deployment can use a French or self-hosted one.
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION", default="© les contributeurs d'OpenStreetMap")
MAP_MAX_ZOOM = 13  # commune level: never closer than a commune


def origin_of(url):
    """``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``: the
    CSP source that allows a URL template's host (``{s}`` is Leaflet's subdomain slot)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Content-Security-Policy, sent on every response by labo.core.csp (which also relaxes it for
# Wagtail's admin and for framing, see there). django-csp 4 reads only this dict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script and no eval anywhere on the public site: behaviour lives in static
        # files, htmx runs with allowEval off (meta "htmx-config" in base.html).
        "script-src": [SELF],
        # Inline styles stay allowed: the tracking pages still carry <style> blocks, and
        # Wagtail's admin and a few templates use style attributes. Injected CSS cannot run
        # code, so the risk is far below that of an inline script.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", origin_of(MAP_TILES_URL)],
        # 'self' also allows our own websockets (ws: under http:, wss: under https:, CSP 3).
        "connect-src": [SELF],
        # Video blocks embed PeerTube, Vimeo or YouTube players: any HTTPS host may be framed
        # (a frame runs in its own origin, unlike a script).
        "frame-src": [SELF, "https:"],
        # Same as X_FRAME_OPTIONS = "DENY"; Wagtail's preview is let through by labo.core.csp.
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
