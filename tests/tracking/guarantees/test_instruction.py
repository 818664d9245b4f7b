"""The staff dossier page: schedules, guaranteed part, ratio checks, exemption, frozen
report, quotités granted, Region figures, follow-up."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from projects.tracking.guarantees.finance import RatioReport
from projects.tracking.models import (
    GuaranteeClaim,
    GuaranteeFollowUp,
    GuaranteeRatioSnapshot,
    RegionFiscalYear,
)
from tests.factories import UserFactory

from .factories import (
    exempt,
    grant,
    guarantee_draft,
    guarantee_submitted,
    loan_for,
    move_to,
    region_year,
)

pytestmark = pytest.mark.django_db


def url(application, name="loan_guarantees:instruction"):
    return reverse(name, args=[application.pk])


@pytest.fixture
def dossier():
    application = guarantee_submitted(stage_code="instruction")
    loan_for(
        application,
        amount=Decimal("1200000.00"),
        duration_months=300,
        annual_rate=Decimal("3.4"),
        co_guarantors=[("Commune de Ramonville", Decimal("20"), False)],
    )
    return application


def test_staff_see_schedules_guaranteed_part_and_ratios(client, instructeur, dossier):
    region_year()
    client.force_login(instructeur)
    response = client.get(url(dossier))
    assert response.status_code == 200
    page = response.content.decode()
    loan = dossier.loans.get()
    first = loan.schedule.yearly[0]
    assert f"{number_format(first.payment, 2, force_grouping=True)}\N{NO-BREAK SPACE}€" in page
    guaranteed = (first.payment / 2).quantize(Decimal("0.01"))
    assert f"{number_format(guaranteed, 2, force_grouping=True)}\N{NO-BREAK SPACE}€" in page
    assert "<svg" in page and 'id="echeancier-' in page
    assert "Commune de Ramonville" in page
    assert "Plafonnement" in page and "Division du risque" in page and "Partage du risque" in page
    assert "respecté" in page
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page


def test_missing_region_figures_make_ratios_not_computable(client, instructeur, dossier):
    client.force_login(instructeur)
    page = client.get(url(dossier)).content.decode()
    assert "non calculable" in page
    assert "ne sont pas saisis" in page


def test_exemption_switches_the_checks_off_visibly(client, instructeur, dossier):
    region_year()
    client.force_login(instructeur)
    response = client.post(
        url(dossier, "loan_guarantees:exemption"),
        {"exemption-exemption_kind": "hlm", "exemption-exemption_reason": ""},
    )
    assert response.status_code == 400
    assert "Indiquez le motif de l&#x27;exemption." in response.content.decode()
    response = client.post(
        url(dossier, "loan_guarantees:exemption"),
        {
            "exemption-exemption_kind": "hlm",
            "exemption-exemption_reason": "Opération portée par un OPH",
        },
    )
    assert response.status_code == 302
    page = client.get(url(dossier)).content.decode()
    assert "Exempté (CGCT art. L4253-2)" in page
    assert "Opération portée par un OPH" in page


def test_animateur_sees_but_cannot_exempt_or_freeze(client, animateur, dossier):
    client.force_login(animateur)
    assert client.get(url(dossier)).status_code == 200
    data = {"exemption-exemption_kind": "hlm", "exemption-exemption_reason": "x"}
    assert client.post(url(dossier, "loan_guarantees:exemption"), data).status_code == 403
    assert client.post(url(dossier, "loan_guarantees:freeze")).status_code == 403


def test_team_and_strangers_get_404(client, dossier):
    client.force_login(dossier.project.team.members.first())
    assert client.get(url(dossier)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(dossier)).status_code == 404


def test_staff_cannot_open_a_draft(client, instructeur):
    draft = guarantee_draft()
    client.force_login(instructeur)
    assert client.get(url(draft)).status_code == 404


def test_freeze_keeps_what_the_committee_saw(client, instructeur, dossier):
    year = timezone.localdate().year
    region_year(year)
    client.force_login(instructeur)
    response = client.post(url(dossier, "loan_guarantees:freeze"), {"annee": str(year)})
    assert response.status_code == 302
    snapshot = GuaranteeRatioSnapshot.objects.get(application=dossier)
    frozen = RatioReport.from_dict(snapshot.report)
    assert frozen.year == year and frozen.passed
    # The Region's figures change afterwards: the frozen report does not.
    RegionFiscalYear.objects.filter(year=year).update(operating_revenue=Decimal("100.00"))
    page = client.get(url(dossier)).content.decode()
    assert "Ratios figés" in page
    assert "non respecté" in page  # the live report
    assert RatioReport.from_dict(
        GuaranteeRatioSnapshot.objects.get(application=dossier).report
    ).passed
    # Recording the decision afterwards copies the frozen report into its snapshot.
    decision = grant(dossier, instructeur)
    client.post(url(dossier, "loan_guarantees:freeze"), {"annee": str(year)})
    decision.refresh_from_db()
    assert decision.snapshot["ratios"]["year"] == year


def test_decision_snapshot_helper(instructeur, dossier):
    from projects.tracking import workflow
    from projects.tracking.guarantees.services import decision_snapshot

    region_year()
    move_to(dossier, "commission-permanente")
    decision = workflow.record_decision(
        dossier,
        user=instructeur,
        snapshot=decision_snapshot(dossier),
        body="cp",
        result="accorde",
        date=timezone.localdate(),
        deliberation_number="CP-1",
        amount_granted=Decimal("50000"),
    )
    assert RatioReport.from_dict(decision.snapshot["ratios"]).passed


def test_decision_snapshot_prefers_the_frozen_report(instructeur, dossier):
    from projects.tracking.guarantees.services import decision_snapshot, freeze_ratios

    year = timezone.localdate().year
    region_year(year)
    freeze_ratios(dossier, instructeur, year)
    RegionFiscalYear.objects.filter(year=year).update(operating_revenue=Decimal("100.00"))
    assert RatioReport.from_dict(decision_snapshot(dossier)["ratios"]).passed
    assert not RatioReport.from_dict(decision_snapshot(dossier, year)["ratios"]).passed


def test_quotite_granted_and_follow_up(client, instructeur, dossier):
    client.force_login(instructeur)
    loan = dossier.loans.get()
    response = client.post(
        url(dossier, "loan_guarantees:quotites"), {f"q{loan.pk}-quotite_granted": "150"}
    )
    assert response.status_code == 400
    response = client.post(
        url(dossier, "loan_guarantees:quotites"), {f"q{loan.pk}-quotite_granted": "45"}
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.quotite == Decimal("45")
    move_to(dossier, "suivi")
    page = client.get(url(dossier)).content.decode()
    assert "garantie accordée" in page
    response = client.post(
        url(dossier, "loan_guarantees:follow_up"),
        {"suivi-loan": loan.pk, "suivi-year": "2026", "suivi-outstanding": "1 150 000,00"},
    )
    assert response.status_code == 302
    response = client.post(
        url(dossier, "loan_guarantees:follow_up"),
        {"suivi-loan": loan.pk, "suivi-year": "2026", "suivi-outstanding": "1 140 000"},
    )
    assert response.status_code == 302, response.context["follow_up_form"].errors
    assert GuaranteeFollowUp.objects.get(loan=loan).outstanding == Decimal("1140000")
    future = (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()
    response = client.post(
        url(dossier, "loan_guarantees:guarantee_claim"),
        {"miseenjeu-loan": loan.pk, "miseenjeu-date": future, "miseenjeu-amount": "10000"},
    )
    assert response.status_code == 400
    response = client.post(
        url(dossier, "loan_guarantees:guarantee_claim"),
        {
            "miseenjeu-loan": loan.pk,
            "miseenjeu-date": timezone.localdate().isoformat(),
            "miseenjeu-amount": "36 470,26",
        },
    )
    assert response.status_code == 302
    assert GuaranteeClaim.objects.get(loan=loan).amount == Decimal("36470.26")


def test_region_figures_edited_by_the_region_only(client, instructeur, animateur):
    client.force_login(animateur)
    page = client.get(reverse("loan_guarantees:region"))
    assert page.status_code == 200
    data = {
        "year": "2026",
        "operating_revenue": "3 575 000 000",
        "own_debt_annuities": "263 000 000",
        "provisions": "0",
    }
    assert client.post(reverse("loan_guarantees:region"), data).status_code == 403
    client.force_login(instructeur)
    assert client.post(reverse("loan_guarantees:region"), data).status_code == 302
    row = RegionFiscalYear.objects.get(year=2026)
    assert row.operating_revenue == Decimal("3575000000")
    data["own_debt_annuities"] = "-1"
    response = client.post(reverse("loan_guarantees:region") + "?annee=2026", data)
    assert response.status_code == 400
    assert "Le montant ne peut pas être négatif." in response.content.decode()


def test_porteur_never_sees_region_screens(client, porteur):
    client.force_login(porteur)
    assert client.get(reverse("loan_guarantees:region")).status_code == 403
    assert client.get(reverse("loan_guarantees:exposure")).status_code == 403


def test_exempt_dossier_report_status(instructeur, dossier):
    from projects.tracking.guarantees.services import ratio_report

    exempt(dossier)
    report = ratio_report(dossier, timezone.localdate().year)
    assert report.check("plafonnement").status == "exempt"
    assert report.check("total_quotites", report.checks[-1].subject).status == "passed"
