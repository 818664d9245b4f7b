"""What the tests of every ``rules.py`` share: a table of action × person × object, each row
with the expected answer (``OK`` or the exact French reason of the refusal).

Each test module keeps its own ``TABLE`` and world (``build_world``, built once per module by
``module_world`` and rolled back after its last test) and gets its ``test_rule`` from
``rule_test(TABLE)``: one test per row, with the row's id.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from labo.accounts.models import User
from labo.permissions import can
from tests.factories import UserFactory
from tests.worlds import rolled_back

OK = "autorisé"

# Writing an object implies being allowed to read it: every row where one of these actions
# is allowed is also checked against its read rule, on the same person and object (#15: a
# member removed from a team could still edit and delete their posts in its private space).
IMPLIED_READS = {
    "forum.edit_post": "forum.view_post",
    "forum.delete_post": "forum.view_post",
    "forum.report_post": "forum.view_post",
    "forum.reply": "forum.view_topic",
    "accounts.edit_organisation": "accounts.view_organisation",
    "accounts.manage_members": "accounts.view_organisation",
    "accounts.leave_organisation": "accounts.view_organisation",
    "loan_guarantees.edit_loans": "loan_guarantees.view_loans",
    "tracking.edit_draft": "tracking.view_application",
    "tracking.withdraw": "tracking.view_application",
    "tracking.comment": "tracking.view_application",
    "tracking.decide": "tracking.view_application",
    "tracking.move": "tracking.view_application",
    "tracking.download_receipt": "tracking.view_application",
    "projects.manage_team": "projects.view_team",
    "notifications.mark_read": "notifications.view_notification",
}


def outcome(decision):
    """``OK`` when allowed, otherwise the reason shown to the person, word for word."""
    return OK if decision else decision.reason


def table_ids(table):
    return [f"{action}-{who}-{what}" for action, who, what, _expected in table]


def parametrize_table(table):
    """Parametrize ``action, who, what, expected`` over ``table``, one id per row."""
    return pytest.mark.parametrize("action, who, what, expected", table, ids=table_ids(table))


def with_role(name, **fields):
    """A user in the group ``name`` (in none for ``None``); ``fields`` go to ``UserFactory``."""
    user = UserFactory(**fields)
    if name:
        user.groups.add(Group.objects.get(name=name))
    return user


def module_world(build_world):
    """The module's ``world`` fixture: ``build_world()`` once, rolled back after the module."""

    @pytest.fixture(scope="module", name="world")
    def world(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), rolled_back():
            yield build_world()

    return world


def person(world, who):
    """``world.users[who]`` read afresh (no answer cached on it by a previous row); a visitor
    for ``None``."""
    user = world.users[who]
    return AnonymousUser() if user is None else User.objects.get(pk=user.pk)


def rule_test(table):
    """The module's ``test_rule``: ``can(person, action, object)`` answers each row of ``table``
    exactly, against the module's ``world`` (``world.users`` and ``world.objects``)."""

    @pytest.mark.django_db
    @parametrize_table(table)
    def test_rule(world, action, who, what, expected):
        user, target = person(world, who), world.objects[what]
        decision = can(user, action, target)
        assert outcome(decision) == expected
        if decision and action in IMPLIED_READS:
            read = can(user, IMPLIED_READS[action], target)
            assert read, f"{action} allowed without {IMPLIED_READS[action]}: {read.reason}"

    return test_rule
