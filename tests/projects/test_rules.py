"""Who may edit a project page, see and manage its team, and contact it
(``projects/rules.py``)."""

from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser

from labo.accounts import roles
from labo.permissions import can
from projects.models import ProjectPage
from projects.models.teams import ProjectTeamMember
from projects.rules import team_role
from tests.factories import UserFactory
from tests.rule_tables import OK, outcome, with_role

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db

EDIT = "Seule l'équipe du projet peut modifier cette page."
VIEW_TEAM = "Seuls les membres de l'équipe voient la composition de l'équipe."
MANAGE_TEAM = "Seuls les administrateurs de l'équipe peuvent inviter ou retirer des membres."


# The role holders here have not confirmed their e-mail address.
_with_role = partial(with_role, verified=False)


@pytest.fixture
def people():
    admin, member = UserFactory(), UserFactory()
    page = ProjectPageFactory(team=[admin, member])
    return page, {
        "equipe_admin": admin,
        "equipe": member,
        "membre": UserFactory(),
        "animateur": _with_role(roles.ANIMATEUR),
        "instructeur": _with_role(roles.INSTRUCTEUR),
        "administrateur": _with_role(roles.ADMINISTRATEUR),
        "superuser": _with_role(None, is_superuser=True),
    }


EXPECTED = {
    "equipe_admin": (OK, OK, OK),
    "equipe": (OK, OK, MANAGE_TEAM),
    "membre": (EDIT, VIEW_TEAM, MANAGE_TEAM),
    "animateur": (OK, OK, OK),
    "instructeur": (EDIT, VIEW_TEAM, MANAGE_TEAM),
    "administrateur": (OK, OK, OK),
    "superuser": (OK, OK, OK),
}


def test_the_team_and_the_cress_look_after_a_project(people):
    page, users = people
    answers = {
        who: tuple(
            outcome(decision)
            for decision in (
                can(user, "projects.edit", page),
                can(user, "projects.view_team", page),
                can(user, "projects.manage_team", page),
            )
        )
        for who, user in users.items()
    }
    assert answers == EXPECTED
    assert team_role(users["equipe_admin"], page) == ProjectTeamMember.Role.ADMIN
    assert team_role(users["membre"], page) is None
    assert team_role(AnonymousUser(), page) is None


def test_any_member_may_create_a_project(user):
    assert can(user, "projects.create")


@pytest.mark.parametrize(
    "live, expected", [(True, OK), (False, "Ce projet n'est pas encore publié.")]
)
@pytest.mark.parametrize("who", ["visiteur", "membre"])
def test_only_a_published_project_is_contacted(user, who, live, expected):
    visitor = AnonymousUser() if who == "visiteur" else user
    decision = can(visitor, "projects.contact", ProjectPage(live=live))
    assert outcome(decision) == expected
