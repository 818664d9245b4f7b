"""The access matrix: every URL of the project, requested as every role, on real
objects of another team, against the one table of ``access_matrix.py``.

* Every pattern of the Django resolver (namespaces, nested includes), every route of the
  Wagtail routable pages and every Wagtail page type is enumerated; one that is neither in
  the table nor in a third-party family handled by rule fails ``test_every_url_is_in_the_table``.
  A new URL is therefore covered by the test failing, not by someone remembering.
* Each request runs inside a savepoint rolled back afterwards, so a POST that is allowed
  (withdrawing a dossier, deleting an account) does not change the world of the next one.
* A refused POST (login, 403, 404, 405) must also leave the database untouched: its
  fingerprint of the platform's own tables is compared with the one before.
* Mismatches are collected and reported together (route, method, role, expected, got).
  ``ACCESS_MATRIX_OBSERVED=path`` writes the observed rows, in the table's notation, to help
  review a change of the table.
"""

import hashlib
import io
import os
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from tests.worlds import rolled_back

from . import access_matrix as table
from .access_fixtures import (
    ADMINISTRATEUR,
    PAGE_OBJECTS,
    ROLES,
    ROUTABLE_PAGE,
    ROUTE_OBJECTS,
    VISITEUR,
    build_world,
)

# --- enumeration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "ns:name", "page:<model>:<route>", or "" when the pattern has no name
    pattern: str  # the full pattern, for messages and for families matched by prefix
    params: frozenset
    view: str  # dotted path of the view, to tell our code from third-party code


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _params(pattern: str) -> frozenset:
    found = {a or b for a, b in _PARAM.findall(pattern)}
    # Unnamed regex groups are positional parameters (Wagtail's document serve view).
    positional = len(re.findall(r"\((?!\?)", pattern))
    found.update(f"_{i}" for i in range(positional))
    return frozenset(found)


def walk_urlpatterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk_urlpatterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            pattern = prefix + str(entry.pattern)
            yield Route(name, pattern, _params(pattern), entry.lookup_str)


def routable_page_routes():
    for model in get_page_models():
        if not issubclass(model, RoutablePageMixin):
            continue
        for entry in model.get_subpage_urls():
            pattern = str(entry.pattern)
            yield Route(
                f"page:{model._meta.label}:{entry.name}",
                pattern,
                _params(pattern),
                entry.lookup_str,
            )


def page_types():
    return [model._meta.label for model in get_page_models() if model is not Page]


def family_of(route: Route) -> str | None:
    """Third-party families handled by rule (see ``table.FAMILIES``): their hundreds of
    URLs are sampled, not listed. Our own views mounted inside them (the forum moderation
    screens in the Wagtail admin) are not part of a family: they must be in the table."""
    own = route.view.split(".")[0] in {"labo", "projects", "forum", "resources", "search"}
    for family, rule in table.FAMILIES.items():
        if own and not rule.get("own_views", False):
            continue
        if route.pattern.startswith(rule.get("prefix") or "\0") or route.name in rule.get(
            "names", ()
        ):
            return family
    return None


def table_key_variants(name):
    return sorted(key for key in table.ROUTES if key == name or key.startswith(f"{name}["))


def completeness_problems(routes, route_table, route_objects) -> list[str]:
    """What keeps the matrix from covering ``routes``: a pattern without a name outside the
    families, a pattern missing from the table, a parameter without a real object, and table
    rows of URLs that no longer exist."""
    problems = []
    seen = set()
    for route in routes:
        if family_of(route):
            continue
        if not route.name:
            problems.append(f"{route.pattern} : motif sans nom, hors des familles tierces")
            continue
        seen.add(route.name)
        keys = [k for k in route_table if k == route.name or k.startswith(f"{route.name}[")]
        if not keys:
            problems.append(f"{route.name} ({route.pattern}) : absent de la table")
        for key in keys:
            if (route.params or route.name.startswith("page:")) and key not in route_objects:
                if route.name.startswith("page:") and not route.params:
                    continue  # served by ROUTABLE_PAGE
                problems.append(f"{key} : aucun objet réel pour {sorted(route.params)}")
    for key in route_table:
        if key.split("[")[0] not in seen:
            problems.append(f"{key} : dans la table mais aucune URL ne porte ce nom")
    return problems


def all_routes():
    return [*walk_urlpatterns(), *routable_page_routes()]


# --- requests ---------------------------------------------------------------------------

LOGIN_PATHS = ("/compte/login/", "/mon-espace/acces-administration/")


def outcome(response):
    if 300 <= response.status_code < 400:
        location = response.get("Location", "")
        if any(location.split("?")[0].endswith(path) for path in LOGIN_PATHS):
            return table.LOGIN
        return table.MOVED
    return response.status_code


