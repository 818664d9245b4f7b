"""Figures: the seeded 2025 funnel (18 → 11 → 3 → 3) read back from the history, outcomes,
amounts, and the statistics page with its SVG charts, tables and XLSX export."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from labo.accounts import roles
from projects.tracking.demo_funnel import load_funnel_demo
from projects.tracking.models import Call, Decision, HistoryEntry, Meeting, Outcome, Review
from projects.tracking.staff import stats
from tests.tracking.factories import project_with_team
from tests.worlds import rolled_back

from .factories import with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def funnel_2025(django_db_setup, django_db_blocker):
    """Seeded once for the module (the tests only read it, or prove a reload changes nothing)."""
    with django_db_blocker.unblock(), rolled_back():
        with_role(roles.ANIMATEUR, email="animation@labo.demo")
        with_role(roles.INSTRUCTEUR, email="instruction@labo.demo")
        with_role(roles.ADMINISTRATEUR, email="admin@labo.demo")
        for _ in range(20):
            project_with_team()
        load_funnel_demo()
        yield Call.objects.get(scheme__short_name="VIURE", year=2025)


def test_the_funnel_equals_the_seeded_2025_figures(funnel_2025):
    funnel = {stage.code: count for stage, count in stats.funnel(funnel_2025)}
    assert [
        funnel["entretien-prealable"],
        funnel["pre-audition"],
        funnel["agora"],
        funnel["selection"],
    ] == [18, 11, 3, 3]
    assert funnel["depose"] == 20
    assert Decision.objects.filter(application__call=funnel_2025, result="accorde").count() == 3
    outcomes = {str(label): count for label, count in stats.outcomes(funnel_2025)}
    assert outcomes["Non retenu"] + outcomes["Réorienté"] == 17
    assert outcomes["En cours"] == 3
    assert stats.amounts(funnel_2025)["granted"] == Decimal("180000")
    assert all(
        entry.created_at.year == 2025
        for entry in HistoryEntry.objects.filter(application__call=funnel_2025)
    )
    assert Meeting.objects.filter(application__call=funnel_2025, kind="entretien").count() == 18
    assert (
        Review.objects.filter(application__call=funnel_2025, submitted_at__isnull=False).count()
        == 14
    )


def test_the_demo_loader_is_idempotent(funnel_2025):
    load_funnel_demo()
    assert funnel_2025.applications.count() == 20


def test_median_days_per_stage(funnel_2025):
    durations = {stage.code: days for stage, days, _n in stats.median_days(funnel_2025)}
    assert durations["depose"] is not None and durations["depose"] > 0


def test_the_statistics_page_and_export(client, funnel_2025, animateur):
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:stats"), {"appel": funnel_2025.pk})
    content = response.content.decode()
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 4
    assert 'role="img"' in content and 'aria-labelledby="titre-entonnoir"' in content
    assert "<table" in content
    # Geometry is never localised (« 22,1 » is not an SVG number).
    assert not re.search(r'(x|y|width)="\d+,\d+"', content)
    export = client.get(reverse("tracking_staff:stats_export"), {"appel": funnel_2025.pk})
    workbook = load_workbook(io.BytesIO(export.content))
    funnel_rows = list(workbook["Entonnoir"].iter_rows(values_only=True))[1:]
    counts = [count for _name, count in funnel_rows]
    assert counts[1:5] == [18, 11, 3, 3]
    assert "Départements" in workbook.sheetnames


def test_closed_outcomes_match_the_funnel(funnel_2025):
    applications = funnel_2025.applications
    assert applications.filter(outcome=Outcome.REDIRECTED).exists()
    assert applications.filter(outcome="").count() == 3


def test_the_2025_funnel_met_each_stage_condition_when_it_left_the_stage(funnel_2025):
    """The imported year is consistent with the guards that staff meet today: each stage a
    dossier left had its meeting held, its reviews submitted, and a decision stage was left by
    the decision."""
    from projects.tracking.models import Application, HistoryEntry

    call = Call.objects.get(scheme__short_name="VIURE", year=2025)
    unmet = []
    for application in Application.objects.filter(call=call):
        for entry in application.history.filter(
            kind__in=[HistoryEntry.Kind.TRANSITION, HistoryEntry.Kind.DECISION],
            from_stage__isnull=False,
        ).select_related("from_stage"):
            stage, left_at = entry.from_stage, entry.created_at
            if (
                stage.required_meeting
                and not application.meetings.filter(
                    kind=stage.required_meeting, starts_at__lte=left_at
                ).exists()
            ):
                unmet.append((application.reference, stage.code, "réunion"))
            reviews = application.reviews.filter(submitted_at__lte=left_at).count()
            if reviews < stage.required_reviews:
                unmet.append((application.reference, stage.code, "avis"))
            if stage.takes_decision and entry.kind != HistoryEntry.Kind.DECISION:
                unmet.append((application.reference, stage.code, "décision"))
    assert unmet == []


def test_the_2025_funnel_has_a_read_decision_and_a_corrected_one(client, funnel_2025, animateur):
    """The demo shows both sides of the decision's follow-up: one team read its decision (the
    staff see who and when), one decision was corrected with its reason; the other two are
    left unread since December, so the listing's filter finds them."""
    from projects.tracking.models import DecisionReading

    reading = DecisionReading.objects.get(application__call=funnel_2025)
    assert (reading.version, reading.read_at.year) == (1, 2025)
    assert reading.decision.result == Decision.Result.GRANTED
    corrected = Decision.objects.get(application__call=funnel_2025, version=2)
    entry = corrected.application.history.get(kind=HistoryEntry.Kind.DECISION_CORRECTED)
    assert entry.details["after"]["deliberation_number"] == corrected.deliberation_number
    assert entry.details["before"]["deliberation_number"] != corrected.deliberation_number
    assert entry.details["after"]["version"] == 2 and entry.created_at.year == 2025
    client.force_login(animateur)
    page = client.get(reverse("tracking_staff:detail", args=[reading.application_id]))
    assert "Lue par " in page.content.decode()
    listing = client.get(reverse("tracking_staff:list"), {"unread_decision": "on"})
    unread = set(re.findall(r"VIURE-2025-\d{3}", listing.content.decode()))
    decided = Decision.objects.filter(application__call=funnel_2025)
    assert unread == {d.application.reference for d in decided} - {reading.application.reference}
    # The team reads the correction on its page, dated, with its reason.
    client.force_login(corrected.application.project.team.members.first())
    content = client.get(
        reverse("tracking_applicant:detail", args=[corrected.application_id])
    ).content.decode()
    assert "Décision corrigée le 16 décembre 2025" in content
    assert "Numéro de délibération mal recopié" in content
