"""The Content-Security-Policy in Chromium, on the real site served by daphne: every main
page, logged out and logged in, works without a single violation (each
``securitypolicyviolation`` event and each CSP message of the console is collected), and the
live server sends the security headers. Wagtail's admin is the one place allowed inline
scripts; the public pages never are."""

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = pytest.mark.browser

REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation of any of its frames listed in
    ``page.csp_violations`` (Playwright's init scripts are not subject to the page's CSP)."""
    page.csp_violations = []

    def report(violation):
        page.csp_violations.append(violation)

    page.expose_function("reportCspViolation", report)
    page.add_init_script(REPORTER)
    return page


def violations(page):
    # Reports are dispatched as tasks: let the page settle before reading them.
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    console = [text for text in page.console_errors if "Content Security Policy" in text]
    return page.csp_violations + console


def visit(page, url):
    response = page.goto(url)
    assert response.status < 500, url
    return response


def script_src(headers):
    policy = headers["content-security-policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def assert_security_headers(headers, *, admin=False):
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors" in policy
    assert "'unsafe-eval'" not in script_src(headers)
    assert ("'unsafe-inline'" in script_src(headers)) is admin
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] in {"DENY", "SAMEORIGIN"}


def test_the_watcher_sees_a_blocked_inline_script(live_site, watched):
    visit(watched, f"{live_site.url}/")
    watched.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    assert watched.evaluate("window.injected") is None
    assert any(v.startswith("script-src-elem blocked inline") for v in violations(watched))


def test_public_pages_run_under_the_policy(live_site, watched):
    page = watched
    response = visit(page, f"{live_site.url}/")
    assert_security_headers(response.headers)

    # The header combobox: suggestions fetched and shown as the visitor types.
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("hameau", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()

    # The map: Leaflet, its GeoJSON and the tiles' <img> (the tile server is allowed).
    assert_security_headers(visit(page, f"{live_site.url}/projets/").headers)
    expect(page.locator("#carte-projets")).to_have_attribute("data-ready", "true")

    # Search facets refine through htmx without eval.
    visit(page, f"{live_site.url}/recherche/?q=oasis")
    page.locator("fieldset", has=page.get_by_text("Type de contenu", exact=True)).get_by_label(
        re.compile(r"^Projet")
    ).check()
    expect(page).to_have_url(re.compile(r"type=project"))

    for path in ("/agenda/", "/ressources/", "/appels/", "/plan-du-site/", "/forum/"):
        assert_security_headers(visit(page, live_site.url + path).headers)
    page.get_by_role("link", name="Vie collective", exact=True).click()
    page.get_by_role("link", name="Charte du groupe : vos modèles").click()
    expect(page.locator("[data-forum-topic]")).to_be_visible()

    response = visit(page, f"{live_site.url}/nulle-part/")
    assert response.status == 404
    assert_security_headers(response.headers)
    visit(page, f"{live_site.url}/compte/login/")
    assert violations(page) == []


def test_member_pages_and_live_updates_run_under_the_policy(live_site, watched):
    page = watched
    log_in(page, live_site.url, "admin@labo.demo")
    response = visit(page, f"{live_site.url}/mon-espace/")
    assert_security_headers(response.headers)
    visit(page, f"{live_site.url}/notifications/")
    expect(page.locator("[data-notification-badge]")).to_have_count(1)

    # The forum's live topic: its websocket connects under connect-src 'self'.
    visit(page, f"{live_site.url}/forum/")
    page.get_by_role("link", name="Vie collective", exact=True).click()
    page.get_by_role("link", name="Charte du groupe : vos modèles").click()
    expect(page.locator("[data-forum-topic]")).to_have_attribute("data-live", "connected")
    page.get_by_label("Votre message").fill("Un **aperçu** sous CSP.")
    page.get_by_role("button", name="Aperçu").click()
    expect(page.locator(".forum-preview strong")).to_have_text("aperçu")

    # Project creation: the commune suggestions come from a static script now.
    visit(page, f"{live_site.url}/projets/creer/")
    page.get_by_label(re.compile("^Commune")).press_sequentially("Mend", delay=30)
    expect(page.locator("#communes-suggestions option").first).to_be_attached()

    visit(page, f"{live_site.url}/instruction/")
    assert violations(page) == []


def test_applicant_forms_run_under_the_policy(live_site, watched):
    page = watched
    log_in(page, live_site.url, "porteur@labo.demo")
    assert_security_headers(visit(page, f"{live_site.url}/candidatures/").headers)
    page.get_by_role("link", name=re.compile("Continuer le dossier|Voir le dossier")).first.click()
    page.wait_for_load_state()

    # The loan form: the schedule preview is fetched by htmx while typing.
    visit(page, f"{live_site.url}/mon-espace/")
    page.get_by_role("link", name=re.compile("Saisir les prêts à garantir")).first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_site.url}/garanties/")
    form = page.locator("#loans-0")
    form.get_by_label("Montant (€)").fill("100 000")
    form.get_by_label("Durée (mois)").fill("240")
    form.get_by_label("Taux annuel (%)").fill("3")
    form.get_by_label("Taux annuel (%)").blur()
    page.get_by_role("button", name="Ajouter un prêt", exact=True).click()
    expect(page.locator("#loans-1")).to_be_attached()
    assert violations(page) == []


def test_wagtail_and_django_admin_run_under_their_policy(live_site, watched):
    page = watched
    log_in(page, live_site.url, "admin@labo.demo")
    response = visit(page, f"{live_site.url}/admin/")
    assert_security_headers(response.headers, admin=True)

    # An event page's editor: InlinePanel, date pickers and the preview panel's iframe.
    visit(page, f"{live_site.url}/agenda/")
    page.locator(".event-card a, article a").first.click()
    page.wait_for_load_state()
    edit_link = page.locator("wagtail-userbar a[href$='/edit/']").first.get_attribute("href")
    response = visit(page, urljoin(page.url, edit_link))
    assert_security_headers(response.headers, admin=True)
    expect(page.locator("form#page-edit-form")).to_be_visible()
    with page.expect_response(lambda r: "/preview/" in r.url and r.request.method == "GET") as r:
        page.locator('[data-side-panel-toggle="preview"]').click()
    # The one kind of response a same-origin frame may show; it is the public page, with
    # the public script policy, although served under /admin/.
    assert "frame-ancestors 'self'" in r.value.headers["content-security-policy"], r.value.url
    assert "'unsafe-inline'" not in script_src(r.value.headers)
    assert r.value.headers["x-frame-options"] == "SAMEORIGIN"
    preview = page.frame_locator("iframe.w-preview__iframe").last
    expect(preview.locator("h1")).to_be_visible(timeout=15_000)

    for path in ("/admin/pages/", "/admin/images/", "/admin/documents/", "/django-admin/"):
        visit(page, live_site.url + path)
    assert violations(page) == []
