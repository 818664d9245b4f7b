"""Writes of the staff pages that are not stage moves (those live in ``workflow``): comments,
requests for documents, staff in charge, reviewers and reviews, meetings and invitations.
Each writes the dossier's history where the issue asks for a trace, and tells the applicant
only what is shared with them."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notify, notify_many
from labo.permissions import require

from ..models import (
    Comment,
    DocumentRequest,
    HistoryEntry,
    Review,
    ReviewScore,
    Scheme,
    Visibility,
)
from ..workflow import TransitionRefused, notify_team, record


def staff_link(application) -> str:
    from django.urls import reverse

    return reverse("tracking_staff:detail", args=[application.pk])


@transaction.atomic
def add_comment(application, user, body, visibility) -> Comment:
    require(user, "tracking.comment", application, refusal=TransitionRefused)
    comment = Comment.objects.create(
        application=application, author=user, body=body, visibility=visibility
    )
    if visibility == Visibility.SHARED:
        notify_team(
            application,
            _("Nouveau message sur votre dossier %(reference)s : %(body)s")
            % {"reference": application.reference, "body": body},
            kind="tracking.message",
        )
    return comment


@transaction.atomic
def request_document(application, user, *, label, message, due_date) -> DocumentRequest:
    require(user, "tracking.comment", application, refusal=TransitionRefused)
    if application.is_closed:
        raise TransitionRefused(_("Ce dossier est clos."))
    request = DocumentRequest.objects.create(
        application=application, requested_by=user, label=label, message=message, due_date=due_date
    )
    record(
        application,
        HistoryEntry.Kind.DOCUMENT_REQUEST,
        user,
        comment=_("Pièce demandée : %(label)s (avant le %(date)s)")
        % {"label": label, "date": due_date.strftime("%d/%m/%Y")},
        visibility=Visibility.SHARED,
    )
    text = _(
        "Pièce demandée pour votre dossier %(reference)s : %(label)s, à fournir avant le %(date)s."
    ) % {"reference": application.reference, "label": label, "date": due_date.strftime("%d/%m/%Y")}
    if message:
        text = f"{text} {message}"
    notify_team(application, text, kind="tracking.document_request")
    return request


@transaction.atomic
def set_staff_in_charge(application, user, staff_member) -> None:
    require(user, "tracking.assign_reviewers", application, refusal=TransitionRefused)
    application.staff_in_charge = staff_member
    application.save(update_fields=["staff_in_charge", "updated_at"])
    if staff_member is not None and staff_member.pk != user.pk:
        notify(
            staff_member,
            kind="tracking.assigned",
            message=_("Vous suivez désormais le dossier %(reference)s.")
            % {"reference": application.reference},
            link=staff_link(application),
        )


@transaction.atomic
def assign_reviewers(application, user, reviewers) -> list[Review]:
    require(user, "tracking.assign_reviewers", application, refusal=TransitionRefused)
    existing = set(application.reviews.values_list("reviewer_id", flat=True))
    created = [
        Review.objects.create(application=application, reviewer=reviewer, assigned_by=user)
        for reviewer in reviewers
        if reviewer.pk not in existing
    ]
    notify_many(
        [review.reviewer for review in created],
        kind="tracking.review_assigned",
        message=_("Un avis vous est demandé sur le dossier %(reference)s.")
        % {"reference": application.reference},
        link=staff_link(application),
    )
    return created


@transaction.atomic
def save_review(review, user, *, scores, recommendation, comment, submit=False) -> Review:
    """``scores``: {criterion: (score or None, comment)}. Submitting needs every score and a
    recommendation, then freezes the review."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    require(user, "tracking.review", review, refusal=TransitionRefused)
    if submit:
        missing = [str(criterion) for criterion, (score, _c) in scores.items() if score is None]
        if missing or not recommendation:
            raise TransitionRefused(
                _("Pour soumettre l'avis, notez chaque critère et donnez une recommandation.")
            )
    for criterion, (score, criterion_comment) in scores.items():
        if score is None:
            ReviewScore.objects.filter(review=review, criterion=criterion).delete()
            continue
        ReviewScore.objects.update_or_create(
            review=review,
            criterion=criterion,
            defaults={"score": score, "comment": criterion_comment},
        )
    review.recommendation = recommendation
    review.comment = comment
    if submit:
        review.submitted_at = timezone.now()
    review.save()
    if submit:
        record(
            review.application,
            HistoryEntry.Kind.REVIEW,
            user,
            comment=_("Avis soumis : %(recommendation)s")
            % {"recommendation": review.get_recommendation_display()},
            visibility=Visibility.INTERNAL,
        )
    return review


