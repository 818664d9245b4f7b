from playwright.sync_api import expect


def test_home_loads_without_console_errors(page, live_site):
    response = page.goto(live_site.url + "/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Labo de l'habitat des communs")
    expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Mentions légales")
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_site):
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_unknown_page_shows_the_french_404(page, live_site):
    response = page.goto(live_site.url + "/nulle-part/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
