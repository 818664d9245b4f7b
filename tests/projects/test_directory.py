import json

import pytest

from projects.models import Commune

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


def _commune(insee):
    return Commune.objects.get(insee=insee)


@pytest.fixture
def projects(index):
    return {
        "toulouse": ProjectPageFactory(
            parent=index,
            title="La Maison des Possibles",
            commune=_commune("31555"),
            stage="conception",
            habitat_types=["participatif"],
            legal_form="coop_habitants",
            construction="neuf",
            setting="urbain",
            shared_spaces=["salle-commune", "jardin"],
            seeking_households=True,
            seeking_households_text="Deux familles",
            tags=["autopromotion"],
        ),
        "figeac": ProjectPageFactory(
            parent=index,
            title="Le Hameau du Célé",
            commune=_commune("46102"),
            stage="habite",
            habitat_types=["oasis", "intergenerationnel"],
            legal_form="sci",
            construction="rehabilitation",
            setting="rural",
            shared_spaces=["atelier"],
        ),
        "inclusif": ProjectPageFactory(
            parent=index,
            title="Résidence Les Tisserands",
            commune=_commune("81004"),
            stage="chantier",
            habitat_types=["inclusif"],
            legal_form="association",
            setting="urbain",
        ),
        "draft": ProjectPageFactory(
            parent=index, title="Brouillon secret", commune=_commune("31555"), live=False
        ),
    }


def titles(client, query=""):
    html = client.get(f"/projets/{query}").content.decode()
    return {name for name in ("Possibles", "Célé", "Tisserands", "Brouillon") if name in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Possibles", "Célé", "Tisserands"}),
        ("?departement=31", {"Possibles"}),
        ("?departement=46", {"Célé"}),
        ("?stade=habite", {"Célé"}),
        ("?habitat=oasis", {"Célé"}),
        ("?habitat=inclusif", {"Tisserands"}),
        ("?forme=sci", {"Célé"}),
        ("?construction=neuf", {"Possibles"}),
        ("?milieu=urbain", {"Possibles", "Tisserands"}),
        ("?espace=jardin", {"Possibles"}),
        ("?foyers=1", {"Possibles"}),
        ("?tag=autopromotion", {"Possibles"}),
        ("?q=hameau", {"Célé"}),
        ("?milieu=urbain&habitat=inclusif", {"Tisserands"}),
        ("?milieu=urbain&departement=46", set()),
        ("?departement=31&stade=conception&foyers=1&espace=salle-commune", {"Possibles"}),
    ],
)
def test_filters_and_combinations(client, projects, query, expected):
    assert titles(client, query) == expected


def test_unknown_filter_values_are_ignored_with_a_notice(client, projects):
    response = client.get("/projets/?departement=75&stade=fini&habitat=chateau&milieu=urbain")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Certains filtres ont été ignorés" in html
    assert "Département" in html and "Stade" in html
    assert titles(client, "?departement=75&milieu=urbain") == {"Possibles", "Tisserands"}


def test_sort_by_name_and_by_update(client, projects):
    by_name = client.get("/projets/?tri=nom").content.decode()
    assert by_name.index("La Maison") < by_name.index("Le Hameau") < by_name.index("Résidence")
    projects["toulouse"].save_revision().publish()
    by_update = client.get("/projets/?tri=maj").content.decode()
    assert by_update.index("La Maison") < by_update.index("Résidence")


def test_pagination_keeps_the_filters(client, index):
    for number in range(14):
        ProjectPageFactory(parent=index, title=f"Projet rural {number:02d}", setting="rural")
    html = client.get("/projets/?milieu=rural").content.decode()
    assert "14 projets trouvés" in html
    assert 'href="?milieu=rural&amp;page=2"' in html
    page_2 = client.get("/projets/?milieu=rural&page=2").content.decode()
    assert "Projet rural 13" in page_2 and "Projet rural 00" not in page_2
    assert client.get("/projets/?page=abc").status_code == 200


def test_htmx_request_gets_only_the_results(client, projects):
    response = client.get(
        "/projets/?departement=31", headers={"HX-Request": "true", "HX-Target": "resultats"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="resultats"')
    assert "<html" not in html
    assert "Possibles" in html and "Célé" not in html
    assert 'data-geojson-url="/projets/carte.geojson?departement=31"' in html


def test_directory_works_without_javascript(client, projects):
    html = client.get("/projets/").content.decode()
    assert '<form class="project-filters" method="get" action="/projets/"' in html
    assert 'id="carte-projets"' in html
    assert "Liste des projets" in html


def test_geojson_has_public_fields_at_commune_level(client, projects):
    response = client.get("/projets/carte.geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    by_name = {feature["properties"]["name"]: feature for feature in data["features"]}
    assert set(by_name) == {
        "La Maison des Possibles",
        "Le Hameau du Célé",
        "Résidence Les Tisserands",
    }
    toulouse = by_name["La Maison des Possibles"]
    assert toulouse["geometry"]["coordinates"] == [1.432, 43.5961]
    assert toulouse["properties"]["url"] == projects["toulouse"].url
    assert toulouse["properties"]["seeking_households"] is True
    inclusive = by_name["Résidence Les Tisserands"]
    commune = _commune("81004")
    assert inclusive["geometry"]["coordinates"] == [
        float(commune.longitude),
        float(commune.latitude),
    ]
    assert set(inclusive["properties"]) == {
        "name", "url", "commune", "insee", "departement", "stage", "habitat_types",
        "seeking_households", "precision",
    }  # fmt: skip
    assert inclusive["properties"]["precision"] == "commune"
    assert "Personne" not in response.content.decode()  # no team member names


def test_geojson_applies_the_same_filters(client, projects):
    data = json.loads(client.get("/projets/carte.geojson?habitat=oasis&page=3").content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Le Hameau du Célé"]
    assert data["features"][0]["properties"]["habitat_types"] == [
        "Habitat intergénérationnel",
        "Oasis",
    ]


def _bulk_projects(index, count):
    for number in range(count):
        ProjectPageFactory(
            parent=index,
            title=f"Projet {number}",
            habitat_types=["participatif", "oasis"],
            tags=[f"mot{number % 3}"],
            setting="rural",
        )


def _queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_number_of_projects(
    client, index, django_assert_max_num_queries
):
    urls = ["/projets/", "/projets/?milieu=rural&tri=maj", "/projets/carte.geojson?habitat=oasis"]
    _bulk_projects(index, 10)
    client.get("/projets/")  # warm caches (site root paths, content types)
    small = {url: _queries(client, django_assert_max_num_queries, url) for url in urls}
    _bulk_projects(index, 50)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            client.get(url)
