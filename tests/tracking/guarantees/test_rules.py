"""Who may do what with loan guarantees (``projects/tracking/guarantees/rules.py``): the
team edits its loans while drafting, staff instruct, only the Region's services enter the
Region's figures, and applicants never see the Region's exposure."""

from types import SimpleNamespace

from labo.accounts import roles
from tests.factories import UserFactory
from tests.rule_tables import OK, module_world, rule_test, with_role
from tests.tracking.factories import (
    draft_application,
    open_guarantee_call,
    open_viure_call,
    project_with_team,
    submitted_application,
)

NOT_GUARANTEE = "Ce dossier n'est pas une demande de garantie d'emprunt."
NOT_YOURS = "Ce dossier n'existe pas ou ne vous est pas accessible."
EDIT = "Seule l'équipe du projet peut modifier ce dossier."
EDIT_SUBMITTED = "Ce dossier est déposé : il ne peut plus être modifié."
STAFF_ONLY = "Cette page est réservée aux équipes de la CRESS et de la Région."
NOT_SUBMITTED = "Ce dossier n'est pas encore déposé."
REGION_ONLY = "Seuls les services instructeurs de la Région peuvent faire cette action."
EXPOSURE = "L'exposition de la Région est réservée aux équipes de la CRESS et de la Région."


def build_world():
    equipe = UserFactory()
    users = {
        "equipe": equipe,
        "membre": UserFactory(),
        "animateur": with_role(roles.ANIMATEUR),
        "instructeur": with_role(roles.INSTRUCTEUR),
        "administrateur": with_role(roles.ADMINISTRATEUR),
        "superuser": with_role(None, is_superuser=True, verified=False),
    }
    guarantee = open_guarantee_call()
    objects = {
        "brouillon": draft_application(guarantee, project=project_with_team(equipe)),
        "depose": submitted_application(guarantee, project=project_with_team(equipe)),
        "viure": submitted_application(open_viure_call(), project=project_with_team(equipe)),
        "rien": None,
    }
    return SimpleNamespace(users=users, objects=objects)


world = module_world(build_world)


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


test_rule = rule_test(TABLE)
