"""Images of a project page are uploaded by its team through Wagtail's image library: a file
that is not an image, or one that is too heavy, is refused at the field in French."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.images.models import Image

from .factories import ProjectPageFactory, make_team_member

pytestmark = pytest.mark.django_db


def upload(client, collection, content, name):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Façade du projet",
            "collection": collection.pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_a_file_that_is_not_an_image_is_refused_in_french(client, index):
    page = ProjectPageFactory(parent=index)
    member = make_team_member(page)
    client.force_login(member)
    response = upload(client, page.team.collection, b"%PDF-1.4 pas une image", "facade.jpg")
    assert response.status_code == 200
    assert "n’est pas une image" in response.context["form"].errors["file"][0]
    assert not Image.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_oversized_image_is_refused_with_the_limit(client, index):
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.effect_noise((200, 200), 80).convert("RGB").save(buffer, "PNG")
    page = ProjectPageFactory(parent=index)
    member = make_team_member(page)
    client.force_login(member)
    response = upload(client, page.team.collection, buffer.getvalue(), "facade.png")
    assert response.status_code == 200
    error = response.context["form"].errors["file"][0]
    assert "Ce fichier est trop gros" in error
    assert "1,0\xa0Kio" in error
    assert not Image.objects.exists()
