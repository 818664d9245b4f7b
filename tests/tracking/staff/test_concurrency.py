"""Two staff members click « étape suivante » (or correct a decision) at the same time: exactly
one of them acts, the other gets a French message saying what changed. Needs real row locks,
so PostgreSQL only (``DATABASE_URL=postgres://…``)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from labo.accounts import roles
from projects.tracking import workflow
from projects.tracking.models import Application, Decision, HistoryEntry
from tests.tracking.guards import correct, grant

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


def test_two_concurrent_corrections_one_wins():
    instructeur = with_role(roles.INSTRUCTEUR)
    application = dossier_at("commission-permanente")
    grant(application, instructeur)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def click(amount):
        try:
            barrier.wait(timeout=10)
            correct(Application.objects.get(pk=application.pk), instructeur,
                    amount_granted=Decimal(amount))  # fmt: skip
            results.append(amount)
        except workflow.TransitionRefused as refused:
            errors.append(refused.message)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(a,)) for a in ("1000", "2000")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 1, errors
    assert len(errors) == 1 and "modifiée par quelqu'un d'autre" in errors[0]
    decision = Decision.objects.get(application=application)
    assert (decision.version, decision.amount_granted) == (2, Decimal(results[0]))
