import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from labo.accounts import roles
from labo.home.site_setup import ensure_site_structure

from .factories import UserFactory


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield


@pytest.fixture
def site(db):
    """The home page and the legal pages, as ``setup_site`` creates them."""
    return ensure_site_structure()


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
