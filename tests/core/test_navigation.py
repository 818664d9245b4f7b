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
