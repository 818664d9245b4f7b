import pytest

from labo.core.navigation import MAIN_NAVIGATION, available_navigation

pytestmark = pytest.mark.django_db


def test_header_links_only_to_sections_that_exist(client, site):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Navigation principale"')[1].split("</nav>")[0]
    for label, url in available_navigation():
        assert f'href="{url}"' in nav
        assert str(label) in nav
    assert len(available_navigation()) <= len(MAIN_NAVIGATION)
    assert "Mon espace" in nav


def test_current_section_is_marked_for_assistive_technologies(client, user, site):
    client.force_login(user)
    html = client.get("/mon-espace/").content.decode()
    assert 'href="/mon-espace/" aria-current="page"' in html


def test_anonymous_visitor_is_sent_to_login_from_mon_espace(client, site):
    response = client.get("/mon-espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_sections_backed_by_a_wagtail_index_page_link_to_that_page(client, site, monkeypatch):
    from labo.core import navigation

    monkeypatch.setattr(
        navigation,
        "MAIN_NAVIGATION",
        [*navigation.MAIN_NAVIGATION, navigation.NavItem("Infos", page_type="home.LegalPage")],
    )
    nav = client.get("/").content.decode().split('aria-label="Navigation principale"')[1]
    assert '<a href="/mentions-legales/">Infos</a>' in nav.split("</nav>")[0]


def test_navigation_costs_one_query_for_its_pages(rf, site, monkeypatch, django_assert_num_queries):
    from labo.core import navigation

    monkeypatch.setattr(
        navigation,
        "MAIN_NAVIGATION",
        [*navigation.MAIN_NAVIGATION, navigation.NavItem("Infos", page_type="home.LegalPage")],
    )
    request = rf.get("/")
    navigation.available_navigation(request)  # warms the content type and site caches
    with django_assert_num_queries(1):
        navigation.available_navigation(request)
