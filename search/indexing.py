"""Keeping the index in step with the content.

Signals (page saves and publication, unpublication, moves, deletions, view restrictions, and
saves/deletions of other indexed models) only record *what* changed; after the transaction
commits, one django-tasks task per type re-reads those objects and indexes or removes them.
Nothing here may break publishing: enqueueing errors are logged, never raised.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .adapters import PageAdapter, adapters_for_model, all_adapters

logger = logging.getLogger(__name__)
DISPATCH_PREFIX = "search-index"
_sync_paused = ContextVar("search_sync_paused", default=False)


@contextmanager
def sync_paused():
    """No per-object index update inside: for bulk loads that end with ``rebuild()`` (the demo
    content), where each update would be redone by the rebuild. About a third of the demo's
    loading time went to them."""
    token = _sync_paused.set(True)
    try:
        yield
    finally:
        _sync_paused.reset(token)


def enqueue_sync(type_name: str, pks) -> None:
    """After commit, enqueue the update of ``pks`` of ``type_name``."""
    if _sync_paused.get():
        return
    pks = sorted({pk for pk in pks if pk is not None})
    if pks:
        transaction.on_commit(partial(_enqueue, type_name, pks), robust=True)


def _enqueue(type_name: str, pks: list) -> None:
    from .tasks import sync_search_index

    try:
        sync_search_index.enqueue(type_name, pks)
    except Exception:
        logger.exception("Could not enqueue the search index update of %s %s.", type_name, pks)


def _page_types() -> list[PageAdapter]:
    return [adapter for adapter in all_adapters() if isinstance(adapter, PageAdapter)]


def pages_changed(page_ids) -> None:
    """Re-examine pages whatever their type (a deleted or moved page, a restriction)."""
    for adapter in _page_types():
        enqueue_sync(adapter.type, page_ids)


def subtree_changed(page) -> None:
    """A page and its descendants: a move or a view restriction changes them all."""
    ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    pages_changed(ids)


def object_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    for adapter in adapters_for_model(type(instance)):
        target = adapter.get_model()
        if isinstance(instance, target):
            enqueue_sync(adapter.type, [instance.pk])
        else:
            for model, related_pks in adapter.get_watched_models():
                if isinstance(instance, model):
                    enqueue_sync(adapter.type, related_pks(instance))


def page_deleted(sender, instance, **kwargs):
    pages_changed([instance.pk])


def page_moved(sender, instance, **kwargs):
    subtree_changed(instance)


def restriction_changed(sender, instance, **kwargs):
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    subtree_changed(page)


def connect_signals() -> None:
    uid = DISPATCH_PREFIX
    post_save.connect(object_changed, dispatch_uid=f"{uid}-save")
    page_published.connect(object_changed, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(object_changed, dispatch_uid=f"{uid}-unpublished")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid=f"{uid}-page-deleted")
    post_delete.connect(object_changed, dispatch_uid=f"{uid}-deleted")
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}-moved")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}-vr")
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}-vr-deleted"
    )


def all_documents():
    for adapter in all_adapters():
        yield from adapter.documents()


def count_documents() -> int:
    return sum(adapter.count() for adapter in all_adapters())


def rebuild(progress=None) -> int:
    from .backends import get_backend

    return get_backend().rebuild(all_documents(), total=count_documents(), progress=progress)


def rebuild_quietly() -> None:
    """Used after the demo content is loaded: a search engine that is down is logged only."""
    try:
        rebuild()
    except Exception:
        logger.exception("Search index rebuild failed; run manage.py search_index --rebuild.")
