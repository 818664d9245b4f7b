"""What the accessibility scan visits: one URL (or more) for every page-level template, each
with the roles it is scanned as.

``test_every_page_template_is_scanned`` lists the templates that extend the site layout and
fails when one is neither in ``TARGETS`` nor in ``NOT_SCANNED``: a new template is covered
because the suite asks for it, not because someone remembered.

URLs are those of the demo content (``manage.py load_demo``). The browser server has its own
database, so object ids are never written here: ``{name}`` placeholders are links found by
opening a listing page as the same role (``DISCOVERIES``), which keeps the table right if the
demo loaders create objects in another order.

Scope: the pages of the site. The Wagtail admin (``/admin/``, and the forum moderation
screens under ``templates/forum/admin/`` that extend ``wagtailadmin/base.html``) is a
third-party interface with its own accessibility work, it is not scanned here.
"""

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VISITOR = "visiteur"
MEMBER = "membre"
PORTEUR = "porteur"
ANIMATION = "animation"
INSTRUCTION = "instruction"
ADMIN = "admin"
ROLES = (VISITOR, MEMBER, PORTEUR, ANIMATION, INSTRUCTION, ADMIN)
ACCOUNTS = {role: f"{role}@labo.demo" for role in ROLES if role != VISITOR}

# Public pages whose header, menus or actions change once logged in: scanned as a visitor
# and as a member. The full header of every role is covered by the home page and Mon espace.
PUBLIC = (VISITOR, MEMBER)
EVERYONE = ROLES
STAFF = (ANIMATION, INSTRUCTION)


@dataclass(frozen=True)
class Target:
    """One page to scan: ``path`` may hold ``{placeholders}`` from ``DISCOVERIES``;
    ``state`` names a function of test_accessibility.py that puts the page in the state
    to scan (combobox open, form submitted with errors…)."""

    template: str
    path: str
    roles: tuple = PUBLIC
    state: str = ""
    label: str = field(default="")

    @property
    def name(self):
        return self.label or self.path


# placeholder -> (listing page, Playwright selector of the link whose href is the value).
DISCOVERIES = {
    "project": ("/projets/", "main .project-card a[href^='/projets/']"),
    "resource": ("/ressources/", "main .resource-card a[href^='/ressources/']"),
    "event": ("/agenda/", "main a[href^='/agenda/'][href$='/']:not([href^='/agenda/passes'])"),
    # The welcome topic, opened by the CRESS: the animateur may edit its first post.
    "topic": ("/forum/categories/bienvenue/", "main a:has-text('Bienvenue sur le forum')"),
    "organisation": (
        "/mon-espace/",
        "main a[href^='/mon-espace/structures/']:not([href$='/nouvelle/'])",
    ),
    "team": ("/mon-espace/", "main a[href^='/projets/equipe/']"),
    "viure_draft": (
        "/candidatures/",
        "main tr:has-text('VIURE 2026') a:has-text('Continuer le dossier')",
    ),
    "guarantee_draft": (
        "/candidatures/",
        "main tr:has-text('Garantie') a:has-text('Continuer le dossier')",
    ),
    "submitted": ("/candidatures/", "main a:has-text('Voir le dossier')"),
    "open_call_start": ("/appels/viure-2026/", "main a[href*='/candidater/']"),
    "loans": ("/mon-espace/", "main a[href^='/garanties/dossiers/'][href$='/prets/']"),
    "dossier": ("/instruction/", "main a:has-text('VIURE-2025-006')"),
    # Not the 2026 dossier of « La Maison des Possibles »: test_tracking_staff moves it on.
    "new_dossier": ("/instruction/", "main a:has-text('VIURE-2026-002')"),
    "guarantee_dossier": ("/instruction/", "main a:has-text('GAR-2025-003')"),
    "meeting": ("{dossier}", "main a[href*='/reunions/'][href$='/']"),
    "guarantee_instruction": ("{guarantee_dossier}", "main a[href^='/garanties/instruction/']"),
    "own_post_edit": ("{topic}", "main a[href$='/modifier/']"),
    "post_delete": ("{topic}", "main a[href$='/supprimer/']"),
    "post_report": ("{topic}", "main a[href$='/signaler/']"),
    "post_reply": ("{topic}", "main a[href*='/repondre/']"),
}

