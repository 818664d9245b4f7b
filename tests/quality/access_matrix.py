"""The access matrix: what each role gets on each URL of the platform, in one table.

Every URL of the project is a row (``test_access_matrix`` fails on a URL that is missing).
Each row gives the outcome for GET then for POST, one cell per role, always in this order:

    (visiteur, membre, porteur de ce projet, porteur d'un autre projet,
     animateur CRESS, instructeur Région, administrateur)

The object behind every parameter belongs to team A (see ``access_fixtures``): « porteur
de ce projet » is team A's porteur, « porteur d'un autre projet » team B's. A route checked
on two objects has a variant row, ``"name[variant]"``. POST bodies are empty: the cell says
whether the role got past the permission check (``OK``, ``MOVED``, ``INVALID`` = form errors)
or not (``LOGIN``, ``DENIED``, ``HIDDEN``, ``NO_VERB``); a refused POST must also leave the
database untouched.

Rules read across the table:
* another team's dossier, file, structure, private forum space or notification answers
  ``HIDDEN`` (404), never ``DENIED``, so that its existence does not leak;
* staff-only screens answer ``DENIED`` (403, with the French reason) to signed-in users;
* anything personal answers ``LOGIN`` to visitors.
"""

from dataclasses import dataclass, field

from .access_fixtures import (
    ADMINISTRATEUR,
    ANIMATEUR,
    INSTRUCTEUR,
    MEMBRE,
    PORTEUR_OTHER,
    PORTEUR_OWN,
    ROLES,
    VISITEUR,
)

__all__ = [
    "ADMINISTRATEUR",
    "ANIMATEUR",
    "INSTRUCTEUR",
    "MEMBRE",
    "PORTEUR_OTHER",
    "PORTEUR_OWN",
    "ROLES",
    "VISITEUR",
]

# --- outcomes ---------------------------------------------------------------------------
OK = 200
MOVED = "redirection"  # a redirect anywhere but the login page
LOGIN = "connexion"  # a redirect to the login page (or to the admin's login door)
INVALID = 400  # past the permission check, refused by the form
DENIED = 403
HIDDEN = 404
NO_VERB = 405  # the view does not take this method
REFUSED = {LOGIN, DENIED, HIDDEN, NO_VERB}
SKIP = None  # not requested; the row's comment says why

# Websockets: the close code sent by the consumer, or open.
WS_OPEN = "ouvert"
WS_LOGIN = 4401
WS_DENIED = 4403
WS_NOT_FOUND = 4404

_NAMES = {
    OK: "OK",
    MOVED: "MOVED",
    LOGIN: "LOGIN",
    INVALID: "INVALID",
    DENIED: "DENIED",
    HIDDEN: "HIDDEN",
    NO_VERB: "NO_VERB",
    SKIP: "SKIP",
}


def show(value):
    return _NAMES.get(value, repr(value))


# Rows that come back often.
PUBLIC = (OK,) * 7
MOVED_ALL = (MOVED,) * 7
NO_VERB_ALL = (NO_VERB,) * 7
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK)
SIGNED_IN_NO_VERB = (LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)
STAFF = (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)


@dataclass(frozen=True)
class Expect:
    get: tuple
    post: tuple
    data: dict | None = field(default=None)


# --- team A's secrets ------------------------------------------------------------------------
# Unique words planted in team A's objects (access_fixtures). Every page, feed, JSON or
# export answered 200 to a role outside the word's set must not contain it: this is what
# catches a leak inside an allowed page (an internal comment on the applicant's dossier page,
# a private topic in the forum index, a draft in the staff list, a notification of another
# user).
_STAFF_ROLES = frozenset({ANIMATEUR, INSTRUCTEUR, ADMINISTRATEUR})
_TEAM_AND_MODERATORS = frozenset({PORTEUR_OWN, ANIMATEUR, ADMINISTRATEUR})
SECRETS = {
    "zq-commentaire-interne": _STAFF_ROLES,
    "zq-compte-rendu-interne": _STAFF_ROLES,
    "zq-piece-interne": _STAFF_ROLES,
    "zq-avis-instructeur": _STAFF_ROLES,
    # A decision's conditions stay with the staff: not on the team's page nor in its PDF.
    "zq-condition-interne": _STAFF_ROLES,
    # Staff never see a dossier before it is submitted.
    "zq-dossier-brouillon": frozenset({PORTEUR_OWN}),
    "zq-sujet-prive": _TEAM_AND_MODERATORS,
    "zq-message-prive": _TEAM_AND_MODERATORS,
    # Even staff do not read someone else's notifications.
    "zq-notification-a": frozenset({PORTEUR_OWN}),
    "zq-projet-non-publie": _TEAM_AND_MODERATORS,
}