# The tables whose rows a refused POST could change: dossiers and everything around them,
# structures, accounts, forum, notifications, teams, registrations (and the page tree).
WATCHED_MODELS = [
    "accounts.User",
    "accounts.Organisation",
    "accounts.Membership",
    "accounts.OrganisationInvitation",
    "accounts.PersonalDataExport",
    "tracking.Application",
    "tracking.ApplicationDocument",
    "tracking.Comment",
    "tracking.DocumentRequest",
    "tracking.Meeting",
    "tracking.Review",
    "tracking.Decision",
    "tracking.HistoryEntry",
    "tracking.Loan",
    "tracking.GuaranteeDetails",
    "tracking.RegionFiscalYear",
    "forum.Category",
    "forum.Topic",
    "forum.Post",
    "forum.Report",
    "forum.Suspension",
    "forum.TopicWatch",
    "forum.CategoryWatch",
    "notifications.Notification",
    "projects.ProjectTeamMember",
    "projects.ProjectInvitation",
    "events.Registration",
    "wagtailcore.Page",
]


def fingerprint():
    """A digest of every row of the watched tables."""
    digest = hashlib.sha256()
    models = [apps.get_model(label) for label in WATCHED_MODELS]
    for model in sorted(models, key=lambda m: m._meta.label):
        rows = model._base_manager.order_by("pk").values_list()
        digest.update(model._meta.label.encode())
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


# Statements that may change a row. The fingerprint is only taken again when one ran: a row
# cannot change without one, so skipping it otherwise loses nothing (it costs some 50 ms, and
# most refused POSTs write nothing at all).
WRITE_STATEMENT = re.compile(
    r"\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|DROP|CREATE)\b", re.IGNORECASE
)


@contextmanager
def write_statements_seen():
    seen = []

    def spy(execute, sql, params, many, context):
        if WRITE_STATEMENT.match(sql):
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield seen


def readable_text(response):
    """What a reader of the response sees: pages, feeds, JSON, CSV, iCal and the sheets of
    an XLSX export. Binary downloads (PDF, uploaded files) are left out."""
    if response.streaming:
        return ""
    content_type = response.get("Content-Type", "")
    body = response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return " ".join(
                workbook.read(name).decode("utf-8", "replace")
                for name in workbook.namelist()
                if name.endswith(".xml")
            )
    if content_type.startswith(("text/", "application/json", "application/geo+json")) or (
        "xml" in content_type
    ):
        return body.decode(response.charset or "utf-8", "replace")
    return ""


def leaked_secrets(text, role):
    return [word for word, allowed in table.SECRETS.items() if word in text and role not in allowed]


class Requester:
    def __init__(self, world):
        self.cookies = {}
        for role, user in world.users.items():
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            self.cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.baseline = fingerprint()

    def client(self, role):
        # A fresh client per request: a logout or a login elsewhere never leaks into the next.
        client = Client(raise_request_exception=False)
        if role != VISITEUR:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.cookies[role]
        return client

    def request(self, role, method, url, data=None):
        cache.clear()  # rate-limit counters: each request starts fresh
        changed = False
        with rolled_back(), write_statements_seen() as writes:
            client = self.client(role)
            send = client.get if method == "GET" else client.post
            response = send(url, data or {})
            got = outcome(response)
            text = readable_text(response) if method == "GET" and got == table.OK else ""
            if response.streaming:
                # Read to the end: the client's wrapper then closes the file without
                # firing close_old_connections, which would close PostgreSQL's connection
                # in the middle of this module's transaction.
                b"".join(response.streaming_content)
            if method == "POST" and got in table.REFUSED and writes:
                changed = fingerprint() != self.baseline
        return got, changed, text


def route_url(world, name, route):
    """The URL of a table key on the world's objects."""
    kwargs = dict(ROUTE_OBJECTS[name](world)) if name in ROUTE_OBJECTS else {}
    return _url_with(world, name, kwargs)


def check_rows(requester, rows, urls):
    """Request every row as every role; return (mismatches, observed rows)."""
    mismatches, observed = [], {}
    for key, expect in rows.items():
        url = urls[key]
        seen = {}
        for method, expected in (("GET", expect.get), ("POST", expect.post)):
            got_row = []
            for role, want in zip(ROLES, expected, strict=True):
                if want is table.SKIP:
                    got_row.append(want)
                    continue
                got, changed, text = requester.request(role, method, url, expect.data)
                got_row.append(got)
                for word in leaked_secrets(text, role):
                    mismatches.append(f"{key} {method} {url} [{role}] montre « {word} »")
                if got != want:
                    mismatches.append(f"{key} {method} {url} [{role}] attendu {want}, obtenu {got}")
                if changed:
                    mismatches.append(
                        f"{key} {method} {url} [{role}] refusé ({got}) mais la base a changé"
                    )
            seen[method] = tuple(got_row)
        observed[key] = seen
    return mismatches, observed