def visible_reviews(application, user):
    """(the user's own review or None, the reviews they may read). With blind reviews, an
    assigned reviewer reads only their own until they submit it; drafts of others are never
    shown. Every output of a dossier (page, history, committee PDF) goes through here."""
    reviews = list(application.reviews.all())
    mine = next((review for review in reviews if review.reviewer_id == user.pk), None)
    if reviewing_blind(application, mine):
        return mine, [mine]
    return mine, [review for review in reviews if review.is_submitted or review is mine]


def reviewing_blind(application, mine) -> bool:
    """``mine`` (the user's own review, or None) is still a draft of a call with blind
    reviews: the others' reviews stay hidden from them."""
    return bool(application.call.blind_reviews and mine is not None and not mine.is_submitted)


def visible_history(application, user):
    """The dossier's history as ``user`` may read it: an entry of a submitted review carries
    its recommendation, so with blind reviews the others' stay hidden from a reviewer until
    they submit their own (the same rule as ``visible_reviews``)."""
    entries = list(application.history.all())
    mine, _readable = visible_reviews(application, user)
    if not reviewing_blind(application, mine):
        return entries
    return [
        entry
        for entry in entries
        if entry.kind != HistoryEntry.Kind.REVIEW or entry.actor_id == user.pk
    ]


def _round(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def comparison(criteria, reviews):
    """Side by side: one row per criterion with each submitted review's score, the average
    and the weight; then the weighted average of each review and overall."""
    submitted = [review for review in reviews if review.is_submitted]
    scores = {
        (review.pk, score.criterion_id): score
        for review in submitted
        for score in review.scores.all()
    }
    rows = []
    for criterion in criteria:
        cells = [scores.get((review.pk, criterion.pk)) for review in submitted]
        values = [cell.score for cell in cells if cell is not None]
        rows.append(
            {
                "criterion": criterion,
                "cells": cells,
                "average": _round(sum(values) / len(values)) if values else None,
            }
        )
    totals = []
    for review in submitted:
        weighted = [
            (scores[(review.pk, criterion.pk)].score, Decimal(criterion.weight))
            for criterion in criteria
            if (review.pk, criterion.pk) in scores
        ]
        weight = sum((w for _s, w in weighted), Decimal(0))
        totals.append(_round(sum(s * w for s, w in weighted) / weight) if weight else None)
    known = [total for total in totals if total is not None]
    return {
        "reviews": submitted,
        "rows": rows,
        "totals": totals,
        "overall": _round(sum(known) / len(known)) if known else None,
    }


def decision_snapshot(application) -> dict:
    """What the committee saw, frozen with the decision: the reviews' averages."""
    criteria = application.call.ordered_criteria()
    reviews = list(application.reviews.prefetch_related("scores"))
    table = comparison(criteria, reviews)
    snapshot = {
        "amount_requested": str(application.amount_requested or ""),
        "reviews": len(table["reviews"]),
        "recommendations": [review.recommendation for review in table["reviews"]],
        "averages": {
            row["criterion"].code: str(row["average"]) if row["average"] is not None else None
            for row in table["rows"]
        },
        "weighted_average": str(table["overall"]) if table["overall"] is not None else None,
    }
    if application.call.scheme.kind == Scheme.Kind.LOAN_GUARANTEE:
        # The prudential ratio checks the committee saw (last frozen report, or computed now).
        from ..guarantees.services import decision_snapshot as guarantee_snapshot

        snapshot.update(guarantee_snapshot(application))
    return snapshot
