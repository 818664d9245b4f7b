from html import escape

import pytest
from django.core.exceptions import ValidationError

from projects.models import Commune, ProjectIndexPage, ProjectPage
from projects.site_setup import ensure_project_index
from tests.factories import HOSTILE

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


def test_occitanie_communes_are_installed_with_the_project():
    assert 4400 < Commune.objects.count() < 4500
    toulouse = Commune.objects.get(insee="31555")
    assert (toulouse.name, toulouse.departement) == ("Toulouse", "31")
    assert 43.5 < toulouse.latitude < 43.7 and 1.3 < toulouse.longitude < 1.5
    assert set(Commune.objects.values_list("departement", flat=True)) == {
        "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
    }  # fmt: skip


def test_site_setup_creates_the_directory_once_under_the_cress_workflow(site):
    index = ProjectIndexPage.objects.get()
    assert index.url == "/projets/"
    assert index.get_workflow().name == "Validation CRESS"
    ensure_project_index()
    assert ProjectIndexPage.objects.count() == 1


def test_header_links_to_the_directory(client, index):
    html = client.get("/").content.decode()
    assert 'href="/projets/"' in html


def test_project_page_renders_and_escapes_user_text(client, index):
    page = ProjectPageFactory(
        parent=index, habitat_types=["participatif"], tags=["autoconstruction"]
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE not in html
    assert escape(HOSTILE) in html
    assert "Montpellier" in html
    assert "Habitat participatif" in html
    assert 'href="/projets/?tag=autoconstruction"' in html
    assert "Contacter l&#x27;équipe du projet" in html or "Contacter l'équipe du projet" in html


@pytest.mark.parametrize(
    ("fields", "error_field", "message"),
    [
        ({"households": 200, "dwellings": 10}, "households", "vérifiez ces nombres"),
        ({"living_area": 0}, "living_area", "supérieure à 0 m²"),
        ({"shared_area": -5}, "shared_area", "supérieure à 0 m²"),
        ({"dwellings": 50_000}, "dwellings", "trop élevé"),
        (
            {"dwellings": 4, "social_dwellings": 3, "rental_dwellings": 3},
            "social_dwellings",
            "plus que",
        ),
        ({"seeking_households": True}, "seeking_households_text", "quels foyers"),
    ],
)
def test_absurd_numbers_get_a_french_message_at_the_field(index, fields, error_field, message):
    page = ProjectPageFactory.build(commune=Commune.objects.get(insee="31555"), **fields)
    page.path, page.depth = "00010001", 2  # full_clean needs tree fields; not saved
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert message in " ".join(error.value.message_dict[error_field])


def test_project_is_inclusive_when_typed_so(index):
    page = ProjectPageFactory(parent=index, habitat_types=["inclusif", "partage"])
    assert ProjectPage.objects.get(pk=page.pk).is_inclusive
