"""Staff pipeline in Chromium: the CRESS animator moves the demo porteur's submitted 2026
dossier to « entretien préalable », is told why it cannot go further before the interview, and
the porteur then sees the new stage."""

import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_staff_moves_a_dossier_and_the_applicant_sees_the_new_stage(live_site, page, browser):
    log_in(page, live_site.url, "animation@labo.demo")
    page.goto(f"{live_site.url}/instruction/?q=Maison+des+Possibles")
    page.get_by_role("link", name=re.compile(r"VIURE-2026-\d{3}")).first.click()
    page.wait_for_load_state()
    dossier_url = page.url
    pk = re.search(r"/dossiers/(\d+)/", dossier_url).group(1)
    page.get_by_role("button", name="Passer à l'étape « Entretien préalable (CRESS) »").click()
    page.wait_for_load_state()
    assert page.get_by_text("Le dossier est passé à l'étape").is_visible()
    assert page.get_by_text("Entretien préalable (CRESS)").first.is_visible()
    # The next stage is not offered before the interview was held, and the page says why.
    assert page.get_by_text(
        "La réunion « Entretien préalable » ne s'est pas encore tenue."
    ).is_visible()
    assert page.get_by_role("button", name=re.compile("Passer à l'étape")).count() == 0

    applicant = browser.new_context(locale="fr-FR")
    try:
        porteur_page = applicant.new_page()
        porteur_page.set_default_timeout(10_000)
        log_in(porteur_page, live_site.url, "porteur@labo.demo")
        response = porteur_page.goto(f"{live_site.url}/candidatures/{pk}/")
        if response is not None and response.status == 404:
            porteur_page.goto(f"{live_site.url}/notifications/")
        assert porteur_page.get_by_text("Entretien préalable avec la CRESS").first.is_visible()
    finally:
        applicant.close()
