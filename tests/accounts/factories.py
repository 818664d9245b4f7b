"""Factories for accounts tests, on top of the suite-wide ones in tests/factories.py."""

from labo.accounts.models import Membership
from tests.factories import MembershipFactory


class AdminMembershipFactory(MembershipFactory):
    role = Membership.Role.ADMIN
