"""Who may do what with loan guarantees (``projects/tracking/loan_guarantees/rules.py``): the
team edits its loans while drafting, staff instruct, only the Region's services enter the
Region's figures, and applicants never see the Region's exposure."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from labo.accounts import roles
from labo.accounts.models import User
from labo.permissions import can
from tests.factories import UserFactory
from tests.tracking.factories import (
    draft_application,
    open_guarantee_call,
    open_viure_call,
    project_with_team,
    submitted_application,
)
from tests.worlds import rolled_back

OK = "autorisé"
NOT_GUARANTEE = "Ce dossier n'est pas une demande de garantie d'emprunt."
NOT_YOURS = "Ce dossier n'existe pas ou ne vous est pas accessible."
EDIT = "Seule l'équipe du projet peut modifier ce dossier."
EDIT_SUBMITTED = "Ce dossier est déposé : il ne peut plus être modifié."
STAFF_ONLY = "Cette page est réservée aux équipes de la CRESS et de la Région."
NOT_SUBMITTED = "Ce dossier n'est pas encore déposé."
REGION_ONLY = "Seuls les services instructeurs de la Région peuvent faire cette action."
EXPOSURE = "L'exposition de la Région est réservée aux équipes de la CRESS et de la Région."


def _with_role(name, **fields):
    user = UserFactory(**fields)
    if name:
        user.groups.add(Group.objects.get(name=name))
    return user


def build_world():
    equipe = UserFactory()
    users = {
        "equipe": equipe,
        "membre": UserFactory(),
        "animateur": _with_role(roles.ANIMATEUR),
        "instructeur": _with_role(roles.INSTRUCTEUR),
        "administrateur": _with_role(roles.ADMINISTRATEUR),
        "superuser": _with_role(None, is_superuser=True, verified=False),
    }
    guarantee = open_guarantee_call()
    objects = {
        "brouillon": draft_application(guarantee, project=project_with_team(equipe)),
        "depose": submitted_application(guarantee, project=project_with_team(equipe)),
        "viure": submitted_application(open_viure_call(), project=project_with_team(equipe)),
        "rien": None,
    }
    return SimpleNamespace(users=users, objects=objects)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back():
        yield build_world()


STAFF = ["animateur", "instructeur", "administrateur", "superuser"]
REGION = ["instructeur", "administrateur", "superuser"]
REGION_ACTIONS = [
    "loan_guarantees.set_exemption",
    "loan_guarantees.freeze_ratios",
    "loan_guarantees.set_quotite",
    "loan_guarantees.record_follow_up",
]

TABLE = [
    ("loan_guarantees.view_loans", "equipe", "viure", NOT_GUARANTEE),
    ("loan_guarantees.view_loans", "animateur", "viure", NOT_GUARANTEE),
    ("loan_guarantees.view_loans", "equipe", "brouillon", OK),
    ("loan_guarantees.view_loans", "equipe", "depose", OK),
    ("loan_guarantees.view_loans", "animateur", "depose", OK),
    ("loan_guarantees.view_loans", "animateur", "brouillon", NOT_YOURS),
    ("loan_guarantees.view_loans", "membre", "depose", NOT_YOURS),
    ("loan_guarantees.edit_loans", "equipe", "viure", NOT_GUARANTEE),
    ("loan_guarantees.edit_loans", "equipe", "brouillon", OK),
    ("loan_guarantees.edit_loans", "equipe", "depose", EDIT_SUBMITTED),
    ("loan_guarantees.edit_loans", "membre", "brouillon", EDIT),
    ("loan_guarantees.edit_loans", "administrateur", "brouillon", EDIT),
    *[("loan_guarantees.instruct", who, "depose", OK) for who in STAFF],
    ("loan_guarantees.instruct", "animateur", "viure", NOT_GUARANTEE),
    ("loan_guarantees.instruct", "equipe", "depose", STAFF_ONLY),
    ("loan_guarantees.instruct", "membre", "depose", STAFF_ONLY),
    ("loan_guarantees.instruct", "animateur", "brouillon", NOT_SUBMITTED),
    *[(action, who, "depose", OK) for action in REGION_ACTIONS for who in REGION],
    *[(action, "animateur", "depose", REGION_ONLY) for action in REGION_ACTIONS],
    *[(action, "equipe", "depose", STAFF_ONLY) for action in REGION_ACTIONS],
    *[(action, "instructeur", "brouillon", NOT_SUBMITTED) for action in REGION_ACTIONS],
    *[(action, "instructeur", "viure", NOT_GUARANTEE) for action in REGION_ACTIONS],
    *[("loan_guarantees.edit_region_figures", who, "rien", OK) for who in REGION],
    ("loan_guarantees.edit_region_figures", "animateur", "rien", REGION_ONLY),
    ("loan_guarantees.edit_region_figures", "equipe", "rien", REGION_ONLY),
    *[("loan_guarantees.view_exposure", who, "rien", OK) for who in STAFF],
    ("loan_guarantees.view_exposure", "equipe", "rien", EXPOSURE),
    ("loan_guarantees.view_exposure", "membre", "rien", EXPOSURE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, who, what, expected", TABLE, ids=[f"{a}-{w}-{o}" for a, w, o, _e in TABLE]
)
def test_rule(world, action, who, what, expected):
    user = User.objects.get(pk=world.users[who].pk)
    decision = can(user, action, world.objects[what])
    assert (OK if decision else decision.reason) == expected
