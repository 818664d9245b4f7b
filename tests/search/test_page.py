"""The /recherche/ page and the header suggestions, on the configured (database) backend."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.indexing import rebuild
from tests.factories import HOSTILE

from .content import make_project, sample_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site):
    content = sample_content()
    rebuild()
    return content


def main(response):
    return response.content.decode().split("<main", 1)[1]


def test_search_finds_across_types_with_highlights(client, content):
    response = client.get("/recherche/", {"q": "habitats partagés"})
    html = main(response)
    assert response.status_code == 200
    assert content["tilleuls"].url in html
    assert content["rencontre"].url in html
    assert content["oasis"].url not in html
    assert "<mark>" in html
    assert "2 résultats pour « habitats partagés »" in html
    assert 'role="status"' in html
    assert "Projet" in html and "Événement" in html


def test_facets_are_fieldsets_with_counts_and_combine(client, content):
    html = main(client.get("/recherche/", {"q": "coopérative"}))
    assert "<fieldset" in html and "<legend>Type de contenu</legend>" in html
    html = main(client.get("/recherche/", {"q": "", "type": ["resource"], "theme": "foncier"}))
    assert content["brs"].url in html
    assert content["guide"].url not in html
    assert "Foncier" in html
    assert 'value="foncier" id="f-theme-1" checked' in html


def test_empty_query_browses_by_facet(client, content):
    html = main(client.get("/recherche/"))
    assert "Parcourir les contenus" in html
    assert "5 contenus" in html
    assert "<legend>Département</legend>" in html
    assert "34 – Hérault" in html


def test_sort_by_date_and_shareable_pagination(client, content):
    make_project(title="Projet A", summary="Habitat numéro un.")
    rebuild()
    html = main(client.get("/recherche/", {"tri": "date", "page": "1"}))
    assert "Page 1 sur 1" not in html
    response = client.get("/recherche/", {"q": "habitat", "page": "2"})
    assert response.status_code == 200


def test_no_result_suggests_removing_filters_and_closest_titles(client, content):
    html = main(client.get("/recherche/", {"q": "oasis jardin", "type": "event"}))
    assert "Aucun contenu ne correspond" in html
    assert "Retirez les filtres" in html
    assert "Les titres les plus proches" in html
    assert content["oasis"].url in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 2000},
        {"q": '" * : ( ) AND OR -'},
        {"q": 'habitat AND (partagé OR "x") -*:'},
        {"q": "habitat", "type": "n'existe-pas", "departement": "99"},
        {"q": "habitat", "page": "abc"},
        {"q": "habitat", "page": "99999999999999999999"},
        {"q": "habitat", "page": "-3"},
        {"q": "habitat", "tri": "<script>"},
        {"q": "\x00 habitat \u200b"},
    ],
)
def test_bad_input_never_breaks(client, content, params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    html = main(response)
    assert "syntax" not in html.lower() and "fts5" not in html.lower()
    assert "<script>" not in html


def test_out_of_range_page_shows_the_last_page(client, content):
    html = main(client.get("/recherche/", {"q": "habitat", "page": "40"}))
    assert "voici la dernière page" in html
    assert content["tilleuls"].url in html


def test_long_query_is_cut_with_a_message(client, content):
    html = main(client.get("/recherche/", {"q": "habitat " * 300}))
    assert "200 premiers caractères" in html


def test_user_text_is_escaped(client, site):
    make_project(title=f"Projet {HOSTILE}", summary=f"Résumé {HOSTILE}")
    rebuild()
    html = main(client.get("/recherche/", {"q": "projet"}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    html = client.get("/recherche/suggestions/", {"q": "proj"}).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_htmx_request_gets_the_partial_with_the_status_out_of_band(client, content):
    response = client.get("/recherche/", {"q": "habitat"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="search-results"' in html
    assert 'hx-swap-oob="true"' in html


def test_query_count_stays_flat(client, site):
    for number in range(3):
        make_project(title=f"Habitat {number}", summary="Habitat partagé", tags=["jardin"])
    rebuild()
    url = "/recherche/?q=habitat&type=project&departement=34"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for number in range(12):
        make_project(title=f"Habitat bis {number}", summary="Habitat partagé", tags=[f"t{number}"])
    rebuild()
    assert count() == few


def test_suggestions_are_combobox_options(client, content):
    html = client.get("/recherche/suggestions/", {"q": "habit"}).content.decode()
    assert 'role="option"' in html
    assert "Habitat partagé des Tilleuls" in html
    assert client.get("/recherche/suggestions/", {"q": "h"}).content.decode().strip() == ""
    assert client.get("/recherche/suggestions/", {"q": "x" * 5000}).status_code == 200


def test_header_has_the_search_combobox(client, site):
    html = client.get("/").content.decode()
    header = html.split("</header>")[0]
    assert 'role="combobox"' in header
    assert 'aria-controls="header-search-suggestions"' in header
    assert 'action="/recherche/"' in header
    nav = html.split('aria-label="Navigation principale"')[1]
    assert 'href="/recherche/"' in nav.split("</nav>")[0]


def test_engine_failure_shows_a_french_message(client, content, monkeypatch):
    from search.backends.database import DatabaseBackend

    def broken(*args, **kwargs):
        raise RuntimeError("fts5: syntax error near AND")

    monkeypatch.setattr(DatabaseBackend, "search", broken)
    response = client.get("/recherche/", {"q": "habitat"})
    html = main(response)
    assert response.status_code == 200
    assert "momentanément indisponible" in html
    assert "fts5" not in html
