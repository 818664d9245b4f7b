"""Indexing follows publication, unpublication, moves, restrictions and deletions, after
commit, through django-tasks; a failing engine never breaks publishing."""

import logging

import pytest
from wagtail.models import PageViewRestriction

from search import indexing
from search.backends import get_backend
from search.backends.database import DatabaseBackend

from .content import make_project, make_resource

pytestmark = pytest.mark.django_db


def titles(query):
    return [hit.title for hit in get_backend().search(query).hits]


def test_publish_then_unpublish_then_delete(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_project(title="Habitat des Platanes", live=False)
    assert titles("platanes") == []
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles("platanes") == ["Habitat des Platanes"]

    page.refresh_from_db()
    page.title = "Habitat des Marronniers"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles("marronniers") == ["Habitat des Marronniers"]
    assert titles("platanes") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert titles("marronniers") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert titles("marronniers") == ["Habitat des Marronniers"]
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert titles("marronniers") == []


def test_nothing_is_indexed_before_commit(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_resource(title="Ressource pas encore validée")
    assert titles("validée") == []
    for callback in callbacks:
        callback()
    assert titles("validée") == ["Ressource pas encore validée"]


def test_a_paused_sync_enqueues_nothing_and_resumes_after(site, django_capture_on_commit_callbacks):
    # The demo content loads under sync_paused() and ends with a rebuild (search/apps.py).
    with django_capture_on_commit_callbacks(execute=False) as callbacks, indexing.sync_paused():
        make_resource(title="Ressource chargée en bloc")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_resource(title="Ressource publiée ensuite")
    assert len(callbacks) >= 1
    assert titles("ensuite") == ["Ressource publiée ensuite"]
    assert titles("bloc") == []
    indexing.rebuild()
    assert titles("bloc") == ["Ressource chargée en bloc"]


def test_the_demo_loads_with_the_sync_paused_and_rebuilds_last():
    from labo.core.registry import demo_contexts, demo_loaders

    assert indexing.sync_paused in demo_contexts()
    assert demo_loaders()[-1] is indexing.rebuild_quietly


def test_a_new_restriction_removes_the_subtree(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(title="Ressource bientôt privée")
    assert titles("bientôt") == ["Ressource bientôt privée"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=resource.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    assert titles("bientôt") == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert titles("bientôt") == ["Ressource bientôt privée"]


def test_engine_failure_is_logged_and_publishing_succeeds(
    site, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def down(self, documents):
        raise ConnectionError("Elasticsearch injoignable")

    monkeypatch.setattr(DatabaseBackend, "index_documents", down)
    monkeypatch.setattr("search.tasks.RETRY_DELAY_SECONDS", 0)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page = make_project(title="Publié malgré tout", live=False)
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    assert "search_index --rebuild" in caplog.text


def test_forum_posts_reindex_their_topic(site, django_capture_on_commit_callbacks):
    factories = pytest.importorskip("tests.forum.factories")
    with django_capture_on_commit_callbacks(execute=True):
        topic = factories.TopicFactory(title="Sujet sur les statuts")
    with django_capture_on_commit_callbacks(execute=True):
        post = factories.PostFactory(topic=topic, body="Parlons de la gouvernance partagée")
    assert titles("gouvernance") == ["Sujet sur les statuts"]
    post.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    assert titles("gouvernance") == []
    topic.is_hidden = True
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert titles("statuts") == []


def test_a_move_under_a_restricted_section_removes_the_page(
    site, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(title="Ressource déménagée")
        home = resource.get_parent().get_parent()
        private = home.add_child(instance=Page(title="Espace réservé", slug="reserve"))
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles("déménagée") == ["Ressource déménagée"]
    with django_capture_on_commit_callbacks(execute=True):
        resource.move(private, pos="last-child")
    assert titles("déménagée") == []
