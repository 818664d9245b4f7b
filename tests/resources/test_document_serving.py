"""Documents leave only through Wagtail's permission-checked view (#15, finding 3): a
proposal's file waits in a collection only the CRESS may open, and neither the media folder
nor a guessable path may hand it to anyone else."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from wagtail.documents import get_document_model

from resources.models import ResourcePage, Theme
from resources.pdf import minimal_pdf

pytestmark = pytest.mark.django_db

CONTENT = minimal_pdf("Compte rendu confidentiel")
TOKEN_PATH = re.compile(r"^documents/[0-9a-f]{24}/compte-rendu\.pdf$")


@pytest.fixture
def proposal_document(client, index, user):
    client.force_login(user)
    client.post(
        "/ressources/proposer/",
        {
            "title": "Compte rendu du comité",
            "summary": "Ce que le comité a décidé.",
            "resource_type": "guide",
            "themes": [Theme.objects.get(slug="gouvernance").pk],
            "file": SimpleUploadedFile("compte-rendu.pdf", CONTENT, "application/pdf"),
        },
    )
    client.logout()
    return ResourcePage.objects.get().documents.get().document


@pytest.fixture
def media_served_locally(settings):
    """As under ``make run`` and in the browser tests (labo.settings.dev)."""
    settings.SERVE_MEDIA_LOCALLY = True


def test_a_restricted_document_is_not_served_from_the_media_folder(
    client, proposal_document, media_served_locally, user
):
    for path in (
        f"/media/{proposal_document.file.name}",
        "/media/documents/compte-rendu.pdf",
        f"/media/images/../{proposal_document.file.name}",
    ):
        for who in (None, user):
            client.logout()
            if who:
                client.force_login(who)
            response = client.get(path)
            assert response.status_code == 404, (path, who)


def test_a_restricted_document_is_served_to_the_cress_only(client, proposal_document, animateur):
    url = proposal_document.url
    assert url.startswith(f"/documents/{proposal_document.pk}/")
    assert client.get(url).status_code in (302, 403)
    client.force_login(animateur)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT


def test_documents_are_streamed_by_the_checked_view_even_from_a_storage_with_urls(
    client, monkeypatch, index, animateur
):
    """A storage that gives URLs but no local path (S3) would make Wagtail redirect to the
    file's own, unchecked URL: the download stays in the view instead."""

    def no_local_path(field_file):
        raise NotImplementedError("a remote storage")

    document = get_document_model().objects.create(
        title="Statuts", file=ContentFile(CONTENT, name="statuts.pdf")
    )
    monkeypatch.setattr(FieldFile, "path", property(no_local_path))
    client.force_login(animateur)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT


def test_document_paths_cannot_be_guessed_from_their_names(proposal_document):
    assert TOKEN_PATH.match(proposal_document.file.name), proposal_document.file.name
    assert proposal_document.filename == "compte-rendu.pdf"
    twin = get_document_model().objects.create(
        title="Même nom", file=ContentFile(CONTENT, name="compte-rendu.pdf")
    )
    assert TOKEN_PATH.match(twin.file.name)
    assert Path(twin.file.name).parent != Path(proposal_document.file.name).parent


def test_documents_stored_before_the_tokens_move_under_one(settings):
    Document = get_document_model()
    document = Document.objects.create(title="Ancien", file=ContentFile(CONTENT, name="a.pdf"))
    storage = document.file.storage
    storage.save("documents/ancien-statuts.pdf", ContentFile(CONTENT))
    Document.objects.filter(pk=document.pk).update(file="documents/ancien-statuts.pdf")
    migration = importlib.import_module("resources.migrations.0003_documents_under_tokens")

    migration.move_documents(apps, schema_editor=None)

    document.refresh_from_db()
    assert re.match(r"^documents/[0-9a-f]{24}/ancien-statuts\.pdf$", document.file.name)
    assert document.file.read() == CONTENT
    assert not storage.exists("documents/ancien-statuts.pdf")


def test_public_images_are_still_served_from_the_media_folder(
    client, settings, media_served_locally
):
    image = Path(settings.MEDIA_ROOT) / "images" / "facade.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client.get("/media/images/facade.png").status_code == 200
    settings.SERVE_MEDIA_LOCALLY = False
    assert client.get("/media/images/facade.png").status_code == 404