def write_observed(observed, name):
    path = os.environ.get("ACCESS_MATRIX_OBSERVED")
    if not path:
        return
    with open(f"{path}.{name}", "w") as out:
        for key, seen in observed.items():
            out.write(f'    "{key}": Expect(\n')
            for method in ("GET", "POST"):
                cells = ", ".join(table.show(v) for v in seen[method])
                out.write(f"        {method.lower()}=({cells}),\n")
            out.write("    ),\n")


# --- the world, once per module -----------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once and rolled back at the end of the module: several thousand requests on
    one world stay well under a minute. Media go to a temporary folder because Wagtail
    serves documents from a local path, and /media/ serves that folder as under
    ``make run``, so its row says what leaves it there."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with (
        override_settings(MEDIA_ROOT=str(media), STORAGES=storages, SERVE_MEDIA_LOCALLY=True),
        django_db_blocker.unblock(),
        rolled_back(),
    ):
        w = build_world()
        w.requester = Requester(w)
        yield w


# --- completeness -------------------------------------------------------------------------


def test_every_url_is_in_the_table():
    problems = completeness_problems(all_routes(), table.ROUTES, ROUTE_OBJECTS)
    assert not problems, "URL non couvertes par la matrice d'accès :\n" + "\n".join(problems)


def test_every_page_type_is_in_the_table():
    missing = [label for label in page_types() if label not in table.PAGES]
    missing += [key for key in table.PAGES if key not in PAGE_OBJECTS]
    assert not missing, f"Types de pages absents de la matrice : {missing}"


def test_every_websocket_route_is_in_the_table():
    from labo.routing import websocket_urlpatterns

    patterns = {str(entry.pattern) for entry in websocket_urlpatterns}
    tabled = {key.split("[")[0] for key in table.WEBSOCKETS}
    assert patterns == tabled, f"Websockets hors table : {patterns ^ tabled}"


def test_completeness_reports_a_new_pattern():
    """A view added tomorrow without a row fails the matrix: shown on a fake urlconf."""
    from django.http import HttpResponse
    from django.urls import include, path

    def view(request):
        return HttpResponse()

    fake = [
        path("nouveau/", view, name="nouvelle_vue"),
        path("sans-nom/<id:pk>/", view),
        path("espace/", include(([path("x/<slug:slug>/", view, name="x")], "espace"))),
        path("forum/", include("forum.urls")),
    ]
    resolver = URLResolver(RegexPattern(r"^/"), fake)
    routes = list(walk_urlpatterns(resolver))
    names = {route.name for route in routes}
    assert {"nouvelle_vue", "espace:x", "forum:topic"} <= names
    problems = completeness_problems(routes, {"forum:index": None}, {})
    report = "\n".join(problems)
    assert "nouvelle_vue" in report
    assert "sans-nom/<id:pk>/" in report
    assert "espace:x" in report
    assert "forum:topic" in report
    assert "forum:index" not in report


@pytest.mark.django_db
def test_a_refused_request_that_writes_is_seen():
    """The fingerprint is only taken again after a write statement: reads leave none, and a
    write of any kind (the ORM's or raw SQL) leaves one and changes the fingerprint."""
    from tests.factories import NotificationFactory, UserFactory

    user = UserFactory()
    baseline = fingerprint()
    with rolled_back(), write_statements_seen() as writes:
        list(apps.get_model("notifications.Notification").objects.all())
        assert writes == []
        NotificationFactory(recipient=user)
        assert writes and fingerprint() != baseline
    with rolled_back(), write_statements_seen() as writes:
        with connection.cursor() as cursor:
            cursor.execute("delete from forum_post where id = -1")
        assert writes
    assert fingerprint() == baseline


# --- the matrix ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_project_urls_as_every_role(world):
    urls = {key: route_url(world, key, None) for key in table.ROUTES}
    mismatches, observed = check_rows(world.requester, table.ROUTES, urls)
    write_observed(observed, "routes")
    assert not mismatches, f"{len(mismatches)} écart(s) :\n" + "\n".join(mismatches)


@pytest.mark.django_db
def test_pages_of_every_type_as_every_role(world):
    urls = {key: PAGE_OBJECTS[key](world).url for key in table.PAGES}
    mismatches, observed = check_rows(world.requester, table.PAGES, urls)
    write_observed(observed, "pages")
    assert not mismatches, f"{len(mismatches)} écart(s) :\n" + "\n".join(mismatches)


