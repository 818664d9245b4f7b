from io import StringIO

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.documents import SearchDocument

from .content import sample_content

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_public_content_and_drops_stale_entries(site):
    sample_content()
    backend = get_backend()
    backend.index_documents(
        [SearchDocument(id="project:999999", type="project", title="Périmé", url="/x/")]
    )
    out, err = StringIO(), StringIO()
    call_command("search_index", "--rebuild", stdout=out, stderr=err)
    assert "5 document(s) indexé(s) sur 5" in out.getvalue()
    assert "5/5" in err.getvalue()  # the progress bar with counts
    assert backend.count() == 5
    assert backend.search("périmé").total == 0
    assert backend.search("habitats partagés").total == 2


def test_without_rebuild_it_reports_counts(site):
    sample_content()
    out = StringIO()
    call_command("search_index", stdout=out)
    assert "project : 2 document(s) publics" in out.getvalue()
    assert "--rebuild" in out.getvalue()
