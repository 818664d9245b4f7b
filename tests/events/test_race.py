"""Two members take the last seat at the same time: exactly one gets it.

Needs real row locks, so PostgreSQL: run with DATABASE_URL=postgres://…"""

import threading

import pytest
from django.db import connection, connections

from labo.events import services
from labo.events.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite sérialise les écritures : la course n'existe que sur PostgreSQL "
    "(lancer avec DATABASE_URL=postgres://…).",
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_members_taking_the_last_seat_at_once(make_event):
    event = make_event(registration_enabled=True, capacity=1)
    members = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def take_seat(member):
        try:
            barrier.wait(timeout=10)
            results[member.pk] = services.register(member, event).status
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_seat, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(results.values()) == [
        Registration.Status.WAITING,
        Registration.Status.CONFIRMED,
    ]
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 1
