"""Who may register for an event and read the registrants (``labo/events/rules.py``)."""

import pytest
from django.contrib.auth.models import Group

from labo.accounts import roles
from labo.permissions import can
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OK = "autorisé"
VERIFY = "Confirmez votre adresse e-mail pour vous inscrire aux événements."
LISTS = "Seule l'équipe de la CRESS consulte les listes d'inscrits."


def person(who):
    if who == "membre":
        return UserFactory()
    if who == "superuser":
        return UserFactory(verified=False, is_superuser=True)
    user = UserFactory(verified=False)
    if who != "non_verifie":
        user.groups.add(Group.objects.get(name=who))
    return user


@pytest.mark.parametrize(
    "who, register, manage",
    [
        ("membre", OK, LISTS),
        ("non_verifie", VERIFY, LISTS),
        (roles.PORTEUR, VERIFY, LISTS),
        (roles.ANIMATEUR, OK, OK),
        (roles.INSTRUCTEUR, OK, LISTS),
        (roles.ADMINISTRATEUR, OK, OK),
        ("superuser", OK, OK),
    ],
)
def test_registering_and_reading_the_registrants(who, register, manage):
    user = person(who)
    answers = [can(user, action) for action in ("events.register", "events.manage_registrations")]
    assert [OK if d else d.reason for d in answers] == [register, manage]
    assert can(user, "events.cancel_registration")
