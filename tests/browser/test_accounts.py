import re

from playwright.sync_api import expect

from .conftest import log_in


def test_sign_up_confirm_email_then_log_in(page, live_site):
    email = "nouvelle.habitante@exemple.fr"
    page.goto(live_site.url + "/compte/signup/")
    page.locator('input[name="display_name"]').fill("Nouvelle Habitante")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password1"]').fill("un-jardin-partage-2026")
    page.locator('input[name="password2"]').fill("un-jardin-partage-2026")
    page.locator('main form button[type="submit"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("adresse", re.I))

    message = live_site.wait_for_mail(email)
    assert "Labo de l'habitat des communs" in message["Subject"]
    page.goto(live_site.first_link(message))
    page.locator('main form button[type="submit"]').first.click()
    # Confirming logs the new member in.
    expect(page.locator(".account-menu")).to_contain_text("Nouvelle Habitante")

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()

    log_in(page, live_site.url, email, "un-jardin-partage-2026")
    expect(page.locator(".account-menu")).to_contain_text("Nouvelle Habitante")
    assert page.console_errors == []


def test_wrong_password_is_refused_in_french(page, live_site):
    log_in(page, live_site.url, "membre@labo.demo", "pas-le-bon-mot-de-passe", succeeds=False)
    expect(page.locator("main")).to_contain_text("mot de passe sont incorrects")
