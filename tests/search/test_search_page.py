import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_search_finds_public_pages_and_escapes_the_query(client, site):
    response = client.get("/recherche/", {"q": "mentions <script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html.split("<main")[1]
    assert "&lt;script&gt;" in html


def test_search_lists_matching_page(client, site):
    html = client.get("/recherche/", {"q": "Mentions"}).content.decode()
    assert 'href="/mentions-legales/"' in html


def test_unpublished_pages_are_not_found(client, site):
    page = Page.objects.get(slug="mentions-legales")
    page.unpublish()
    html = client.get("/recherche/", {"q": "Mentions"}).content.decode()
    assert 'href="/mentions-legales/"' not in html
    assert "Aucune page ne correspond" in html


def test_search_is_in_the_header_navigation(client, site):
    nav = client.get("/").content.decode().split('aria-label="Navigation principale"')[1]
    assert 'href="/recherche/"' in nav.split("</nav>")[0]
