"""axe-core in Chromium on one page of every template type, logged out and as each role:
no serious or critical violation of the WCAG 2.0/2.1 A and AA rules (nor of axe's best
practices), at a desktop width then at a phone's width. Forms submitted with errors must
also announce and link those errors. The pages and roles are listed in
accessibility_pages.py; the declaration at /accessibilite states the result of this scan
(tests/home/test_accessibility_declaration.py keeps its figures in step with the table).

axe-core comes bundled in the axe-playwright-python package: no network is needed.
"""

import os
import re
from collections import defaultdict

import pytest

from .accessibility_pages import (
    ACCOUNTS,
    DISCOVERIES,
    NOT_SCANNED,
    ROLES,
    TARGETS,
    VISITOR,
    page_templates,
)
from .conftest import log_in

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# A11Y_ALL_IMPACTS=1 also reports the moderate and minor ones (to work on them), failing too.
BLOCKING = (
    {"minor", "moderate", "serious", "critical"}
    if os.environ.get("A11Y_ALL_IMPACTS")
    else {"serious", "critical"}
)
DESKTOP = (1280, 900)
PHONE = (375, 740)
EXPECTED_STATUS = {"403.html": 403, "404.html": 404}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_page_template_is_scanned():
    scanned = {target.template for target in TARGETS}
    templates = page_templates()
    missing = templates - scanned - set(NOT_SCANNED)
    assert not missing, (
        "Gabarits de page absents de tests/browser/accessibility_pages.py (ajoutez une "
        f"adresse à TARGETS, ou une raison à NOT_SCANNED) : {sorted(missing)}"
    )
    stale = (scanned | set(NOT_SCANNED)) - templates
    assert not stale, f"Gabarits inconnus dans la table d'accessibilité : {sorted(stale)}"


