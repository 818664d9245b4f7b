"""Reviews: assignment, scoring the grid, one reviewer never edits another's review, blind
mode, and the side-by-side comparison with averages and weights."""

from decimal import Decimal

import pytest
from django.urls import reverse

from labo.accounts import roles
from labo.notifications.models import Notification
from projects.tracking.models import Review

from .factories import dossier_at, porteur_of, with_role

pytestmark = pytest.mark.django_db


def assign(client, application, *reviewers):
    return client.post(
        reverse("tracking_staff:reviewers", args=[application.pk]),
        {"reviewers": [r.pk for r in reviewers]},
    )


def scores_payload(application, values, recommendation="favorable", submit=True, comment=""):
    data = {"recommendation": recommendation, "comment": comment}
    for criterion, value in zip(
        application.call.criteria.order_by("sort_order"), values, strict=True
    ):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = f"Commentaire {criterion.code}"
    data["submit" if submit else "save"] = "1"
    return data


def review_url(review):
    return reverse("tracking_staff:review", args=[review.application_id, review.pk])


@pytest.fixture
def setup(client, animateur):
    application = dossier_at("pre-audition")
    first = with_role(roles.INSTRUCTEUR, display_name="Instructrice Une")
    second = with_role(roles.INSTRUCTEUR, display_name="Instructeur Deux")
    client.force_login(animateur)
    assign(client, application, first, second)
    return application, first, second


def test_assignment_creates_reviews_and_tells_the_reviewers(setup):
    application, first, second = setup
    assert set(application.reviews.values_list("reviewer", flat=True)) == {first.pk, second.pk}
    assert Notification.objects.filter(recipient=first, kind="tracking.review_assigned").exists()
    assert not Notification.objects.filter(
        recipient=porteur_of(application), kind="tracking.review_assigned"
    ).exists()


def test_a_reviewer_scores_and_submits(client, setup):
    application, first, _second = setup
    review = Review.objects.get(application=application, reviewer=first)
    client.force_login(first)
    client.post(review_url(review), scores_payload(application, [4, 3, 2, 3, 4], submit=False))
    review.refresh_from_db()
    assert review.scores.count() == 5 and not review.is_submitted
    client.post(review_url(review), scores_payload(application, [4, 3, 2, 3, 4]))
    review.refresh_from_db()
    assert review.is_submitted and review.recommendation == "favorable"
    # Submitted: frozen.
    response = client.post(review_url(review), scores_payload(application, [0, 0, 0, 0, 0]))
    assert response.status_code == 403
    assert sorted(review.scores.values_list("score", flat=True)) == [2, 3, 3, 4, 4]


def test_submission_needs_every_score_and_a_recommendation(client, setup):
    application, first, _second = setup
    review = Review.objects.get(application=application, reviewer=first)
    client.force_login(first)
    response = client.post(
        review_url(review), scores_payload(application, [4, None, 2, 3, 4]), follow=True
    )
    assert "notez chaque critère" in response.content.decode()
    review.refresh_from_db()
    assert not review.is_submitted


def test_a_score_out_of_the_scale_is_refused(client, setup):
    application, first, _second = setup
    review = Review.objects.get(application=application, reviewer=first)
    client.force_login(first)
    client.post(review_url(review), scores_payload(application, [5, 3, 2, 3, 4]), follow=True)
    assert not review.scores.exists()


def test_a_reviewer_cannot_edit_another_reviewers_review(client, setup, animateur):
    application, first, second = setup
    review = Review.objects.get(application=application, reviewer=first)
    for intruder in (second, animateur):
        client.force_login(intruder)
        response = client.post(review_url(review), scores_payload(application, [1, 1, 1, 1, 1]))
        assert response.status_code == 403
    assert not review.scores.exists()


def test_blind_reviews_hide_the_others_until_one_submits(client, setup):
    application, first, second = setup
    assert application.call.blind_reviews
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 4, 4, 4, 4], comment="Avis de la première"),
    )
    client.force_login(second)
    content = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Avis de la première" not in content
    assert "seront visibles après la soumission" in content
    client.post(
        review_url(Review.objects.get(reviewer=second, application=application)),
        scores_payload(application, [2, 2, 2, 2, 2], recommendation="reserve"),
    )
    content = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Avis de la première" in content


