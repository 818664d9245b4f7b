"""The projects directory in Chromium: filters update the list through htmx, the map shows
the same projects as the list, and a project opens from the list. Map tiles cannot load
offline: their network errors are ignored, any other console error fails the test."""

import re

from playwright.sync_api import expect


def _own_errors(page):
    return [
        error
        for error in page.console_errors
        if "Failed to load resource" not in error and "tile" not in error.lower()
    ]


def test_filter_by_departement_map_and_list_match_then_open_a_project(live_site, page):
    page.goto(f"{live_site.url}/projets/")
    expect(page.locator("#carte-projets")).to_have_attribute("data-ready", "true")
    total = int(
        re.search(
            r"(\d+) projets? trouvés?", page.locator(".project-results__count").inner_text()
        ).group(1)
    )
    assert total >= 20
    assert page.locator("#carte-projets").get_attribute("data-markers") == str(total)

    page.get_by_label("Département").select_option("46")
    expect(page).to_have_url(re.compile(r"departement=46"))
    expect(page.locator(".project-results__count")).to_contain_text("2 projets trouvés")
    cards = page.locator(".project-card__title a")
    expect(cards).to_have_count(2)
    assert set(cards.all_inner_texts()) == {"Le Hameau du Célé", "Les Terrasses du Lot"}

    # The map was rebuilt for the filtered list: as many projects as the list, as markers.
    expect(page.locator("#carte-projets")).to_have_attribute("data-markers", "2")
    expect(page.locator("#carte-projets")).to_have_attribute("data-ready", "true")
    markers = page.locator("#carte-projets .leaflet-interactive, #carte-projets .project-cluster")
    assert markers.count() >= 1
    shown = 0
    for marker in page.locator("#carte-projets .project-cluster").all():
        shown += int(marker.inner_text())
    shown += page.locator("#carte-projets path.leaflet-interactive").count()
    assert shown == 2

    page.get_by_role("link", name="Le Hameau du Célé").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Hameau du Célé")
    expect(page.locator(".project__facts")).to_contain_text("Figeac")
    assert _own_errors(page) == []


def test_directory_filters_work_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_site.url}/projets/?departement=31&stade=conception")
    expect(page.locator(".project-results__count")).to_contain_text("1 projet trouvé")
    expect(page.get_by_role("link", name="La Maison des Possibles")).to_be_visible()
    context.close()
