"""The Region's exposure dashboard: totals equal the pure module's, « avec ce dossier »,
XLSX export, permissions and a flat number of queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from openpyxl import load_workbook

from projects.tracking.guarantees.finance import exposure
from projects.tracking.models import (
    Application,
    CallStage,
    GuaranteeClaim,
    GuaranteeFollowUp,
    Loan,
)
from tests.factories import OrganisationFactory
from tests.projects.factories import ProjectPageFactory

from ..factories import open_guarantee_call
from .factories import grant, guarantee_submitted, loan_for

pytestmark = pytest.mark.django_db

URL = reverse("loan_guarantees:exposure")


@pytest.fixture
def guarantees():
    call = open_guarantee_call()
    granted_by_decision = guarantee_submitted(call, stage_code="commission-permanente")
    loan_for(granted_by_decision, amount=Decimal("1200000.00"), duration_months=300)
    loan_for(granted_by_decision, amount=Decimal("250000.00"), quotite_requested=Decimal("25"))
    grant(granted_by_decision)
    at_suivi = guarantee_submitted(call, stage_code="suivi", departement="34")
    loan = loan_for(at_suivi, amount=Decimal("640000.00"), profile="in_fine", duration_months=120)
    GuaranteeFollowUp.objects.create(loan=loan, year=2025, outstanding=Decimal("633333.33"))
    GuaranteeClaim.objects.create(loan=loan, date=datetime.date(2025, 6, 1), amount=Decimal("4321"))
    under_instruction = guarantee_submitted(call, stage_code="instruction")
    loan_for(under_instruction, amount=Decimal("480000.00"))
    withdrawn = guarantee_submitted(call, stage_code="engagement")
    loan_for(withdrawn, amount=Decimal("999999.00"))
    Application.objects.filter(pk=withdrawn.pk).update(outcome="abandon")
    return granted_by_decision, at_suivi, under_instruction


def expected(applications, under_instruction=None):
    start = timezone.localdate().year
    granted = []
    for application in applications:
        decision = getattr(application, "decision", None)
        for loan in application.loans.all():
            granted.append(
                loan.guaranteed_loan(start_year=decision.date.year if decision else None)
            )
    extra = (
        [loan.guaranteed_loan() for loan in under_instruction.loans.all()]
        if under_instruction
        else None
    )
    return exposure(granted, start, 30, application_loans=extra)


def test_totals_equal_the_pure_module(client, instructeur, guarantees):
    granted_by_decision, at_suivi, _under = guarantees
    client.force_login(instructeur)
    response = client.get(URL)
    assert response.status_code == 200
    result = response.context["data"]["exposure"]
    assert result == expected([granted_by_decision, at_suivi])
    assert len(result.years) == 30
    page = response.content.decode()
    first = result.years[0]
    assert f"{number_format(first.outstanding, 2, force_grouping=True)}\N{NO-BREAK SPACE}€" in page
    assert "<svg" in page and 'id="exposition-table"' in page
    assert (
        f"{number_format(Decimal('633333.33'), 2, force_grouping=True)}\N{NO-BREAK SPACE}€ (2025)"
        in page
    )
    assert f"{number_format(Decimal('4321'), 2, force_grouping=True)}\N{NO-BREAK SPACE}€" in page
    assert "34" in [code for code, _series in response.context["data"]["by_departement"]]
    by_departement = dict(response.context["by_departement"])
    assert all(len(series) == 4 for series in by_departement.values())
    assert sum(series[0].outstanding for series in by_departement.values()) == first.outstanding
    assert sum(series[0].annuities for series in by_departement.values()) == first.annuities


def test_with_a_dossier_under_instruction(client, instructeur, guarantees):
    granted_by_decision, at_suivi, under = guarantees
    client.force_login(instructeur)
    response = client.get(URL, {"dossier": under.pk})
    assert response.status_code == 200
    result = response.context["data"]["exposure"]
    assert result == expected([granted_by_decision, at_suivi], under_instruction=under)
    assert result.with_application[0].outstanding > result.years[0].outstanding
    assert "Capital restant dû avec ce dossier" in response.content.decode()
    assert client.get(URL, {"dossier": "abc"}).status_code == 404


def test_xlsx_parses_back(client, instructeur, guarantees):
    granted_by_decision, at_suivi, under = guarantees
    client.force_login(instructeur)
    response = client.get(reverse("loan_guarantees:exposure_xlsx"), {"dossier": under.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    rows = list(workbook["Exposition"].iter_rows(min_row=2, values_only=True))
    result = expected([granted_by_decision, at_suivi], under_instruction=under)
    assert len(rows) == 30
    for row, year, added in zip(rows, result.years, result.with_application, strict=True):
        assert row[0] == year.year
        assert Decimal(str(row[1])) == year.outstanding
        assert Decimal(str(row[2])) == year.annuities
        assert Decimal(str(row[3])) == added.outstanding
    loans = list(workbook["Prêts garantis"].iter_rows(min_row=2, values_only=True))
    assert len(loans) == 3


def test_applicants_never_see_the_exposure(client, guarantees):
    granted_by_decision, _at_suivi, _under = guarantees
    client.force_login(granted_by_decision.project.team.members.first())
    assert client.get(URL).status_code == 403
    assert client.get(reverse("loan_guarantees:exposure_xlsx")).status_code == 403


def _seed(call, count):
    stage = CallStage.objects.get(call=call, code="suivi")
    organisation = OrganisationFactory()
    start = Application.objects.filter(call=call).count()
    for index in range(start, start + count):
        application = Application.objects.create(
            call=call,
            project=ProjectPageFactory(),
            organisation=organisation if index % 2 else OrganisationFactory(),
            stage=stage,
            number=index + 1,
            reference=f"GAR-{call.year}-{index + 1:03d}",
            departement=["31", "34", "12"][index % 3],
        )
        loan = loan_for(application, co_guarantors=[("Commune", Decimal("10"), True)])
        Loan.objects.filter(pk=loan.pk).update(quotite_granted=Decimal("50"))


def test_flat_query_count_with_fixture(client, instructeur, django_assert_max_num_queries):
    call = open_guarantee_call()
    _seed(call, 10)
    client.force_login(instructeur)
    client.get(URL)
    with CaptureQueriesContext(connection) as ten:
        client.get(URL)
    _seed(call, 90)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(URL)
    assert len(response.context["data"]["rows"]) == 100
    with django_assert_max_num_queries(len(ten.captured_queries)):
        client.get(reverse("loan_guarantees:exposure_xlsx"))
