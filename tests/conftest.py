import pytest
from channels.layers import channel_layers
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created

from labo.accounts import roles
from labo.home.site_setup import ensure_site_structure

from . import database_template
from .factories import UserFactory
from .worlds import demo_loaded

# Fixtures of the websocket tests (``committed``).
pytest_plugins = ["tests.sockets"]

# The shared helpers that assert get pytest's detailed failure messages, like a test module.
pytest.register_assert_rewrite("tests.admin_refusals", "tests.rule_tables")

# The quality gates: whole-site sweeps whose findings come from the production engines (NUL
# bytes, locks, CSP). `make test` runs them on SQLite; .ci/run runs them once, on PostgreSQL
# and Redis (with the browser tests), and the rest of the suite on both databases.
QUALITY_GATES = ("tests/quality/", "tests/core/test_security_headers.py")


def pytest_configure(config):
    database_template.prepare(config)
    connection_created.connect(database_template.fill_test_database)


def pytest_itemcollected(item):
    if any(gate in item.nodeid for gate in QUALITY_GATES):
        item.add_marker(pytest.mark.gate)


# The slowest units start first, so that no worker is left with a long one at the end.
SLOW_FIRST = ("tests/browser/", "tests/quality/", "tests/core/test_security_headers.py")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist hands out whole modules (tests/browser/ as one unit): a module that
    builds its world once (tests/worlds.py) builds it on one worker only, and one worker runs
    the live site and Chromium for every browser test. (xdist's own ``loadgroup`` cannot be
    used: it renames test ids in a way pytest 9 ignores.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def __init__(self, config, log=None):
            super().__init__(config, log)
            config.option.loadscopereorder = False  # keep our order below

        def _split_scope(self, nodeid):
            if nodeid.startswith("tests/browser/"):
                return "tests/browser/"
            return nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node):
            # The work queue is complete at the first assignment: slow units go to its front
            # there. (Reordering the collections instead would break the scheduler: workers
            # run tests by their index in the collection as collected.)
            if not getattr(self, "_slow_first", False):
                for scope in [s for s in self.workqueue if not s.startswith(SLOW_FIRST)]:
                    self.workqueue.move_to_end(scope)
                self._slow_first = True
            super()._assign_work_unit(node)

    return ModuleScheduling(config, log)


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield


_RETIRED_CHANNEL_LAYERS = []


@pytest.fixture(autouse=True)
def fresh_channel_layers():
    """Each test gets channel layers of its own. The Redis layer keeps, per layer, asyncio
    locks bound to the event loop that first took them, and every async test runs on a loop
    of its own: a receive left waiting when an earlier test's loop closed would otherwise
    fail the next socket of the process (« bound to a different event loop »)."""
    yield
    if channel_layers.backends:
        # Kept referenced: channels_redis flushes a layer when one of its event loops is
        # collected, which must not happen while another test's loop runs.
        _RETIRED_CHANNEL_LAYERS.extend(channel_layers.backends.values())
        channel_layers.backends.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The site tree (home, legal pages, every app's index pages and workflows) is built once
    per test database instead of once per test: about 600 queries that 300 tests needed.
    Transactional tests restore the serialized database, so it is taken again with the tree."""
    with django_db_blocker.unblock():
        ensure_site_structure()
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def site(db):
    """The home page and the legal pages, as ``setup_site`` creates them (once per session,
    in ``django_db_setup``; rebuilt only if a transactional test flushed them)."""
    from labo.home.models import HomePage

    return HomePage.objects.first() or ensure_site_structure()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The French demo of ``make run`` for the module, gone after its last test (a full load
    is some 16,000 queries: on SQLite it is loaded once per process, tests/worlds.py).
    Yields what ``load_demo`` printed."""
    with django_db_blocker.unblock(), demo_loaded() as printed:
        yield printed


@pytest.fixture
def user(db):
    return UserFactory()


def _user_with_role(role_name):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role_name))
    return user


@pytest.fixture
def animateur(db):
    return _user_with_role(roles.ANIMATEUR)


@pytest.fixture
def instructeur(db):
    return _user_with_role(roles.INSTRUCTEUR)


@pytest.fixture
def administrateur(db):
    return _user_with_role(roles.ADMINISTRATEUR)


@pytest.fixture
def porteur(db):
    return _user_with_role(roles.PORTEUR)
