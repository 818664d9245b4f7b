"""The agenda in a real browser: a member registers to an event and finds it in « Mon
espace »."""

import re

from playwright.sync_api import expect

from .conftest import log_in


def test_member_registers_to_an_event_and_sees_it_in_mon_espace(live_site, page):
    log_in(page, live_site.url, "membre@labo.demo")

    page.goto(f"{live_site.url}/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Agenda"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")

    page.get_by_label("Format").select_option(label="Atelier")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Atelier : choisir la forme juridique de son projet").click()
    expect(page.get_by_text(re.compile(r"\d+ h"))).not_to_have_count(0)

    page.get_by_role("button", name="M'inscrire", exact=True).click()
    # The page's messages, not the header's (empty) search suggestions status.
    expect(page.locator(".messages[role=status]")).to_contain_text(
        "Votre inscription est confirmée"
    )
    expect(page.get_by_text("Vous êtes inscrit à cet événement.")).to_be_visible()

    page.goto(f"{live_site.url}/mon-espace/")
    section = page.get_by_role("region", name="Mes inscriptions aux événements")
    expect(
        section.get_by_role("link", name="Atelier : choisir la forme juridique de son projet")
    ).to_be_visible()
    expect(
        section.get_by_role("link", name="Rencontre régionale de l'habitat des communs")
    ).to_be_visible()
    assert page.console_errors == []
