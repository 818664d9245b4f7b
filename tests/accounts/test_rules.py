"""Who may see, edit and leave a structure, manage its members and the platform's accounts
(``labo/accounts/rules.py``). A structure always keeps an administrator."""

from functools import partial
from types import SimpleNamespace

from labo.accounts import roles
from labo.accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.rule_tables import OK, module_world, rule_test, with_role

VIEW = (
    "Cette structure n'est visible que de ses membres et des équipes de la CRESS et de la Région."
)
EDIT = "Seuls les administrateurs de cette structure peuvent la modifier."
MANAGE = "Seuls les administrateurs de cette structure peuvent gérer ses membres."
KEEP_ADMIN = (
    "Une structure doit garder au moins un administrateur : nommez d'abord un autre administrateur."
)
NOT_MEMBER = "Vous n'êtes pas membre de cette structure."
LAST_ADMIN = (
    "Vous êtes le dernier administrateur de cette structure : nommez d'abord un autre "
    "administrateur avant de la quitter."
)
USERS = "Seuls les administrateurs de la plateforme gèrent les comptes et les rôles."
ADMIN_SITE = "L'administration est réservée aux équipes de la CRESS et de la Région."


# The role holders here have not confirmed their e-mail address.
_with_role = partial(with_role, verified=False)


def _member(organisation, role=Membership.Role.MEMBER):
    return MembershipFactory(organisation=organisation, role=role)


def build_world():
    ADMIN = Membership.Role.ADMIN
    org, pair, alone = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    sole_admin, plain = _member(org, ADMIN), _member(org)
    first_admin, second_admin = _member(pair, ADMIN), _member(pair, ADMIN)
    lonely = _member(alone, ADMIN)
    # A structure whose administrator deleted their account: only plain members are left.
    orphan = OrganisationFactory()
    orphan_member, _other = _member(orphan), _member(orphan)
    users = {
        "admin_structure": sole_admin.user,
        "membre_structure": plain.user,
        "admin_binome": first_admin.user,
        "admin_seul": lonely.user,
        "membre_orphelin": orphan_member.user,
        "membre": UserFactory(),
        "porteur": _with_role(roles.PORTEUR),
        "animateur": _with_role(roles.ANIMATEUR),
        "instructeur": _with_role(roles.INSTRUCTEUR),
        "administrateur": _with_role(roles.ADMINISTRATEUR),
        "superuser": _with_role(None, is_superuser=True),
    }
    objects = {
        "structure": org,
        "binome": pair,
        "seule": alone,
        "orpheline": orphan,
        "adhesion_orpheline": orphan_member,
        "adhesion_admin": sole_admin,
        "adhesion_membre": plain,
        "adhesion_binome": second_admin,
        "rien": None,
    }
    return SimpleNamespace(users=users, objects=objects)


world = module_world(build_world)


STAFF = ["animateur", "instructeur", "administrateur", "superuser"]
MANAGERS = ["animateur", "administrateur", "superuser"]
MEMBERSHIP_ACTIONS = ["accounts.remove_member", "accounts.change_member_role"]

TABLE = [
    ("accounts.view_dashboard", "membre", "rien", OK),
    ("accounts.create_organisation", "membre", "rien", OK),
    *[("accounts.view_organisation", who, "structure", OK) for who in STAFF],
    ("accounts.view_organisation", "membre_structure", "structure", OK),
    ("accounts.view_organisation", "admin_structure", "structure", OK),
    ("accounts.view_organisation", "membre", "structure", VIEW),
    ("accounts.view_organisation", "porteur", "structure", VIEW),
    ("accounts.view_organisation", "admin_binome", "structure", VIEW),
    *[(a, who, "structure", OK) for a in ["accounts.edit_organisation"] for who in MANAGERS],
    ("accounts.edit_organisation", "admin_structure", "structure", OK),
    ("accounts.edit_organisation", "membre_structure", "structure", EDIT),
    ("accounts.edit_organisation", "instructeur", "structure", EDIT),
    ("accounts.edit_organisation", "admin_binome", "structure", EDIT),
    *[("accounts.manage_members", who, "structure", OK) for who in MANAGERS],
    ("accounts.manage_members", "admin_structure", "structure", OK),
    ("accounts.manage_members", "membre_structure", "structure", MANAGE),
    ("accounts.manage_members", "instructeur", "structure", MANAGE),
    *[(a, "admin_structure", "adhesion_membre", OK) for a in MEMBERSHIP_ACTIONS],
    *[(a, "admin_structure", "adhesion_admin", KEEP_ADMIN) for a in MEMBERSHIP_ACTIONS],
    *[(a, "animateur", "adhesion_admin", KEEP_ADMIN) for a in MEMBERSHIP_ACTIONS],
    *[(a, "admin_binome", "adhesion_binome", OK) for a in MEMBERSHIP_ACTIONS],
    *[(a, "membre_structure", "adhesion_membre", MANAGE) for a in MEMBERSHIP_ACTIONS],
    *[(a, "instructeur", "adhesion_membre", MANAGE) for a in MEMBERSHIP_ACTIONS],
    ("accounts.leave_organisation", "membre", "structure", NOT_MEMBER),
    ("accounts.leave_organisation", "animateur", "structure", NOT_MEMBER),
    ("accounts.leave_organisation", "membre_structure", "structure", OK),
    ("accounts.leave_organisation", "admin_structure", "structure", LAST_ADMIN),
    ("accounts.leave_organisation", "admin_binome", "binome", OK),
    ("accounts.leave_organisation", "admin_seul", "seule", OK),
    ("accounts.leave_organisation", "membre_orphelin", "orpheline", OK),
    *[(a, "animateur", "adhesion_orpheline", OK) for a in MEMBERSHIP_ACTIONS],
    ("accounts.manage_users", "administrateur", "rien", OK),
    ("accounts.manage_users", "superuser", "rien", OK),
    ("accounts.manage_users", "animateur", "rien", USERS),
    ("accounts.manage_users", "membre", "rien", USERS),
    *[("wagtail.access_admin", who, "rien", OK) for who in STAFF],
    ("wagtail.access_admin", "porteur", "rien", ADMIN_SITE),
    ("wagtail.access_admin", "membre", "rien", ADMIN_SITE),
]


test_rule = rule_test(TABLE)
