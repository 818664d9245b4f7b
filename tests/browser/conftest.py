"""Browser tests: the real site served by daphne (ASGI, websockets included) in a separate
process, driven in Debian's Chromium through Playwright.

The server gets its own database (a SQLite file, or a fresh PostgreSQL database when
DATABASE_URL points at PostgreSQL), migrated and loaded with the demo content, and writes its
e-mails to files that the tests read. Without Chromium the tests skip, except under CI where
a missing browser is a failure.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from tests import database_template

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "demo-labo-2026"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        message = "Chromium (paquet Debian « chromium ») est introuvable."
        if os.environ.get("CI"):
            pytest.fail(f"{message} Il est obligatoire en CI.")
        pytest.skip(message)
    return path


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_database_url(tmp_path):
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        database = tmp_path / "browser.sqlite3"
        template = database_template.template_path()
        if template is not None:  # migrate then has nothing to apply
            shutil.copyfile(template, database)
        return f"sqlite:///{database}", lambda: None

    import psycopg

    parsed = urlparse(base_url)
    # Named after this run: two runs on one machine (a developer's and CI's) must never drop
    # or reload each other's database under a running server.
    name = f"{parsed.path.lstrip('/') or 'labo'}_browser_{os.getpid()}"
    admin_url = urlunparse(parsed._replace(path="/postgres"))

    def run(sql):
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


# The live server's Redis database: none of the test workers' (1, 3 and up), nor the
# benchmark's (2), nor a developer's site (0).
LIVE_SITE_REDIS_DATABASE = 15


def _server_redis_url():
    """The server's own Redis database, emptied first: rate-limit counters and cached pages of
    an earlier run (whose database had other ids) never reach this one."""
    base_url = os.environ.get("REDIS_URL", "")
    if not base_url:
        return ""
    import redis

    url = urlparse(base_url)._replace(path=f"/{LIVE_SITE_REDIS_DATABASE}").geturl()
    redis.Redis.from_url(url).flushdb()
    return url


def _claim_the_browser_tests(config):
    """Under pytest-xdist, the first worker to start the live site claims the browser tests
    for this run: a second one means the scheduler split them (two servers, twice the cost)."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return
    claim = Path(tempfile.gettempdir()) / f"labo-browser-tests-{workerinput['testrunuid']}"
    try:
        with claim.open("x") as file:
            file.write(workerinput["workerid"])
    except FileExistsError:
        pytest.fail(
            f"Les tests navigateur sont répartis sur {claim.read_text()} et "
            f"{workerinput['workerid']} : ils doivent former un seul lot (tests/conftest.py)."
        )


# The live site and the browser last as long as this package's tests, which run in a row on
# one worker: the tests that follow on that worker (async ones included: Playwright's sync API
# holds an event loop while it runs) never share the process with them.
@pytest.fixture(scope="package")
def live_site(chromium_path, tmp_path_factory, pytestconfig):
    _claim_the_browser_tests(pytestconfig)
    tmp_path = tmp_path_factory.mktemp("site")
    mail_dir = tmp_path / "mails"
    mail_dir.mkdir()
    database_url, drop_database = _server_database_url(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labo.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": _server_redis_url(),
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for command in (["migrate", "--noinput"], ["load_demo"]):
        # load_demo refuses to run without DEBUG: its accounts have a public password.
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env={**env, "DEBUG": "1"},
            check=True,
            capture_output=True,
        )
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "labo.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)  # noqa: S310 - our own server
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(
                    "Le serveur daphne n'a pas démarré :\n" + (tmp_path / "server.log").read_text()
                )
            time.sleep(0.3)
    yield LiveSite(base_url, mail_dir)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    drop_database()


class LiveSite:
    def __init__(self, url, mail_dir):
        self.url = url
        self.mail_dir = mail_dir

    def mails_to(self, address):
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend appends each message followed by a line of dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = message_from_bytes(chunk.lstrip(), policy=default_policy)
                if address in (message["To"] or ""):
                    found.append(message)
        return found

    def wait_for_mail(self, address, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mails = self.mails_to(address)
            if mails:
                return mails[-1]
            time.sleep(0.2)
        raise AssertionError(f"Aucun e-mail reçu par {address}.")

    @staticmethod
    def text_of(message):
        part = message.get_body(preferencelist=("plain",))
        return part.get_content()

    def first_link(self, message):
        match = re.search(r"https?://\S+", self.text_of(message))
        assert match, "Le message ne contient aucun lien."
        return match.group(0)


@pytest.fixture(scope="package")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def log_in(page, base_url, email, password=DEMO_PASSWORD, *, succeeds=True):
    page.goto(f"{base_url}/compte/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    # The login form itself: the header also holds a search form.
    page.locator('form.account-form button[type="submit"]').click()
    if succeeds:
        page.wait_for_url(lambda url: "/compte/login/" not in url)
    else:
        page.wait_for_load_state()