TARGETS = [
    # Site pages (Wagtail).
    Target("home/home_page.html", "/", EVERYONE),
    Target(
        "home/home_page.html",
        "/",
        (VISITOR,),
        "open_search_suggestions",
        "/ (suggestions de recherche ouvertes)",
    ),
    Target("home/accessibility_page.html", "/accessibilite/"),
    Target("home/legal_page.html", "/mentions-legales/", (VISITOR,)),
    Target("home/legal_page.html", "/donnees-personnelles/", (VISITOR,)),
    Target("core/site_map.html", "/plan-du-site/", (VISITOR,)),
    Target("404.html", "/cette-page-n-existe-pas/", (VISITOR,)),
    Target("403.html", "/instruction/", (MEMBER,)),
    # Projects: directory with filters, the map beside its accessible list, a project.
    Target("projects/project_index_page.html", "/projets/"),
    Target("projects/project_index_page.html", "/projets/?departement=46&q=habitat", (VISITOR,)),
    Target("projects/project_page.html", "{project}"),
    Target("projects/project_create.html", "/projets/creer/", (MEMBER,)),
    Target("projects/team.html", "{team}", (PORTEUR,)),
    # Resources, agenda, calls.
    Target("resources/resource_index_page.html", "/ressources/"),
    Target("resources/resource_page.html", "{resource}"),
    Target("resources/proposal_form.html", "/ressources/proposer/", (MEMBER,)),
    Target("events/event_index_page.html", "/agenda/"),
    Target("events/event_index_page.html", "/agenda/passes/", (VISITOR,)),
    Target("events/event_page.html", "{event}"),
    Target("tracking/call_index_page.html", "/appels/"),
    Target("tracking/call_page.html", "/appels/viure-2026/", (VISITOR, PORTEUR)),
    # Search: results with a query and facets.
    Target("search/search.html", "/recherche/?q=habitat&type=project&departement=46"),
    Target("search/search.html", "/recherche/?q=zzzzqqq", (VISITOR,), label="aucun résultat"),
    # Forum.
    Target("forum/index.html", "/forum/"),
    Target("forum/category.html", "/forum/categories/bienvenue/"),
    Target("forum/topic.html", "{topic}", (VISITOR, MEMBER, ANIMATION)),
    Target("forum/topic_form.html", "/forum/categories/bienvenue/nouveau-sujet/", (MEMBER,)),
    Target(
        "forum/topic_form.html",
        "/forum/categories/bienvenue/nouveau-sujet/",
        (MEMBER,),
        "submit_empty_form",
        "nouveau sujet envoyé vide (erreurs)",
    ),
    Target("forum/reply_form.html", "{post_reply}", (MEMBER,)),
    Target("forum/edit_form.html", "{own_post_edit}", (ANIMATION,)),
    Target(
        "forum/history.html",
        "{own_post_edit}",
        (ANIMATION,),
        "edit_post_then_open_history",
        "historique d'un message (modifié pour l'occasion)",
    ),
    Target("forum/delete_confirm.html", "{post_delete}", (ANIMATION,)),
    Target("forum/report_form.html", "{post_report}", (MEMBER,)),
    # Accounts (allauth pages share one layout) and Mon espace.
    Target("allauth/layouts/base.html", "/compte/login/", (VISITOR,)),
    Target(
        "allauth/layouts/base.html",
        "/compte/login/",
        (VISITOR,),
        "wrong_password",
        "connexion refusée (erreur)",
    ),
    Target("allauth/layouts/base.html", "/compte/signup/", (VISITOR,)),
    Target(
        "allauth/layouts/base.html",
        "/compte/signup/",
        (VISITOR,),
        "submit_empty_form",
        "inscription envoyée vide (erreurs)",
    ),
    Target("allauth/layouts/base.html", "/compte/password/reset/", (VISITOR,)),
    Target("allauth/layouts/base.html", "/compte/password/change/", (MEMBER,)),
    Target("accounts/dashboard.html", "/mon-espace/", EVERYONE[1:]),
    Target("accounts/profile_form.html", "/mon-espace/profil/", (MEMBER,)),
    Target("accounts/data_archive.html", "/mon-espace/mes-donnees/archive/", (MEMBER,)),
    Target("accounts/organisation_form.html", "/mon-espace/structures/nouvelle/", (PORTEUR,)),
    Target(
        "accounts/organisation_form.html",
        "/mon-espace/structures/nouvelle/",
        (PORTEUR,),
        "submit_empty_form",
        "nouvelle structure envoyée vide (erreurs)",
    ),
    Target("accounts/organisation_detail.html", "{organisation}", (PORTEUR,)),
    Target("accounts/organisation_leave.html", "{organisation}quitter/", (PORTEUR,)),
    Target("accounts/account_delete.html", "/mon-espace/supprimer-mon-compte/", (MEMBER,)),
    Target("notifications/notification_list.html", "/notifications/", (PORTEUR,)),
    Target("notifications/preferences.html", "/notifications/preferences/", (MEMBER,)),
    # The multi-step application form, every step, as the porteur.
    Target("tracking/applicant/application_list.html", "/candidatures/", (PORTEUR,)),
    Target("tracking/applicant/start.html", "{open_call_start}", (PORTEUR,)),
    Target("tracking/applicant/detail.html", "{viure_draft}", (PORTEUR,)),
    Target("tracking/applicant/detail.html", "{submitted}", (PORTEUR,)),
    *[
        Target("tracking/applicant/step.html", f"{{viure_draft}}etape/{slug}/", (PORTEUR,))
        for slug in ("structure", "operation", "budget", "criteres", "pieces", "depot")
    ],
    Target("tracking/applicant/step.html", "{guarantee_draft}etape/structure/", (PORTEUR,)),
    Target("tracking/applicant/withdraw.html", "{viure_draft}retirer/", (PORTEUR,)),
    Target("tracking/applicant/late_drafts.html", "/candidatures/hors-delai/", (ANIMATION,)),
    # Loan guarantees: the applicant's loans, the staff screens and the exposure dashboard.
    Target("tracking/guarantees/loans_edit.html", "{loans}", (PORTEUR,)),
    Target(
        "tracking/guarantees/instruction_detail.html",
        "{guarantee_instruction}",
        (INSTRUCTION,),
    ),
    Target("tracking/guarantees/exposure.html", "/garanties/exposition/", (INSTRUCTION,)),
    Target("tracking/guarantees/region_figures.html", "/garanties/region/", (INSTRUCTION,)),
    # Staff: listing, board, dossier (with the review form), meeting, statistics.
    Target("tracking/staff/application_list.html", "/instruction/", STAFF),
    Target("tracking/staff/board.html", "/instruction/tableau/", (ANIMATION,)),
    Target("tracking/staff/application_detail.html", "{dossier}", STAFF),
    Target("tracking/staff/application_detail.html", "{guarantee_dossier}", (INSTRUCTION,)),
    Target(
        "tracking/staff/application_detail.html",
        "{new_dossier}",
        (ADMIN,),
        "ask_myself_for_a_review",
        "dossier avec le formulaire d'avis",
    ),
    Target("tracking/staff/meeting_form.html", "{meeting}", (ANIMATION,)),
    Target("tracking/staff/statistics.html", "/instruction/statistiques/", (INSTRUCTION,)),
]

