"""Two staff members click « étape suivante » at the same time: exactly one transition
happens, the other gets the French « changé d'étape entre-temps » message. Needs real row
locks, so PostgreSQL only (``DATABASE_URL=postgres://…``)."""

import threading

import pytest
from django.db import connection, connections

from labo.accounts import roles
from projects.tracking import workflow
from projects.tracking.models import Application, HistoryEntry

from .factories import dossier_at, with_role

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Les verrous de ligne demandent PostgreSQL."
    ),
]


def test_two_concurrent_moves_one_succeeds():
    application = dossier_at("depose")
    first, second = with_role(roles.ANIMATEUR), with_role(roles.ANIMATEUR)
    target = workflow.next_stage(application)
    seen_stage = application.stage_id
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click(user):
        try:
            barrier.wait(timeout=10)
            workflow.move(
                Application.objects.get(pk=application.pk),
                to_stage=target,
                user=user,
                expected_stage_id=seen_stage,
            )
            results.append(user)
        except workflow.TransitionRefused as refusal:
            errors.append(refusal.message)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 1, errors
    assert len(errors) == 1 and "changé d'étape entre-temps" in errors[0]
    assert (
        HistoryEntry.objects.filter(
            application=application, kind=HistoryEntry.Kind.TRANSITION
        ).count()
        == 1
    )
    application.refresh_from_db()
    assert application.stage_id == target.pk
