"""A visitor finds a resource by theme in the library and downloads its document."""

import re

from playwright.sync_api import expect


def test_find_a_resource_by_theme_and_download_its_document(live_site, page):
    missing = []
    page.on("response", lambda r: r.status >= 400 and missing.append(f"{r.status} {r.url}"))
    # Starts on the library itself: the home page shows other sections' demo images, whose
    # media files the test server (DEBUG off) does not serve.
    page.goto(f"{live_site.url}/ressources/")
    expect(
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Ressources"
        )
    ).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1, name="Ressources")).to_be_visible()
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", level=2)).to_have_text(re.compile(r"40 ressources"))

    # htmx updates the results and the address as soon as the box is ticked.
    page.get_by_role("checkbox", name="Foncier").check()
    expect(page).to_have_url(re.compile(r"theme=foncier"))
    expect(results.get_by_role("heading", level=2)).not_to_have_text(re.compile(r"^\s*40 "))
    expect(page.get_by_role("checkbox", name="Foncier")).to_be_focused()

    page.get_by_role("checkbox", name="Guide").check()
    expect(page).to_have_url(re.compile(r"type=guide"))
    first = results.get_by_role("article").first
    title = first.get_by_role("heading", level=3).inner_text()
    first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    documents = page.get_by_role("region", name="Documents à télécharger")
    link = documents.get_by_role("link").first
    expect(link).to_contain_text("PDF")
    counter = documents.locator(".meta").first
    before = int(re.search(r"\d+", counter.inner_text()).group())
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"

    page.reload()
    expect(counter).to_contain_text(re.compile(rf"^{before + 1} téléchargements?$"))

    # The shared URL of the filtered list works without JavaScript-driven state.
    page.goto(f"{live_site.url}/ressources/?theme=foncier&type=guide")
    expect(page.get_by_role("checkbox", name="Foncier")).to_be_checked()
    assert missing == []
    assert page.console_errors == []
