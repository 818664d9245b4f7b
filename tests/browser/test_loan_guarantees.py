"""In Chromium (the demo site): the demo porteur adds a loan to her 2026 guarantee draft
and sees the schedule preview appear while typing; the Region's instructor sees the ratio
checks of a dossier at the commission permanente."""

import datetime
import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_applicant_adds_a_loan_and_sees_the_schedule(live_site, page):
    log_in(page, live_site.url, "porteur@labo.demo")
    page.goto(f"{live_site.url}/mon-espace/")
    page.get_by_role("link", name=re.compile("Saisir les prêts à garantir")).first.click()
    page.wait_for_load_state()
    form = page.locator("#loans-0")
    form.get_by_label("Prêteur").fill("Crédit Coopératif")
    form.get_by_label("Objet du prêt").fill("Atelier partagé")
    form.get_by_label("Montant (€)").fill("100 000")
    form.get_by_label("Durée (mois)").fill("240")
    form.get_by_label("Taux annuel (%)").fill("3")
    due = datetime.date(datetime.date.today().year + 1, 3, 31).isoformat()
    form.get_by_label("Date de première échéance").fill(due)
    form.get_by_label("Quotité demandée à la Région (%)").fill("50")
    form.get_by_label("Quotité demandée à la Région (%)").blur()
    preview = page.locator("#loans-0-apercu")
    preview.get_by_text("Aperçu de l'échéancier").wait_for()
    # 100,000 € over 20 years at 3 %: yearly annuity 6,721.57 €.
    text = re.sub(r"[\s\u202f]", " ", preview.inner_text())
    assert "6 721,57 €" in text
    page.get_by_role("button", name="Enregistrer les prêts").click()
    page.wait_for_load_state()
    assert page.get_by_text("Les prêts du dossier sont enregistrés.").is_visible()


def test_instructor_sees_the_ratio_checks(live_site, page):
    log_in(page, live_site.url, "instruction@labo.demo")
    page.goto(f"{live_site.url}/garanties/exposition/")
    page.get_by_role("link", name="GAR-2025-001").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ratios prudentiels (CGCT art. L4253-1)").is_visible()
    assert page.get_by_text(re.compile("Plafonnement")).first.is_visible()
    assert page.get_by_text("Respecté").first.is_visible()
