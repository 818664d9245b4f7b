"""The database backend's own behaviour: cached facet counts never outlive a write."""

import pytest
from django.db import transaction

from search.backends import get_backend
from tests.search.conftest import contract_documents


def type_counts(results):
    return {f.value: f.count for f in results.facets["type"]}


@pytest.fixture
def backend():
    backend = get_backend("database")
    backend.rebuild(contract_documents())
    return backend


@pytest.mark.django_db
def test_cached_facet_counts_follow_writes(backend):
    assert type_counts(backend.search("")) == {"project": 2, "resource": 2, "event": 2}
    assert backend.search("habitat", {"type": ["project"]}).total == 2

    backend.delete_documents(["project:5"])
    assert type_counts(backend.search("")) == {"project": 1, "resource": 2, "event": 2}
    assert backend.search("habitat", {"type": ["project"]}).total == 1

    backend.index_documents([contract_documents()[4]])
    assert type_counts(backend.search("")) == {"project": 2, "resource": 2, "event": 2}
    assert backend.search("habitat", {"type": ["project"]}).total == 2


@pytest.mark.django_db
def test_counts_of_a_rolled_back_write_are_not_reused(backend):
    backend.search("")  # counted and cached
    with transaction.atomic():
        backend.delete_documents(["project:1", "project:5"])
        assert type_counts(backend.search("")) == {"resource": 2, "event": 2}
        transaction.set_rollback(True)
    assert type_counts(backend.search("")) == {"project": 2, "resource": 2, "event": 2}
    # A later write does not find the counts of the rolled-back one either.
    backend.delete_documents(["project:1"])
    assert type_counts(backend.search("")) == {"project": 1, "resource": 2, "event": 2}
