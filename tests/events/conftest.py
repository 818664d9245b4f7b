import pytest

from labo.events.site_setup import ensure_agenda

from .factories import EventPageFactory


@pytest.fixture
def agenda(site):
    return ensure_agenda()


@pytest.fixture
def make_event(agenda):
    """``make_event(**fields)`` → a live event under the agenda."""

    def make(**kwargs):
        kwargs.setdefault("parent", agenda)
        return EventPageFactory(**kwargs)

    return make


@pytest.fixture
def event(make_event):
    return make_event(registration_enabled=True, capacity=2)
