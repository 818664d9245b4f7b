"""What tests do, as staff would, so that a dossier may leave its stage: the meeting held, the
reviews submitted, the documents received, the ratios frozen (``workflow.unmet_guards``)."""

import datetime
from datetime import timedelta

from django.utils import timezone

from projects.tracking import workflow
from projects.tracking.models import Decision, GuaranteeRatioSnapshot, Meeting, Review
from tests.factories import UserFactory


def satisfy_guards(application):
    stage = application.stage
    now = timezone.now()
    if stage.required_meeting:
        Meeting.objects.create(
            application=application,
            kind=stage.required_meeting,
            starts_at=now - timedelta(hours=2),
            location="Hôtel de Région, Toulouse",
        )
    missing = stage.required_reviews - application.reviews.exclude(submitted_at=None).count()
    for _number in range(max(missing, 0)):
        Review.objects.create(
            application=application,
            reviewer=UserFactory(),
            recommendation=Review.Recommendation.FAVORABLE,
            submitted_at=now,
        )
    if stage.requires_documents:
        for request in application.document_requests.filter(fulfilled_at=None):
            request.fulfilled_at = now
            request.save(update_fields=["fulfilled_at"])
    if stage.requires_frozen_ratios and not application.ratio_snapshots.exists():
        GuaranteeRatioSnapshot.objects.create(application=application, report={})
    return application


def grant(application, user, amount=None, **fields):
    """The Region's « accordé » at the decision stage: the dossier moves on."""
    values = {
        "body": Decision.Body.STANDING_COMMITTEE,
        "result": Decision.Result.GRANTED,
        "date": timezone.localdate() - datetime.timedelta(days=1),
        "deliberation_number": "CP/2026-12/04.12",
        "amount_granted": amount or application.amount_requested or 10_000,
    }
    values.update(fields)
    return workflow.record_decision(
        application, user=user, expected_stage_id=application.stage_id, **values
    )


def correct(application, user, version=1, reason="Erreur de saisie du montant.", **fields):
    """A correction of the decision's ``version``, with its reason."""
    return workflow.correct_decision(
        application, user=user, expected_version=version, reason=reason, **fields
    )


def advance(application, user):
    """One step on, as staff would take it: guards met, then the move (or, at the decision
    stage, the « accordé » that moves it)."""
    satisfy_guards(application)
    if application.stage.takes_decision:
        grant(application, user)
    else:
        workflow.move(
            application,
            to_stage=workflow.next_stage(application),
            user=user,
            expected_stage_id=application.stage_id,
        )
    application.refresh_from_db()
    return application