class Discoverer:
    """Resolves ``{placeholder}`` paths by reading a link on a listing page, as the role
    that will scan the page (a porteur's drafts are only listed to the porteur)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.found = {}

    def path(self, template):
        return PLACEHOLDER.sub(lambda match: self.value(match.group(1)), template)

    def value(self, name):
        if name not in self.found:
            listing, selector = DISCOVERIES[name]
            self.page.goto(self.base_url + self.path(listing))
            href = self.page.locator(selector).first.get_attribute("href", timeout=5_000)
            # Keep the query string of links that carry state (« Citer » a message).
            self.found[name] = href if "repondre" in href else href.split("?")[0]
        return self.found[name]


# --- page states --------------------------------------------------------------------------


def open_search_suggestions(page):
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("habitat", delay=20)
    page.get_by_role("listbox", name="Suggestions").get_by_role("option").first.wait_for()
    box.press("ArrowDown")


def submit_empty_form(page):
    # The browser's own checks (required…) would stop the submission before the server
    # renders its error messages, which are what this state scans.
    form = page.locator("main form[method='post' i]").last
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type='submit'], button:not([type])").last.click()
    return error_problems(page)


def wrong_password(page):
    page.get_by_label("Adresse e-mail").fill("membre@labo.demo")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    with page.expect_navigation():
        page.locator('form.account-form button[type="submit"]').click()
    # A refused login names no field: only the alert is expected.
    return error_problems(page, fields=False)


# Errors must be announced (an alert that screen readers read out on load), linked (the
# summary's links lead to the fields) and tied to their field (aria-invalid plus
# aria-describedby naming the message). axe cannot tell whether errors are shown at all.
ERROR_PROBLEMS = r"""() => {
  const problems = [];
  const alert = document.querySelector("main [role=alert]");
  if (!alert || !alert.innerText.trim()) problems.push("aucune alerte ne résume les erreurs");
  for (const link of document.querySelectorAll("main [role=alert] a[href^='#']")) {
    if (!document.getElementById(link.getAttribute("href").slice(1)))
      problems.push(`le lien « ${link.innerText} » du résumé ne mène à aucun champ`);
  }
  for (const field of document.querySelectorAll("main [aria-invalid=true]")) {
    const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const text = ids.map((id) => document.getElementById(id)?.innerText || "").join(" ");
    if (!text.trim()) problems.push(`le champ ${field.name} n'est relié à aucun message`);
  }
  return problems;
}"""


def error_problems(page, *, fields=True):
    problems = page.evaluate(ERROR_PROBLEMS)
    if fields and not page.locator("main [aria-invalid=true]").count():
        problems.append("aucun champ n'est marqué aria-invalid")
    return problems


def edit_post_then_open_history(page):
    # The demo has no edited message, so no history to show: make one.
    page.locator("main form textarea").first.press("End")
    page.locator("main form textarea").first.type(" (précision ajoutée)")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").last.click()
    with page.expect_navigation():
        page.locator("main a.forum-post__edited").first.click()
    assert "/historique/" in page.url


def ask_myself_for_a_review(page):
    # Every demo review is submitted, so no page shows the review form: ask for one.
    page.get_by_text("Solliciter des instructeurs").click()
    form = page.locator("main form[action$='/instructeurs/']")
    for box in form.get_by_role("checkbox").all():
        box.check()
    with page.expect_navigation():
        form.get_by_role("button", name="Solliciter").click()
    page.goto(page.url.split("#")[0])
    if not page.locator("main form[action*='/avis/']").count():
        return ["le formulaire d'avis n'apparaît pas après la sollicitation"]
    return []


STATES = {
    "ask_myself_for_a_review": ask_myself_for_a_review,
    "edit_post_then_open_history": edit_post_then_open_history,
    "open_search_suggestions": open_search_suggestions,
    "submit_empty_form": submit_empty_form,
    "wrong_password": wrong_password,
}


# --- the scan -----------------------------------------------------------------------------


def describe(violation, page_name, role):
    targets = "; ".join(
        " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
        for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    return (
        f"[{role}] {page_name} — {violation['impact']} {violation['id']}: {violation['help']}"
        f" → {targets}{f' (+{more})' if more > 0 else ''}"
    )


def new_context(browser):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": DESKTOP[0], "height": DESKTOP[1]}
    )
    context.set_default_timeout(10_000)
    return context


def run_axe(page, axe_script):
    # axe-core is put in the page once per load, not once per width (the package's Axe.run
    # evaluates its half-megabyte script on every call).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def scan(page, base_url, role):
    """Scans every target of ``role``; returns (number of pages scanned, problems)."""
    from axe_playwright_python.sync_playwright import Axe

    axe_script = Axe().axe_script
    discover = Discoverer(page, base_url)
    problems = []
    scanned = 0
    for target in TARGETS:
        if role not in target.roles:
            continue
        try:
            path = discover.path(target.path)
        except Exception as error:  # noqa: BLE001 - reported below with the page's name
            problems.append(f"[{role}] {target.name} — adresse introuvable : {error}")
            continue
        response = page.goto(base_url + path)
        page.wait_for_load_state("load")
        if target.state:
            for problem in STATES[target.state](page) or ():
                problems.append(f"[{role}] {target.name} ({path}) — {problem}")
            page.wait_for_load_state("load")
        expected = EXPECTED_STATUS.get(target.template, 200)
        if response is None or response.status != expected:
            problems.append(
                f"[{role}] {target.name} — réponse {response and response.status} au lieu de "
                f"{expected} ({path})"
            )
            continue
        scanned += 1
        # Then at a phone's width, where wide tables scroll and the header wraps.
        for width, height in (DESKTOP, PHONE):
            page.set_viewport_size({"width": width, "height": height})
            for violation in run_axe(page, axe_script)["violations"]:
                if violation["impact"] in BLOCKING:
                    where = f"{target.name} ({path}, {width} px)"
                    problems.append(describe(violation, where, role))
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    return scanned, problems


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_violation(live_site, browser, role):
    context = new_context(browser)
    page = context.new_page()
    try:
        if role != VISITOR:
            log_in(page, live_site.url, ACCOUNTS[role])
        scanned, problems = scan(page, live_site.url, role)
    finally:
        context.close()
    assert scanned > 0
    assert not problems, (
        f"{len(problems)} problème(s) d'accessibilité sérieux ou critiques :\n"
        + "\n".join(problems)
    )


def test_scan_covers_every_role_and_template():
    """Every role, the visitor included, has pages of its own to scan."""
    per_role = defaultdict(int)
    for target in TARGETS:
        for role in target.roles:
            per_role[role] += 1
    assert set(per_role) == set(ROLES)


def test_the_scan_reports_a_violation_at_each_width(browser):
    """The scanner itself can fail: axe, put in the page once, still runs at the second width
    and reports an image without text and a field without a label."""
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser)
    page = context.new_page()
    try:
        page.set_content(
            '<html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
            "</main></body></html>"
        )
        script = Axe().axe_script
        found = []
        for width, height in (DESKTOP, PHONE):
            page.set_viewport_size({"width": width, "height": height})
            found.append({violation["id"] for violation in run_axe(page, script)["violations"]})
    finally:
        context.close()
    assert all({"image-alt", "label"} <= ids for ids in found), found
