"""The main paths with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows, Escape):
skip link, header navigation and search combobox, logging in, a search result, a forum
reply and the porteur's application form. At every Tab the focused element must be on
screen with a visible focus indicator, and a full Tab walk of a page must reach the footer
without getting stuck (no keyboard trap).

``page.goto`` only opens the starting page of each path, as a bookmark would."""

import re

from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

PORTEUR = "porteur@labo.demo"

# What the focused element looks like; ``indicator`` is what makes focus visible: an outline
# (the site's :focus-visible ring), or failing that a box-shadow that only focus adds.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "")
    .trim().replace(/\\s+/g, " ").slice(0, 60);
  return {
    description: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} « ${name} »`,
    key: `${el.outerHTML.slice(0, 200)}@${Math.round(rect.top + scrollY)},${Math.round(rect.left)}`,
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < innerHeight && rect.left < innerWidth,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    inFooter: !!el.closest("footer"),
    inMain: !!el.closest("main"),
    href: el.getAttribute("href") || "",
  };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def assert_focus_visible(page, where):
    state = focused(page)
    assert state is not None, f"{where} : le focus est perdu (sur le corps de la page)."
    assert state["onScreen"], f"{where} : {state['description']} a le focus hors de l'écran."
    assert state["outline"] or state["shadow"], (
        f"{where} : {state['description']} a le focus sans indicateur visible."
    )
    return state


def tab(page, where, *, backwards=False):
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    return assert_focus_visible(page, where)


def tab_to(page, predicate, where, limit=150):
    """Tabs forward until ``predicate(state)``; every stop must show its focus."""
    for _ in range(limit):
        state = tab(page, where)
        if predicate(state):
            return state
    raise AssertionError(f"{where} : élément introuvable en {limit} tabulations.")


def walk_whole_page(page, where, limit=400):
    """Tabs from the top of the page to the footer: the focus moves at every press (no
    trap) and every stop is visible."""
    seen = []
    for _ in range(limit):
        state = tab(page, where)
        assert not seen or state["key"] != seen[-1], (
            f"{where} : le focus reste bloqué sur {state['description']}."
        )
        seen.append(state["key"])
        if state["inFooter"]:
            return len(seen)
    raise AssertionError(f"{where} : le pied de page n'est pas atteint en {limit} tabulations.")


def test_keyboard_only_walk(live_site, page):
    base = live_site.url

    # Skip link: the first Tab stop, shown when focused; Enter moves focus into <main>.
    page.goto(base + "/")
    skip = tab(page, "accueil")
    assert "Aller au contenu" in skip["description"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenu$"))
    after_skip = tab(page, "après le lien d'évitement")
    assert after_skip["inMain"], f"Après « Aller au contenu », Tab mène à {after_skip}."
    # Shift+Tab goes back up into the header: nothing traps the focus in <main>.
    back = tab(page, "retour vers l'en-tête", backwards=True)
    assert not back["inMain"], f"Maj+Tab depuis le contenu reste dans <main> : {back}."
    # The whole home page, header to footer.
    page.goto(base + "/")
    walk_whole_page(page, "accueil")

    # Header navigation: Tab reaches the main menu; Enter follows a link.
    page.goto(base + "/")
    tab_to(page, lambda state: state["href"] == "/forum/", "menu principal")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Forum"))

    # Search combobox: arrows walk the suggestions, Escape closes them, focus stays put.
    tab_to(page, lambda state: "header-search-q" in state["description"], "recherche")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    page.keyboard.type("hameau", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"suggestion-\d+"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_be_focused()
    # Enter submits the box: a results page; Tab to the first result and open it.
    page.keyboard.press("Control+A")
    page.keyboard.type("oasis")
    # No suggestion chosen: Enter submits the search form.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=oasis"))
    # Space ticks a facet; the results follow (htmx) and the focus stays on the box.
    tab_to(
        page,
        lambda state: "input" in state["description"] and "« project »" in state["description"],
        "filtres de recherche",
    )
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"type=project"))
    assert_focus_visible(page, "filtre coché")
    result = tab_to(
        page,
        lambda state: state["inMain"] and state["href"].startswith("/projets/"),
        "résultats de recherche",
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(result["href"]) + "$"))
    walk_whole_page(page, "page d'un projet")
    # The directory: filters, the map (Leaflet's controls and markers) and the list.
    page.goto(base + "/projets/")
    walk_whole_page(page, "annuaire et carte des projets")

    # Logging in: « Se connecter » in the header, then the form, all with the keyboard.
    page.goto(base + "/")
    tab_to(page, lambda state: "Se connecter" in state["description"], "en-tête")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/compte/login/"))
    tab_to(page, lambda state: "input#id_login" in state["description"], "connexion")
    page.keyboard.type(PORTEUR)
    # « Mot de passe oublié ? » sits between the two fields.
    tab_to(page, lambda state: "input#id_password" in state["description"], "connexion")
    page.keyboard.type(DEMO_PASSWORD)
    tab_to(page, lambda state: "button" in state["description"], "connexion")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/compte/login/" not in url)
    # The account menu (a disclosure) opens with Enter and closes with Escape or Enter.
    page.goto(base + "/mon-espace/")
    tab_to(page, lambda state: "summary" in state["description"], "menu du compte")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Mes notifications")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Mes notifications")).to_be_hidden()
    walk_whole_page(page, "Mon espace du porteur")

    # Forum: open a topic from its category, reply with the keyboard.
    page.goto(base + "/forum/categories/foncier/")
    tab_to(page, lambda state: re.search(r"/forum/sujets/\d+/$", state["href"]), "catégorie")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/forum/sujets/\d+/$"))
    tab_to(page, lambda state: "textarea" in state["description"], "sujet du forum")
    page.keyboard.type("Réponse écrite au clavier, sans souris.")
    tab_to(page, lambda state: "Publier ma réponse" in state["description"], "réponse")
    page.keyboard.press("Enter")
    reply = page.locator("article").filter(has_text="Réponse écrite au clavier")
    expect(reply.last).to_be_visible()

    # The application form: from the porteur's draft, step forward with the keyboard.
    page.goto(base + "/candidatures/")
    tab_to(
        page,
        lambda state: (
            "Continuer le dossier" in state["description"] and "La Filature" in state["description"]
        ),
        "mes dossiers",
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, lambda state: re.search(r"/etape/structure/$", state["href"]), "dossier")
    page.keyboard.press("Enter")
    for number in (1, 2):
        expect(page.get_by_role("heading", level=2)).to_contain_text(f"Étape {number} sur")
        walk_whole_page(page, f"étape {number} du formulaire")
        # Back up from the footer to the step's own « Enregistrer et continuer ».
        for _ in range(100):
            state = tab(page, f"étape {number}", backwards=True)
            if "Enregistrer et continuer" in state["description"]:
                break
        else:
            raise AssertionError("« Enregistrer et continuer » introuvable avec Maj+Tab.")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Étape 3 sur")