def test_without_blind_mode_submitted_reviews_are_visible(client, setup):
    application, first, second = setup
    application.call.blind_reviews = False
    application.call.save()
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 4, 4, 4, 4], comment="Avis de la première"),
    )
    client.force_login(second)
    content = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Avis de la première" in content


def test_comparison_averages_and_weights(client, setup, animateur):
    application, first, second = setup
    vivant = application.call.criteria.get(code="V")
    vivant.weight = Decimal("3")
    vivant.save()
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 2, 2, 2, 2]),
    )
    client.force_login(second)
    client.post(
        review_url(Review.objects.get(reviewer=second, application=application)),
        scores_payload(application, [3, 1, 1, 1, 1], recommendation="reserve"),
    )
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:detail", args=[application.pk]))
    table = response.context["comparison"]
    rows = {row["criterion"].code: row for row in table["rows"]}
    assert rows["V"]["average"] == Decimal("3.50")
    assert rows["I"]["average"] == Decimal("1.50")
    # Weighted: (4*3 + 2*4) / 7 = 2.86 and (3*3 + 1*4) / 7 = 1.86.
    totals = dict(zip((r.reviewer for r in table["reviews"]), table["totals"], strict=True))
    assert (totals[first], totals[second]) == (Decimal("2.86"), Decimal("1.86"))
    assert table["overall"] == Decimal("2.36")
    content = response.content.decode()
    assert "Moyenne pondérée" in content and "3,50" in content


def test_blind_reviews_stay_hidden_in_the_committee_pdf(client, setup, paragraphs):
    """#15 finding 2: the PDF goes through the same visibility rule as the dossier page."""
    application, first, second = setup
    texts = paragraphs
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 4, 4, 4, 4]),
    )
    client.force_login(second)
    response = client.get(reverse("tracking_staff:pdf", args=[application.pk]))
    assert response.status_code == 200
    assert "Instructrice Une" not in "\n".join(texts)
    assert "Favorable" not in "\n".join(texts)
    texts.clear()
    client.post(
        review_url(Review.objects.get(reviewer=second, application=application)),
        scores_payload(application, [2, 2, 2, 2, 2], recommendation="reserve"),
    )
    client.get(reverse("tracking_staff:pdf", args=[application.pk]))
    assert "Instructrice Une" in "\n".join(texts)


def test_blind_reviews_stay_hidden_in_the_committee_pdf_history(client, setup, paragraphs):
    """The PDF reads the history through the page's rule: a reviewer who has not submitted
    does not see that another one did."""
    application, first, second = setup
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 4, 4, 4, 4]),
    )
    client.force_login(second)
    client.get(reverse("tracking_staff:pdf", args=[application.pk]))
    assert "Avis d'instruction" not in paragraphs
    client.force_login(first)
    client.get(reverse("tracking_staff:pdf", args=[application.pk]))
    # The section's title, then the history's row.
    assert paragraphs.count("Avis d'instruction") == 2


def test_blind_reviews_stay_hidden_in_the_dossier_history(client, setup):
    """The history entry of a submitted review carries its recommendation: with blind
    reviews, another reviewer who has not submitted does not read it."""
    application, first, second = setup
    client.force_login(first)
    client.post(
        review_url(Review.objects.get(reviewer=first, application=application)),
        scores_payload(application, [4, 4, 4, 4, 4]),
    )
    assert (
        "Avis soumis"
        in client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    )
    client.force_login(second)
    page = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert "Avis soumis" not in page
    client.post(
        review_url(Review.objects.get(reviewer=second, application=application)),
        scores_payload(application, [2, 2, 2, 2, 2], recommendation="reserve"),
    )
    page = client.get(reverse("tracking_staff:detail", args=[application.pk])).content.decode()
    assert page.count("Avis soumis") == 2
