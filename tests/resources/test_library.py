"""The library page: combinable filters, sort, pagination, htmx fragments, bad input."""

import datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from resources.choices import ResourceType
from resources.models import ResourceAudience, ResourceStage, Theme
from tests.factories import HOSTILE

from .factories import ResourceDocumentFactory, ResourcePageFactory, set_downloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(index):
    foncier = Theme.objects.get(slug="foncier")
    juridique = Theme.objects.get(slug="juridique")
    conception = ResourceStage.objects.get(code="conception")
    emergence = ResourceStage.objects.get(code="emergence")
    habitants = ResourceAudience.objects.get(code="habitants")
    collectivites = ResourceAudience.objects.get(code="collectivites")
    return {
        "brs": ResourcePageFactory(
            title="Guide du bail réel solidaire",
            resource_type=ResourceType.GUIDE,
            themes=[foncier, juridique],
            stages=[conception],
            audiences=[habitants],
            tags=["BRS"],
            publication_date=datetime.date(2025, 3, 1),
        ),
        "statuts": ResourcePageFactory(
            title="Modèle de statuts de coopérative",
            resource_type=ResourceType.TEMPLATE,
            themes=[juridique],
            stages=[emergence],
            audiences=[habitants, collectivites],
            tags=["statuts"],
            publication_date=datetime.date(2024, 6, 15),
        ),
        "foncier": ResourcePageFactory(
            title="Étude sur le foncier rural",
            resource_type=ResourceType.STUDY,
            themes=[foncier],
            stages=[emergence],
            audiences=[collectivites],
            publication_date=datetime.date(2025, 9, 20),
        ),
    }


def titles(response):
    return [resource.title for resource in response.context["page_obj"]]


def test_library_lists_live_resources_newest_first(client, catalogue):
    draft = ResourcePageFactory(title="Brouillon", live=False)
    response = client.get("/ressources/")
    assert response.status_code == 200
    assert titles(response) == [
        "Étude sur le foncier rural",
        "Guide du bail réel solidaire",
        "Modèle de statuts de coopérative",
    ]
    assertNotContains(response, draft.title)
    assertContains(response, "3 ressources")
    assertContains(response, "20 septembre 2025")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=guide", ["Guide du bail réel solidaire"]),
        ("type=guide&type=etude", ["Étude sur le foncier rural", "Guide du bail réel solidaire"]),
        ("theme=foncier", ["Étude sur le foncier rural", "Guide du bail réel solidaire"]),
        ("theme=foncier&type=guide", ["Guide du bail réel solidaire"]),
        ("stade=emergence", ["Étude sur le foncier rural", "Modèle de statuts de coopérative"]),
        ("stade=emergence&public=habitants", ["Modèle de statuts de coopérative"]),
        ("public=collectivites&annee=2025", ["Étude sur le foncier rural"]),
        ("tag=brs", ["Guide du bail réel solidaire"]),
        (
            "theme=juridique&stade=conception&public=habitants&annee=2025&type=guide&tag=brs",
            ["Guide du bail réel solidaire"],
        ),
        ("theme=foncier&type=modele", []),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    response = client.get(f"/ressources/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert not response.context["filter_warnings"]


def test_a_resource_in_two_matching_themes_is_listed_once(client, catalogue):
    response = client.get("/ressources/?theme=foncier&theme=juridique")
    assert sorted(titles(response)) == sorted(r.title for r in catalogue.values())


def test_filters_stay_checked_in_the_form_for_a_shared_url(client, catalogue):
    response = client.get("/ressources/?theme=foncier&stade=emergence&annee=2025")
    assertContains(response, 'value="foncier" id="filtre-theme-foncier" checked', html=False)
    assertContains(response, 'value="emergence" id="filtre-stade-emergence" checked', html=False)
    assertContains(response, '<option value="2025" selected>', html=False)


@pytest.mark.parametrize(
    ("sort", "expected_first"),
    [
        ("ancien", "Modèle de statuts de coopérative"),
        ("titre", "Guide du bail réel solidaire"),
        ("recent", "Étude sur le foncier rural"),
    ],
)
def test_sort(client, catalogue, sort, expected_first):
    response = client.get(f"/ressources/?tri={sort}")
    assert titles(response)[0] == expected_first


def test_most_downloaded_sort_and_podium(client, catalogue):
    attachment = ResourceDocumentFactory(page=catalogue["statuts"])
    set_downloads(attachment.document, 7)
    response = client.get("/ressources/?tri=telechargements")
    assert titles(response)[0] == "Modèle de statuts de coopérative"
    assert [r.title for r in response.context["most_downloaded"]] == [
        "Modèle de statuts de coopérative"
    ]
    assertContains(response, "Les plus téléchargées")
    assertContains(response, "7 téléchargements")


def test_no_podium_before_any_download(client, catalogue):
    assertNotContains(client.get("/ressources/"), "titre-plus-telecharges")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("type=roman", "Le type « roman » n&#x27;existe pas : ce filtre est ignoré."),
        ("theme=astrologie", "Le thème « astrologie » n&#x27;existe pas"),
        ("stade=demolition", "Le stade « demolition » n&#x27;existe pas"),
        ("public=martiens", "Le public « martiens » n&#x27;existe pas"),
        ("tag=inconnu", "Le mot-clé « inconnu » n&#x27;existe pas"),
        ("annee=deux-mille", "L&#x27;année « deux-mille » n&#x27;est pas valide"),
        ("tri=hasard", "Le tri « hasard » n&#x27;existe pas"),
        (f"theme={HOSTILE}", "&lt;script&gt;"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_french_message(client, catalogue, query, message):
    response = client.get(f"/ressources/?{query}&type=guide")
    assert response.status_code == 200
    assertContains(response, message)
    # The valid filter still applies.
    if not query.startswith("type="):
        assert titles(response) == ["Guide du bail réel solidaire"]


def test_pagination_keeps_the_filters(client, index):
    theme = Theme.objects.get(slug="financement")
    for number in range(15):
        ResourcePageFactory(title=f"Fiche {number:02d}", themes=[theme])
    ResourcePageFactory(title="Hors thème")
    response = client.get("/ressources/?theme=financement&tri=titre")
    assert len(titles(response)) == 12
    assertContains(response, "Page 1 sur 2")
    assertContains(response, 'href="?theme=financement&amp;tri=titre&amp;page=2"')
    response = client.get("/ressources/?theme=financement&tri=titre&page=2")
    assert titles(response) == ["Fiche 12", "Fiche 13", "Fiche 14"]
    # A page number out of range or invalid shows a real page, not an error.
    assert client.get("/ressources/?page=999").status_code == 200
    assert client.get("/ressources/?page=abc").status_code == 200


def test_htmx_gets_only_the_results(client, catalogue):
    response = client.get("/ressources/?theme=foncier", headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert '<section id="resultats"' in content
    assert 'id="annonce-resultats"' in content and 'hx-swap-oob="true"' in content
    assert "<html" not in content
    assert "2 ressources" in content
    assert "HX-Request" in response["Vary"]


def test_user_text_is_escaped(client, index):
    ResourcePageFactory(themes=[Theme.objects.get(slug="foncier")], author_name=HOSTILE)
    response = client.get("/ressources/")
    assert HOSTILE not in response.content.decode()
    assertContains(response, "&lt;script&gt;")