# --- third-party families, handled by rule --------------------------------------------------
# Their URLs are not listed one by one (the Wagtail admin alone has ~320); a family is
# matched by its prefix or pattern name, and ``SAMPLES`` below requests a few
# representative URLs of each as every role. Our own views mounted under a family's prefix
# (the forum moderation screens in /admin/) are not covered by the family: they are rows.
FAMILIES = {
    # Rule: visitors and membres never get in (LOGIN: the admin sends them to its login
    # door); porteurs reach the dashboard and their own team's pages only; staff-only
    # screens (users, groups, calls, structures, registrations, forum) never answer 200 to
    # a porteur.
    "admin Wagtail": {"prefix": "admin/"},
    # Rule: Django's admin is for superusers only; none of our roles is one.
    "admin Django": {"prefix": "django-admin/"},
    # Rule: allauth's account pages, public forms or the signed-in user's own account.
    "comptes (allauth)": {"prefix": "compte/"},
    # Rule: Wagtail documents are public files (the resources' attachments); private files
    # of dossiers never go through them (tracking_applicant:document).
    "documents Wagtail": {"prefix": "documents/"},
    # Rule: Wagtail's password-restricted pages and its front-end login redirect.
    "outils Wagtail": {"prefix": "_util/"},
    # Rule: every page of the tree; checked per page type in ``PAGES``.
    "pages Wagtail": {"names": ("wagtail_serve",)},
}


def sample_url(key, w):
    return SAMPLE_URLS[key.split("[")[0]](w)


SAMPLE_URLS = {
    "admin:tableau de bord": lambda w: "/admin/",
    "admin:explorateur": lambda w: "/admin/pages/",
    "admin:pages de l'annuaire": lambda w: f"/admin/pages/{w.project_index.pk}/",
    "admin:modifier le projet": lambda w: f"/admin/pages/{w.project_a.pk}/edit/",
    "admin:modifier le projet non publié": lambda w: (
        f"/admin/pages/{w.project_a_unpublished.pk}/edit/"
    ),
    "admin:aperçu du projet non publié": lambda w: (
        f"/admin/pages/{w.project_a_unpublished.pk}/view_draft/"
    ),
    "admin:appels": lambda w: "/admin/tracking/appels/",
    "admin:modifier un appel": lambda w: f"/admin/tracking/appels/edit/{w.viure.pk}/",
    "admin:comptes": lambda w: "/admin/users/",
    "admin:groupes": lambda w: "/admin/groups/",
    "admin:structures": lambda w: "/admin/structures/",
    "admin:inscriptions aux événements": lambda w: "/admin/evenements/inscriptions/",
    "admin:catégories du forum": lambda w: "/admin/forum/categories/",
    "admin:journal de modération": lambda w: "/admin/forum/journal/",
    "admin:historique du site": lambda w: "/admin/reports/site-history/",
    "admin:documents": lambda w: "/admin/documents/",
    "admin:images": lambda w: "/admin/images/",
    "django-admin:index": lambda w: "/django-admin/",
    "django-admin:comptes": lambda w: "/django-admin/accounts/user/",
    "compte:connexion": lambda w: "/compte/login/",
    "compte:inscription": lambda w: "/compte/signup/",
    "compte:adresses e-mail": lambda w: "/compte/email/",
    "compte:mot de passe": lambda w: "/compte/password/change/",
    "document:pièce jointe d'une ressource": lambda w: w.resource_attachment.document.url,
    "outils:connexion": lambda w: "/_util/login/",
}

