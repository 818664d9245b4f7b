"""Security headers on real responses, through the whole middleware stack: the
Content-Security-Policy (no inline script and no eval outside Wagtail's admin), framing,
Referrer-Policy, nosniff, and HSTS under the production settings. New URLs, page types and
templates are covered without being listed: the URL resolver, the page tree of the demo
and the template directories are walked."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

from labo.core.csp import LaboCSPMiddleware

ROOT = Path(__file__).resolve().parents[2]
DEMO_ADMIN = "admin@labo.demo"


def directives(response):
    policy = response.get("Content-Security-Policy", "")
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {
        name: value.split() for name, value in ((p[0], p[1] if len(p) > 1 else "") for p in parts)
    }


def header_problems(response, *, admin_policy=False):
    """What is wrong with the headers of ``response``, in words (empty when all is well)."""
    found = directives(response)
    problems = []
    if not found:
        return ["no Content-Security-Policy"]
    script_src = found.get("script-src", [])
    if "'self'" not in script_src:
        problems.append(f"script-src {script_src}")
    if "'unsafe-eval'" in script_src:
        problems.append("script-src allows eval")
    if ("'unsafe-inline'" in script_src) is not admin_policy:
        problems.append(f"script-src {'lacks' if admin_policy else 'allows'} inline scripts")
    for name, value in {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }.items():
        if found.get(name) != value:
            problems.append(f"{name} {found.get(name)}")
    if found.get("frame-ancestors") not in (["'none'"], ["'self'"]):
        problems.append(f"frame-ancestors {found.get('frame-ancestors')}")
    if response.get("X-Frame-Options") not in ("DENY", "SAMEORIGIN"):
        problems.append(f"X-Frame-Options {response.get('X-Frame-Options')}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')}")
    return problems


def argument_free_paths(patterns=None, prefix=""):
    """Every path of the URLconf that takes no argument (Wagtail's page catch-all aside):
    a URL added to the site tomorrow is in this list without anyone adding it."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route:
            continue
        route = route.lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from argument_free_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


@pytest.mark.django_db
def test_every_url_page_and_kind_of_response_sends_the_headers(demo):
    from forum.models import Topic
    from labo.events.models import EventPage
    from projects.tracking.models import Application
    from resources.models import ResourceIndexPage

    admin_prefix = reverse("wagtailadmin_home")
    public_paths = [path for path in argument_free_paths() if not path.startswith(admin_prefix)]
    page_paths = [page.url for page in Page.objects.live().specific() if page.url]
    event = EventPage.objects.live().first()
    resources = ResourceIndexPage.objects.live().first()
    dossier = Application.objects.exclude(submitted_at=None).first()
    other_kinds = [
        "/nulle-part/",  # 404
        reverse("projects:geojson"),  # JSON
        reverse("events:feed"),  # iCalendar
        event.url + "ical/",
        resources.url + "flux/rss/",
        resources.url + "flux/atom/",
        reverse("tracking_staff:export", args=["csv"]),
        reverse("tracking_staff:detail", args=[dossier.pk]),
        reverse("tracking_staff:pdf", args=[dossier.pk]),
        reverse("forum:topic", args=[Topic.objects.first().pk]),
    ]
    assert len(public_paths) > 20
    assert len(page_paths) > 20

    offenders = []
    anonymous, staff = Client(raise_request_exception=False), Client(raise_request_exception=False)
    staff.force_login(_demo_user(DEMO_ADMIN))
    for client in (anonymous, staff):
        for path in sorted({*public_paths, *page_paths, *other_kinds}):
            response = client.get(path)
            problems = header_problems(response)
            if response.status_code >= 500:
                problems.append(f"status {response.status_code}")
            offenders += [f"{path}: {problem}" for problem in problems]
        # An htmx partial goes through the same middleware as a page.
        response = client.get(
            reverse("search:index"), {"q": "habitat"}, headers={"HX-Request": "true"}
        )
        offenders += [f"htmx partial: {problem}" for problem in header_problems(response)]
    for path in (admin_prefix, reverse("wagtailadmin_explore_root")):
        response = staff.get(path)
        assert response.status_code == 200
        offenders += [f"{path}: {p}" for p in header_problems(response, admin_policy=True)]
    assert offenders == []


def _demo_user(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


@pytest.mark.django_db
def test_the_kinds_of_response_checked_are_really_those(demo, client):
    """The walk above is only worth its list: these kinds are really in it."""
    client.force_login(_demo_user(DEMO_ADMIN))
    assert client.get("/nulle-part/").status_code == 404
    assert client.get(reverse("projects:geojson"))["Content-Type"].startswith("application/")
    assert client.get(reverse("events:feed"))["Content-Type"].startswith("text/calendar")
    export = client.get(reverse("tracking_staff:export", args=["csv"]))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_only_wagtails_admin_may_run_inline_scripts(client, site, administrateur):
    client.force_login(administrateur)
    assert "'unsafe-inline'" in directives(client.get(reverse("wagtailadmin_home")))["script-src"]
    for path in ("/", "/django-admin/", "/mon-espace/", "/nulle-part/"):
        assert directives(client.get(path))["script-src"] == ["'self'"], path


def test_framing_follows_x_frame_options_and_lets_previews_in():
    def policy_for(response, **request_attributes):
        request = RequestFactory().get("/projets/")
        for name, value in request_attributes.items():
            setattr(request, name, value)
        middleware = LaboCSPMiddleware(lambda request: response)
        middleware.process_request(request)
        return directives(middleware.process_response(request, response))["frame-ancestors"]

    assert policy_for(HttpResponse()) == ["'none'"]
    sameorigin = HttpResponse(headers={"X-Frame-Options": "SAMEORIGIN"})
    assert policy_for(sameorigin) == ["'self'"]
    # Wagtail runs a preview's dummy request through the middleware, inside its admin view.
    assert policy_for(HttpResponse(), is_preview=True) == ["'self'"]


@pytest.mark.django_db
def test_a_private_file_keeps_its_own_sandbox_policy(client, animateur):
    from tests.tracking.factories import ApplicationDocumentFactory
    from tests.tracking.staff.factories import dossier_at

    application = dossier_at("depose")
    document = ApplicationDocumentFactory(application=application)
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:document", args=[application.pk, document.token]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


PRODUCTION_REQUEST = """
import json
import django
from django.test import Client

django.setup()
# Anonymous on a members' page: answered (a redirect to the login) without the database.
response = Client().get("/mon-espace/", secure=True, headers={
    "Host": "labo.example.fr", "X-Forwarded-Proto": "https"})
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def test_production_sends_hsts_and_the_policy_over_https(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "ELASTICSEARCH_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="labo.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="labo.example.fr",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]
    assert answer["status"] == 302
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";"
    assert "connect-src 'self' wss://labo.example.fr" in policy
    assert "upgrade-insecure-requests" in policy


# Inline code the CSP blocks: a <script> without src (a JSON or JSON-LD data block is not
# code), an on…= handler attribute, a javascript: URL, and htmx attributes that evaluate code.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=[\"']application/(?:ld\+)?json)[^>]*>", re.I
)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
HTMX_EVAL = re.compile(r"\bhx-on\b|\bhx-on[:-]|\bhx-vars\b|[\"']js:|\bhx-trigger=\"[^\"]*\[", re.I)


def project_template_files():
    """Every template of the project: the template directories and the templates/ folder of
    each of our own apps (the libraries' templates are theirs)."""
    directories = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    directories += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(ROOT)
        and "site-packages" not in Path(app.path).parts
        and (Path(app.path) / "templates").is_dir()
    ]
    return sorted({path for directory in directories for path in directory.rglob("*.html")})


def test_no_template_holds_inline_script_or_event_handler():
    templates = project_template_files()
    assert len(templates) > 50
    offenders = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for rule in (INLINE_SCRIPT, HANDLER_ATTRIBUTE, JAVASCRIPT_URL, HTMX_EVAL):
            offenders += [
                f"{template.relative_to(ROOT)}: {match.group(0)[:80]}"
                for match in rule.finditer(text)
            ]
    assert offenders == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "./x.js";</script>',
        '<button type="button" onclick="go()">',
        '<a href="javascript:go()">',
        '<div hx-on:click="go()">',
        '<form hx-trigger="change[target.value]">',
    ],
)
def test_the_template_rules_catch_inline_code(snippet):
    rules = (INLINE_SCRIPT, HANDLER_ATTRIBUTE, JAVASCRIPT_URL, HTMX_EVAL)
    assert any(rule.search(snippet) for rule in rules)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script type="module" src="/static/js/labo.js"></script>',
        '<script type="application/json" id="data">{}</script>',
        '<input data-action="change->x#y" hx-trigger="input changed delay:250ms">',
        "<p>Cliquez sur « onglet » pour continuer.</p>",
    ],
)
def test_the_template_rules_let_external_scripts_and_data_through(snippet):
    rules = (INLINE_SCRIPT, HANDLER_ATTRIBUTE, JAVASCRIPT_URL, HTMX_EVAL)
    assert not any(rule.search(snippet) for rule in rules)