# Page-level templates deliberately not scanned, each with the reason.
NOT_SCANNED = {
    # Layouts that other templates extend: scanned through every page that uses them.
    "tracking/staff/base_staff.html": "gabarit des pages d'instruction",
    # Needs an impossible state on the demo site.
    "500.html": "page d'erreur serveur autonome (sans base.html) : exige une panne",
    "429.html": (
        "exige d'épuiser une limite de débit d'allauth, ce qui bloquerait pour dix minutes "
        "les autres tests du même site (inscriptions depuis 127.0.0.1) ; même structure que "
        "403.html, rendu vérifié par tests/accounts/test_signup_login.py"
    ),
    "projects/invitation.html": "exige le jeton secret d'une invitation envoyée par e-mail",
    "accounts/organisation_invitation.html": (
        "exige le jeton secret d'une invitation envoyée par e-mail"
    ),
    "tracking/applicant/accept_late.html": "exige un brouillon d'un appel clos : aucun en démo",
}

# Templates of the Wagtail admin (third party, out of scope: see the module docstring).
ADMIN_LAYOUTS = ("wagtailadmin/",)


def page_templates():
    """Every template under templates/ that is a page: it extends a layout of the site
    (not the Wagtail admin's); includes, blocks and e-mails extend nothing."""
    found = set()
    for directory in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]:
        if ".venv" in directory.parts:
            continue
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if "{% extends" not in text or any(
                f'extends "{layout}' in text for layout in ADMIN_LAYOUTS
            ):
                continue
            found.add(path.relative_to(directory).as_posix())
        for path in directory.rglob("*.html"):
            # A standalone page (its own <html>) that extends nothing, like 500.html.
            if path.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE"):
                found.add(path.relative_to(directory).as_posix())
    return found