# Who may open what in the families. Porteurs have the Wagtail admin for their team's
# pages and collections only: every staff screen sends them back (MOVED, to the dashboard
# with Wagtail's « permission denied » message) and another team's page edit too.
_ADMIN_STAFF_ONLY = (LOGIN, LOGIN, MOVED, MOVED, OK, OK, OK)
_ADMIN_CRESS_ONLY = (LOGIN, LOGIN, MOVED, MOVED, OK, MOVED, OK)
_ADMIN_STAFF_ONLY_POST = (LOGIN, LOGIN, MOVED, MOVED, NO_VERB, NO_VERB, NO_VERB)
_ADMIN_CRESS_ONLY_POST = (LOGIN, LOGIN, MOVED, MOVED, NO_VERB, MOVED, NO_VERB)
_ADMIN_ANY = (LOGIN, LOGIN, OK, OK, OK, OK, OK)
_ADMIN_ANY_POST = (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB)

SAMPLES = {
    "admin:tableau de bord": Expect(_ADMIN_ANY, _ADMIN_ANY_POST),
    # /admin/pages/ redirects to the explorer of the tree root for everyone.
    "admin:explorateur": Expect(
        (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, MOVED, NO_VERB),
    ),
    # The instructeur has no page permission at all (the Region reviews dossiers, it does
    # not edit the site): Wagtail sends them back. The administrateur has the CRESS editors'
    # rights. Porteurs see the directory, listing only what they may edit.
    "admin:pages de l'annuaire": Expect(
        (LOGIN, LOGIN, OK, OK, OK, MOVED, OK),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, MOVED, NO_VERB),
    ),
    # An empty POST makes Wagtail's StreamField widget crash (its hidden « body-count » is
    # missing) once past the permission check: those cells are not requested; the real
    # edit form is covered by tests/projects/test_admin.py.
    "admin:modifier le projet": Expect(
        (LOGIN, LOGIN, OK, MOVED, OK, MOVED, OK),
        (LOGIN, LOGIN, SKIP, MOVED, SKIP, MOVED, SKIP),
    ),
    "admin:modifier le projet non publié": Expect(
        (LOGIN, LOGIN, OK, MOVED, OK, MOVED, OK),
        (LOGIN, LOGIN, SKIP, MOVED, SKIP, MOVED, SKIP),
    ),
    "admin:aperçu du projet non publié": Expect(
        (LOGIN, LOGIN, OK, MOVED, OK, MOVED, OK),
        (LOGIN, LOGIN, OK, MOVED, OK, MOVED, OK),
    ),
    "admin:appels": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    # Calls are configured by CRESS; the instructeur only reads them.
    "admin:modifier un appel": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY),
    "admin:comptes": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    "admin:groupes": Expect(
        (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED, OK),
        (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED, NO_VERB),
    ),
    "admin:structures": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    # Registrations carry personal data: CRESS organises the events.
    "admin:inscriptions aux événements": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "admin:catégories du forum": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "admin:journal de modération": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    # Wagtail filters the site history by the reader's own page and model permissions.
    "admin:historique du site": Expect(_ADMIN_ANY, _ADMIN_ANY_POST),
    # Porteurs see their team's collection only (Wagtail filters by collection).
    "admin:documents": Expect(
        (LOGIN, LOGIN, OK, OK, OK, MOVED, OK),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, MOVED, NO_VERB),
    ),
    "admin:images": Expect(
        (LOGIN, LOGIN, OK, OK, OK, MOVED, OK),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, MOVED, NO_VERB),
    ),
    # Django's admin is for superusers: everyone goes to its own login page.
    "django-admin:index": Expect(MOVED_ALL, MOVED_ALL),
    "django-admin:comptes": Expect(MOVED_ALL, MOVED_ALL),
    # Signed-in users are sent on from the login and signup pages.
    "compte:connexion": Expect(
        (OK, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
        (OK, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "compte:inscription": Expect(
        (OK, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
        (OK, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "compte:adresses e-mail": Expect(SIGNED_IN, (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED)),
    "compte:mot de passe": Expect(SIGNED_IN, SIGNED_IN),
    "document:pièce jointe d'une ressource": Expect(PUBLIC, PUBLIC),
    "outils:connexion": Expect(PUBLIC, PUBLIC),
}

# --- pages, one of each type ------------------------------------------------------------------
PAGES = {
    "home.HomePage": Expect(PUBLIC, PUBLIC),
    "home.LegalPage": Expect(PUBLIC, PUBLIC),
    "home.AccessibilityPage": Expect(PUBLIC, PUBLIC),
    "events.EventIndexPage": Expect(PUBLIC, PUBLIC),
    "events.EventPage": Expect(PUBLIC, PUBLIC),
    "projects.ProjectIndexPage": Expect(PUBLIC, PUBLIC),
    "projects.ProjectPage": Expect(PUBLIC, PUBLIC),
    # Unpublished: nobody sees it on the site, its own team included (preview is in the
    # admin, see SAMPLES).
    "projects.ProjectPage[non publié]": Expect((HIDDEN,) * 7, (HIDDEN,) * 7),
    "tracking.CallIndexPage": Expect(PUBLIC, PUBLIC),
    "tracking.CallPage": Expect(PUBLIC, PUBLIC),
    "resources.ResourceIndexPage": Expect(PUBLIC, PUBLIC),
    "resources.ResourcePage": Expect(PUBLIC, PUBLIC),
}


# --- websockets ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Socket:
    connect: tuple


WEBSOCKETS = {
    # Open to every account; an event sent to team A's porteur reaches their socket only.
    "ws/notifications/": Socket((WS_LOGIN, WS_OPEN, WS_OPEN, WS_OPEN, WS_OPEN, WS_OPEN, WS_OPEN)),
    # Team A's private space: its team and the moderators (animateur, administrateur).
    "ws/forum/topics/<id:pk>/": Socket(
        (WS_DENIED, WS_DENIED, WS_OPEN, WS_DENIED, WS_OPEN, WS_DENIED, WS_OPEN)
    ),
    "ws/forum/topics/<id:pk>/[public]": Socket((WS_OPEN,) * 7),
    "ws/forum/categories/<id:pk>/": Socket(
        (WS_DENIED, WS_DENIED, WS_OPEN, WS_DENIED, WS_OPEN, WS_DENIED, WS_OPEN)
    ),
    "ws/forum/categories/<id:pk>/[public]": Socket((WS_OPEN,) * 7),
    # Any other path (labo.core.consumers): closed as not found, never a server error.
    "^.*$": Socket((WS_NOT_FOUND,) * 7),
    "^.*$[hors /ws/]": Socket((WS_NOT_FOUND,) * 7),
}

_SOCKET_PATHS = {
    "ws/notifications/": lambda w: "/ws/notifications/",
    "ws/forum/topics/<id:pk>/": lambda w: f"/ws/forum/topics/{w.private_topic.pk}/",
    "ws/forum/topics/<id:pk>/[public]": lambda w: f"/ws/forum/topics/{w.public_topic.pk}/",
    "ws/forum/categories/<id:pk>/": lambda w: f"/ws/forum/categories/{w.private_category.pk}/",
    "ws/forum/categories/<id:pk>/[public]": lambda w: (
        f"/ws/forum/categories/{w.public_category.pk}/"
    ),
    "^.*$": lambda w: "/ws/forum/topics/abc/",
    "^.*$[hors /ws/]": lambda w: "/compte/login/",
}


def websocket_path(key, w):
    return _SOCKET_PATHS[key](w)


# --- every URL of the project ---------------------------------------------------------------
#                      visiteur, membre, porteur A, porteur B, animateur, instructeur, admin
ROUTES = {
    # Moderation screens in the Wagtail admin: moderators only; porteurs and instructeurs are
    # sent back by the admin (PermissionDenied becomes a redirect with a message).
    "forum_moderation:queue": Expect(
        (LOGIN, LOGIN, MOVED, MOVED, OK, MOVED, OK),
        (LOGIN, LOGIN, MOVED, MOVED, OK, MOVED, OK),
    ),
    "forum_moderation:post_action": Expect(
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB),
        (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "forum_moderation:topic": Expect(
        (LOGIN, LOGIN, MOVED, MOVED, OK, MOVED, OK),
        (LOGIN, LOGIN, MOVED, MOVED, OK, MOVED, OK),
    ),
    "forum_moderation:suspend": Expect(
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB),
        (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    # The commune chooser of the project page editor: every admin user, porteurs included.
    "wagtailsnippetchoosers_projects_commune:choose": Expect(
        (LOGIN, LOGIN, OK, OK, OK, OK, OK),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB),
    ),
    "wagtailsnippetchoosers_projects_commune:choose_results": Expect(
        (LOGIN, LOGIN, OK, OK, OK, OK, OK),
        (LOGIN, LOGIN, NO_VERB, NO_VERB, NO_VERB, NO_VERB, NO_VERB),
    ),
    # Our own list views in the Wagtail admin (labo.core.exports), with their exports: staff
    # only; the registrations and the moderation log are CRESS's.
    "structures:index": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    "structures:index[export]": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    "structures:index_results": Expect(_ADMIN_STAFF_ONLY, _ADMIN_STAFF_ONLY_POST),
    "event_registrations:index": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "event_registrations:index[export]": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "event_registrations:index_results": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "forum_moderation_log:index": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "forum_moderation_log:index[export]": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "forum_moderation_log:index_results": Expect(_ADMIN_CRESS_ONLY, _ADMIN_CRESS_ONLY_POST),
    "accounts:dashboard": Expect(SIGNED_IN, SIGNED_IN),
    "accounts:profile_edit": Expect(SIGNED_IN, SIGNED_IN),
    "accounts:data_export": Expect(SIGNED_IN, SIGNED_IN),
    "accounts:account_delete": Expect(SIGNED_IN, SIGNED_IN),
    # The admin's login door: membres are told why they cannot enter (403), admin users go on.
    "accounts:admin_access": Expect(
        (LOGIN, DENIED, MOVED, MOVED, MOVED, MOVED, MOVED),
        (LOGIN, DENIED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "accounts:organisation_create": Expect(SIGNED_IN, SIGNED_IN),
    # Team A's structure: its members and the staff; another porteur gets 403 with the reason
    # (structures are not secret: their names are on project pages).
    "accounts:organisation_detail": Expect(
        (LOGIN, DENIED, OK, DENIED, OK, OK, OK),
        (LOGIN, DENIED, OK, DENIED, OK, OK, OK),
    ),
    "accounts:organisation_edit": Expect(
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
    ),
    "accounts:organisation_add_member": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
    ),
    "accounts:organisation_remove_member": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, DENIED, MOVED, DENIED, MOVED, DENIED, MOVED),
    ),
    "accounts:organisation_change_role": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, DENIED, MOVED, DENIED, MOVED, DENIED, MOVED),
    ),
    # The archive of one's own data: asked for by anyone signed in (a POST builds it); a
    # download is its owner's only, anyone else's answers 404.
    "accounts:data_archive": Expect(SIGNED_IN, (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED)),
    "accounts:data_archive_download": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        SIGNED_IN_NO_VERB,
    ),
    "accounts:organisation_invitation_cancel": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, DENIED, MOVED, DENIED, MOVED, DENIED, MOVED),
    ),
    # The invitation's token is the secret sent by e-mail: any account may read it; only the
    # verified owner of the invited address accepts it (403 otherwise); a member of the
    # structure is sent to it.
    "accounts:organisation_invitation": Expect(
        (LOGIN, OK, MOVED, OK, OK, OK, OK),
        (LOGIN, DENIED, MOVED, DENIED, DENIED, DENIED, DENIED),
    ),
    # Team A's porteur is the last administrator of a structure that has other members.
    "accounts:organisation_leave": Expect(
        (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
        (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED),
    ),
    "notifications:list": Expect(SIGNED_IN, SIGNED_IN_NO_VERB),
    "notifications:unread_count": Expect(SIGNED_IN, SIGNED_IN_NO_VERB),
    "notifications:mark_all_read": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "notifications:preferences": Expect(SIGNED_IN, SIGNED_IN),
    # Team A's porteur's notification: even staff get 404.
    "notifications:mark_read": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "notifications:open": Expect(
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        SIGNED_IN_NO_VERB,
    ),
    "search:index": Expect(PUBLIC, NO_VERB_ALL),
    "search:suggestions": Expect(PUBLIC, NO_VERB_ALL),
    "forum:index": Expect(PUBLIC, NO_VERB_ALL),
    # Team A's private space: its team and the moderators (animateur, administrateur); 404 for
    # the others so the space's existence does not leak.
    "forum:category": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    "forum:category[public]": Expect(PUBLIC, NO_VERB_ALL),
    "forum:new_topic": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK),
    ),
    "forum:new_topic[public]": Expect(SIGNED_IN, SIGNED_IN),
    "forum:watch_category": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, MOVED, HIDDEN, MOVED, HIDDEN, MOVED),
    ),
    "forum:topic": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    "forum:topic[public]": Expect(PUBLIC, NO_VERB_ALL),
    "forum:first_unread": Expect((LOGIN, HIDDEN, MOVED, HIDDEN, MOVED, HIDDEN, MOVED), NO_VERB_ALL),
    "forum:reply": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK),
    ),
    "forum:reply[public]": Expect(SIGNED_IN, SIGNED_IN),
    "forum:watch_topic": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, MOVED, HIDDEN, MOVED, HIDDEN, MOVED),
    ),
    "forum:posts_after": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    "forum:post": Expect((LOGIN, HIDDEN, MOVED, HIDDEN, MOVED, HIDDEN, MOVED), NO_VERB_ALL),
    "forum:post[public]": Expect(MOVED_ALL, NO_VERB_ALL),
    "forum:post_fragment": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    # Only the author edits; moderators hide or delete instead (403).
    "forum:edit_post": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED),
        (LOGIN, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED),
    ),
    "forum:edit_post[public]": Expect(
        (LOGIN, DENIED, OK, DENIED, DENIED, DENIED, DENIED),
        (LOGIN, DENIED, OK, DENIED, DENIED, DENIED, DENIED),
    ),
    "forum:delete_post": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK),
        (LOGIN, HIDDEN, MOVED, HIDDEN, MOVED, HIDDEN, MOVED),
    ),
    "forum:delete_post[public]": Expect(
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
        (LOGIN, DENIED, MOVED, DENIED, MOVED, DENIED, MOVED),
    ),
    # Nobody reports their own post.
    "forum:report_post": Expect(
        (LOGIN, HIDDEN, DENIED, HIDDEN, OK, HIDDEN, OK),
        (LOGIN, HIDDEN, DENIED, HIDDEN, OK, HIDDEN, OK),
    ),
    "forum:report_post[public]": Expect(
        (LOGIN, OK, DENIED, OK, OK, OK, OK),
        (LOGIN, OK, DENIED, OK, OK, OK, OK),
    ),
    "forum:history": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    "forum:attachment": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, HIDDEN, OK), NO_VERB_ALL),
    "forum:preview": Expect(SIGNED_IN_NO_VERB, SIGNED_IN),
    "forum:mention_search": Expect(SIGNED_IN, SIGNED_IN_NO_VERB),
    # The space exists already: its team admin and the moderators are sent to it.
    "forum:open_space": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, DENIED, MOVED, DENIED, MOVED, DENIED, MOVED),
    ),
    "tracking_applicant:list": Expect(SIGNED_IN, SIGNED_IN),
    # CRESS accepts late drafts; the list is 404 for everyone else.
    "tracking_applicant:late_drafts": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, OK),
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, OK),
    ),
    # Any account may open the form; only a team's projects are offered (400: none chosen).
    "tracking_applicant:start": Expect(
        SIGNED_IN,
        (LOGIN, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID),
    ),
    # The submitted dossier: its team and the staff.
    "tracking_applicant:detail": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
    ),
    # A draft is its team's only: staff never see a dossier before it is submitted.
    "tracking_applicant:detail[brouillon]": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:step": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:submit": Expect(
        NO_VERB_ALL,
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    # The call is still open: nothing to accept late, for anyone.
    "tracking_applicant:accept_late": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:withdraw": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    # The attestation de dépôt: the team and the staff, once the dossier is submitted.
    "tracking_applicant:receipt": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK), NO_VERB_ALL),
    "tracking_applicant:receipt[brouillon]": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN), NO_VERB_ALL
    ),
    # The notification de décision: the team and the staff, once the Region has decided.
    "tracking_applicant:decision_pdf": Expect((LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK), NO_VERB_ALL),
    "tracking_applicant:decision_pdf[sans-decision]": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN), NO_VERB_ALL
    ),
    # A decided dossier: its page shows the decision (never its internal conditions) and
    # withdrawing it sends the team back to the page with the rule's reason.
    "tracking_applicant:detail[decision]": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
    ),
    "tracking_applicant:withdraw[decision]": Expect(
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:document_delete": Expect(
        NO_VERB_ALL,
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:request_upload": Expect(
        NO_VERB_ALL,
        (LOGIN, HIDDEN, MOVED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "tracking_applicant:document": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
    ),
    # A staff-only file of team A's dossier: hidden from the team itself.
    "tracking_applicant:document[interne]": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK, OK),
    ),
    # A file of a draft: only the team's dossier page offers it, through the step form.
    "tracking_applicant:document[brouillon]": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    # Staff screens: 403 with the reason to signed-in non-staff.
    "tracking_staff:list": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:export": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:export[csv]": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:board": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:stats": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:stats_export": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:detail": Expect(STAFF, NO_VERB_ALL),
    # Staff never see a draft.
    "tracking_staff:detail[brouillon]": Expect(
        (LOGIN, DENIED, DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN),
        NO_VERB_ALL,
    ),
    # A decided dossier: the staff read its conditions and its read receipt.
    "tracking_staff:detail[decision]": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:pdf": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:move": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:outcome": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:comment": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:request_document": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:staff_in_charge": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, MOVED, MOVED, MOVED),
    ),
    "tracking_staff:reviewers": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    # Only the instructeur assigned to the review writes it.
    "tracking_staff:review": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, DENIED, MOVED, DENIED),
    ),
    "tracking_staff:meeting_add": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:meeting": Expect(
        STAFF,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    "tracking_staff:meeting_invite": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, MOVED, MOVED, MOVED),
    ),
    "tracking_staff:meeting_ics": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:decision": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, INVALID, INVALID, INVALID),
    ),
    # Correcting or annulling a decision and stepping back: the Region's instructeurs and
    # administrators only (the animateur is refused before the form is read).
    "tracking_staff:decision_correct": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, DENIED, INVALID, INVALID),
    ),
    "tracking_staff:decision_annul": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, DENIED, INVALID, INVALID),
    ),
    "tracking_staff:revert": Expect(
        NO_VERB_ALL,
        (LOGIN, DENIED, DENIED, DENIED, DENIED, INVALID, INVALID),
    ),
    "tracking_staff:document": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:document[interne]": Expect(STAFF, NO_VERB_ALL),
    "tracking_staff:document[brouillon]": Expect(
        (LOGIN, DENIED, DENIED, DENIED, HIDDEN, HIDDEN, HIDDEN),
        NO_VERB_ALL,
    ),
    # The submitted guarantee dossier: its team and the staff read the loans, nobody edits them.
    "loan_guarantees:loans": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED),
    ),
    "loan_guarantees:loans[brouillon]": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "loan_guarantees:loan_row": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    # The draft guarantee dossier: only its team types loans (staff never see drafts).
    "loan_guarantees:loan_preview": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "loan_guarantees:schedule_xlsx": Expect(
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, OK, HIDDEN, OK, OK, OK),
    ),
    # Guarantee instruction: staff only, 404 for the rest; the Region's decisions (exemption,
    # quotités, ratios) belong to the instructeur and the administrateur.
    "loan_guarantees:instruction": Expect(
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK, OK),
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK, OK),
    ),
    "loan_guarantees:exemption": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, DENIED, MOVED, MOVED),
    ),
    "loan_guarantees:quotites": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, DENIED, MOVED, MOVED),
    ),
    "loan_guarantees:freeze": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, DENIED, MOVED, MOVED),
    ),
    "loan_guarantees:follow_up": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, DENIED, INVALID, INVALID),
    ),
    "loan_guarantees:guarantee_claim": Expect(
        SIGNED_IN_NO_VERB,
        (LOGIN, HIDDEN, HIDDEN, HIDDEN, DENIED, INVALID, INVALID),
    ),
    # The Region's own figures: staff read them, the Region's services edit them.
    "loan_guarantees:region": Expect(
        STAFF,
        (LOGIN, DENIED, DENIED, DENIED, DENIED, INVALID, INVALID),
    ),
    "loan_guarantees:exposure": Expect(STAFF, STAFF),
    "loan_guarantees:exposure_xlsx": Expect(STAFF, STAFF),
    # Uploaded files straight from the media folder (`make run`; a reverse proxy in
    # production): Wagtail's public images only. A document, even a public one, leaves only
    # through /documents/, which checks its collection.
    "public_media": Expect((HIDDEN,) * 7, (HIDDEN,) * 7),
    "site_map": Expect(PUBLIC, PUBLIC),
    "sitemap_xml": Expect(PUBLIC, PUBLIC),
    "events:feed": Expect(PUBLIC, PUBLIC),
    "projects:geojson": Expect(PUBLIC, PUBLIC),
    "page:events.EventIndexPage:upcoming": Expect(PUBLIC, PUBLIC),
    "page:events.EventIndexPage:past": Expect(PUBLIC, PUBLIC),
    "page:events.EventIndexPage:index_route": Expect(PUBLIC, PUBLIC),
    "page:events.EventPage:detail": Expect(PUBLIC, PUBLIC),
    # Registration is a POST; GET goes back to the event.
    "page:events.EventPage:register": Expect(
        MOVED_ALL,
        (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "page:events.EventPage:cancel": Expect(
        MOVED_ALL,
        (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    ),
    "page:events.EventPage:ical": Expect(PUBLIC, PUBLIC),
    "page:events.EventPage:index_route": Expect(PUBLIC, PUBLIC),
    "page:projects.ProjectIndexPage:directory": Expect(PUBLIC, PUBLIC),
    "page:projects.ProjectIndexPage:create": Expect(SIGNED_IN, SIGNED_IN),
    "page:projects.ProjectIndexPage:communes": Expect(PUBLIC, PUBLIC),
    # Team composition: the team and the project managers (animateur, administrateur).
    "page:projects.ProjectIndexPage:team": Expect(
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
    ),
    "page:projects.ProjectIndexPage:team[non publié]": Expect(
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
        (LOGIN, DENIED, OK, DENIED, OK, DENIED, OK),
    ),
    # The invitation's token is the secret sent by e-mail: any account may read it; only the
    # invited address accepts it (403 otherwise), a team member is sent to the project.
    "page:projects.ProjectIndexPage:invitation": Expect(
        (LOGIN, OK, MOVED, OK, OK, OK, OK),
        (LOGIN, DENIED, MOVED, DENIED, DENIED, DENIED, DENIED),
    ),
    "page:projects.ProjectIndexPage:index_route": Expect(PUBLIC, PUBLIC),
    "page:projects.ProjectPage:detail": Expect(PUBLIC, PUBLIC),
    # The contact form posts to itself; GET goes back to the project page.
    "page:projects.ProjectPage:contact": Expect(MOVED_ALL, PUBLIC),
    "page:projects.ProjectPage:index_route": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:library": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:feed_rss": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:feed_atom": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:theme_feed_rss": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:theme_feed_atom": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourceIndexPage:propose": Expect(SIGNED_IN, SIGNED_IN),
    "page:resources.ResourceIndexPage:index_route": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourcePage:detail": Expect(PUBLIC, PUBLIC),
    "page:resources.ResourcePage:download": Expect(PUBLIC, NO_VERB_ALL),
    "page:resources.ResourcePage:index_route": Expect(PUBLIC, PUBLIC),
}