@pytest.mark.django_db
def test_third_party_families_by_sample(world):
    urls = {key: table.sample_url(key, world) for key in table.SAMPLES}
    mismatches, observed = check_rows(world.requester, table.SAMPLES, urls)
    write_observed(observed, "samples")
    assert not mismatches, f"{len(mismatches)} écart(s) :\n" + "\n".join(mismatches)


# --- websockets ------------------------------------------------------------------------------

ORIGIN = (b"origin", b"http://testserver")


async def _connect(path, cookie):
    from labo.asgi import application

    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=3)
    if not connected:
        return None, code
    # A refusal accepts then closes with its code at once (see the consumers).
    if not await communicator.receive_nothing(timeout=0.1):
        message = await communicator.receive_output(timeout=1)
        if message.get("type") == "websocket.close":
            await communicator.wait()
            return None, message.get("code")
    return communicator, table.WS_OPEN


@pytest.mark.django_db
def test_websockets_as_every_role(world):
    """Sockets run through labo.asgi; driven from this synchronous test, their database
    calls come back to this thread and see the world of this transaction."""
    from channels.layers import get_channel_layer

    from labo.notifications.consumers import user_group_name

    cookies = world.requester.cookies
    mismatches = []

    async def run():
        layer = get_channel_layer()
        for key, expect in table.WEBSOCKETS.items():
            path = table.websocket_path(key, world)
            for role, want in zip(ROLES, expect.connect, strict=True):
                communicator, got = await _connect(path, cookies.get(role))
                if got != want:
                    mismatches.append(f"{key} {path} [{role}] attendu {want}, obtenu {got}")
                if got == table.WS_OPEN and key == "ws/notifications/":
                    # Only the recipient's own sockets are in the recipient's group.
                    await layer.group_send(
                        user_group_name(world.porteur_own.pk),
                        {"type": "notification.unread_count", "unread": 7},
                    )
                    received = None
                    if not await communicator.receive_nothing(timeout=0.5):
                        received = await communicator.receive_json_from(timeout=1)
                    owner = role == table.PORTEUR_OWN
                    if bool(received) != owner:
                        mismatches.append(
                            f"{key} [{role}] a reçu {received!r} d'un autre utilisateur"
                            if received
                            else f"{key} [{role}] n'a pas reçu son propre événement"
                        )
                if communicator is not None:
                    await communicator.disconnect()

    # Channels closes "old" connections around each database call; here that connection is
    # the one holding the world's transaction (PostgreSQL would really close it).
    with mock.patch("channels.db.close_old_connections", lambda: None):
        async_to_sync(run)()
    assert not mismatches, f"{len(mismatches)} écart(s) :\n" + "\n".join(mismatches)


# --- identifiers past the database's range ----------------------------------------------------

HUGE_ID = 10**22  # past a 64-bit integer: SQLite cannot even bind it
SENTINEL = 987_654_321


@pytest.mark.django_db
def test_an_identifier_past_the_database_range_is_not_found(world):
    """Every numeric parameter of every route, replaced by an identifier no database column
    can hold, as the administrateur (past every permission check) and a visitor: a 404 or a
    refusal, never a server error (#15: « /projets/equipe/<huge id>/ » answered 500)."""
    routes = {route.name: route for route in all_routes() if route.name}
    numeric_routes = 0
    failures = []
    for key, expect in table.ROUTES.items():
        route = routes[key.split("[")[0]]
        assert "<int:" not in route.pattern, f"{key}: identifiers take <id:…> (labo.core)"
        numeric = set(re.findall(r"<id:(\w+)>", route.pattern))
        numeric_routes += bool(numeric)
        real = dict(ROUTE_OBJECTS[key](world)) if key in ROUTE_OBJECTS else {}
        for name in numeric:
            # The converter no longer reverses such a number: it is put in by hand.
            url = _url_with(world, key, {**real, name: SENTINEL})
            url = url.replace(str(SENTINEL), str(HUGE_ID))
            for role in (ADMINISTRATEUR, VISITEUR):
                for method in ("GET", "POST"):
                    got, _changed, _text = world.requester.request(role, method, url, expect.data)
                    if got == 500:
                        failures.append(f"{key} {method} {url} [{role}]: 500")
    assert numeric_routes > 50
    assert not failures, "\n".join(failures)


def _url_with(world, key, kwargs):
    kwargs = dict(kwargs)
    query = kwargs.pop("_query", "")
    query = f"?{query}" if query else ""
    if key.startswith("page:"):
        _, label, route_name = key.split("[")[0].split(":")
        page = kwargs.pop("_page", None) or ROUTABLE_PAGE[label](world)
        return page.url + page.reverse_subpage(route_name, kwargs=kwargs) + query
    return reverse(key.split("[")[0], kwargs=kwargs) + query
