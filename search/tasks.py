"""Index updates run by django-tasks, enqueued after commit by ``indexing.py``.

Arguments are JSON (a type and primary keys): the task reads the database when it runs, so a
late or repeated run still writes the current state. Failures (Elasticsearch unreachable…)
are retried a few times, then logged; ``manage.py search_index --rebuild`` repairs anything
missed.
"""

import logging
import time

from django_tasks import task

from .adapters import get_adapter
from .backends import get_backend

logger = logging.getLogger(__name__)
ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.5


def sync_objects(type_name: str, pks: list) -> tuple[int, int]:
    """Index the public objects among ``pks`` and remove the others from the index.
    Returns (indexed, removed)."""
    adapter = get_adapter(type_name)
    if adapter is None:
        return 0, 0
    documents = list(adapter.documents(pks))
    indexed_ids = {document.id for document in documents}
    gone = [adapter.document_id(pk) for pk in pks if adapter.document_id(pk) not in indexed_ids]
    backend = get_backend()
    if documents:
        backend.index_documents(documents)
    if gone:
        backend.delete_documents(gone)
    return len(documents), len(gone)


@task()
def sync_search_index(type_name: str, pks: list) -> list[int]:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return list(sync_objects(type_name, pks))
        except Exception:
            if attempt == ATTEMPTS:
                logger.exception(
                    "Search index update failed for %s %s; run manage.py search_index --rebuild.",
                    type_name,
                    pks,
                )
                raise
            logger.warning("Search index update failed (attempt %s), retrying.", attempt)
            time.sleep(RETRY_DELAY_SECONDS * attempt)
    return [0, 0]
