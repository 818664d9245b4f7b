"""Search in Chromium: the header combobox suggests titles and opens the chosen one with the
keyboard; on /recherche/, two facets refine the results through htmx (the URL follows, so it
can be shared) and a result opens."""

import re

from playwright.sync_api import expect


def test_pick_a_suggestion_from_the_header_with_the_keyboard(live_site, page):
    page.goto(f"{live_site.url}/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("hameau", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name=re.compile("Le Hameau du Célé"))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"suggestion-\d+"))
    active = box.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    # Walk to the Hameau option then open it with Enter.
    for _ in range(listbox.get_by_role("option").count()):
        if (
            "Hameau du Célé"
            in page.locator(f"#{box.get_attribute('aria-activedescendant')}").inner_text()
        ):
            break
        box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Hameau du Célé")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.fill("zz")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert page.console_errors == []


def test_search_refine_with_two_facets_and_open_a_result(live_site, page):
    page.goto(f"{live_site.url}/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.fill("oasis")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=oasis"))
    status = page.locator("#search-status")
    expect(status).to_contain_text("pour « oasis »")

    page.locator("fieldset", has=page.get_by_text("Type de contenu", exact=True)).get_by_label(
        re.compile(r"^Projet")
    ).check()
    expect(page).to_have_url(re.compile(r"type=project"))
    page.locator("fieldset", has=page.get_by_text("Département", exact=True)).get_by_label(
        re.compile(r"^46 – Lot")
    ).check()
    expect(page).to_have_url(re.compile(r"departement=46"))
    expect(status).to_contain_text(re.compile(r"\d+ résultats? pour « oasis »"))
    hameau = page.locator(".search-hit__title a", has_text="Le Hameau du Célé")
    expect(hameau).to_be_visible()
    # Every result left is a project of the Lot.
    for kind in page.locator(".search-hit__type").all_inner_texts():
        assert kind.startswith("Projet")
    # The facet just used keeps its state after the swap.
    expect(
        page.locator("fieldset", has=page.get_by_text("Département", exact=True)).get_by_label(
            re.compile(r"^46 – Lot")
        )
    ).to_be_checked()

    hameau.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Hameau du Célé")
    assert page.console_errors == []
