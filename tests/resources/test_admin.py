import pytest

from tests.factories import UserFactory

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def test_animateurs_edit_resources_in_wagtail(client, index, animateur):
    client.force_login(animateur)
    resource = ResourcePageFactory()
    response = client.get(f"/admin/pages/{resource.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Projets liés" in content
    assert "Documents joints" in content
    assert client.get(f"/admin/pages/add/resources/resourcepage/{index.pk}/").status_code == 200


def test_themes_are_snippets(client, index):
    # Animateurs get the theme permissions once labo/accounts/roles.py lists them.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/resources/theme/")
    assert response.status_code == 200
    assert "Foncier" in response.content.decode()
