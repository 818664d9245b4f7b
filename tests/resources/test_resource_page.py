"""The resource page and its document downloads, counted without personal data."""

import pytest
from django.contrib.auth.models import Group
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.models import Collection, CollectionViewRestriction

from resources.models import DocumentDownloadCount, RelatedResource, ResourceStage, Theme
from tests.factories import HOSTILE

from .factories import (
    DocumentFactory,
    ResourceDocumentFactory,
    ResourceLinkFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db


def download_url(attachment):
    return attachment.page.url + attachment.page.reverse_subpage("download", args=[attachment.pk])


def downloads(document):
    row = DocumentDownloadCount.objects.filter(document=document).first()
    return row.count if row else 0


def test_resource_page_shows_everything_escaped(client, index):
    other = ResourcePageFactory(title="Guide voisin")
    resource = ResourcePageFactory(
        themes=[Theme.objects.get(slug="foncier")],
        stages=[ResourceStage.objects.get(code="chantier")],
        tags=["OFS"],
        author_name=HOSTILE,
    )
    RelatedResource.objects.create(page=resource, resource=other)
    attachment = ResourceDocumentFactory(page=resource, title="Fiche BRS")
    ResourceLinkFactory(page=resource, title="Site de l'OFS")
    response = client.get(resource.url)
    assert response.status_code == 200
    assert HOSTILE not in response.content.decode()
    assertContains(response, "Fiche BRS")
    size = attachment.document.file_size
    assert size > 0
    assertContains(response, f"(PDF, {size}\xa0octets)")
    assertContains(response, "0 téléchargement")
    assertContains(response, 'href="/ressources/?theme=foncier"')
    assertContains(response, 'href="/ressources/?stade=chantier"')
    assertContains(response, "Chantier")
    assertContains(response, "Site de l&#x27;OFS")
    assertContains(response, "Guide voisin")
    assertContains(response, 'aria-label="Fil d\'Ariane"')


def test_download_serves_the_file_and_counts_it(client, index):
    attachment = ResourceDocumentFactory()
    url = download_url(attachment)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert downloads(attachment.document) == 1
    client.get(url)
    assert downloads(attachment.document) == 2
    assertContains(client.get(attachment.page.url), "2 téléchargements")


def test_head_and_post_do_not_count(client, index):
    attachment = ResourceDocumentFactory()
    url = download_url(attachment)
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
    assert downloads(attachment.document) == 0


def test_download_of_a_document_of_another_resource_is_refused(client, index):
    attachment = ResourceDocumentFactory()
    other = ResourcePageFactory()
    url = other.url + other.reverse_subpage("download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    assert downloads(attachment.document) == 0


def test_documents_of_unpublished_resources_are_not_served(client, index):
    attachment = ResourceDocumentFactory(page=ResourcePageFactory(live=False))
    assert client.get(download_url(attachment)).status_code == 404


def test_a_private_collection_is_respected_and_not_counted(client, index):
    private = Collection.get_first_root_node().add_child(name="Privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Animateur CRESS"))
    attachment = ResourceDocumentFactory(document=DocumentFactory(collection=private))
    response = client.get(download_url(attachment))
    assert response.status_code in (302, 403)
    assert downloads(attachment.document) == 0


def test_unlisted_attachment_ids_are_404_not_500(client, index):
    resource = ResourcePageFactory()
    assert client.get(resource.url + "telecharger/999999/").status_code == 404
    assert client.get(resource.url + "telecharger/abc/").status_code == 404


def test_draft_resources_are_not_public(client, index):
    resource = ResourcePageFactory(live=False)
    assert client.get(resource.url).status_code == 404
    assertNotContains(client.get("/ressources/"), resource.title)
