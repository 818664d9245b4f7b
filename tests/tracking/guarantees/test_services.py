"""The writes of the guarantee screens, as services: what each one records beyond the form's
fields (who, when, demo or not) and what it leaves alone."""

import datetime
from decimal import Decimal

import pytest

from projects.tracking.guarantees import services
from projects.tracking.guarantees.forms import RegionFiscalYearForm
from projects.tracking.models import GuaranteeClaim, GuaranteeDetails, GuaranteeFollowUp, Loan

from .factories import guarantee_submitted, loan_for, region_year

pytestmark = pytest.mark.django_db


def test_an_exemption_keeps_who_set_it_until_it_is_lifted(instructeur):
    application = guarantee_submitted()
    services.set_exemption(
        application, instructeur, kind="hlm", reason="Office public", amenagement=True
    )
    details = GuaranteeDetails.objects.get(application=application)
    assert (details.exemption_kind, details.exemption_reason) == ("hlm", "Office public")
    assert details.amenagement is True
    assert details.exemption_set_by == instructeur
    assert details.exemption_set_at is not None
    services.set_exemption(application, instructeur, kind="", reason="", amenagement=True)
    details.refresh_from_db()
    assert details.exemption_kind == ""
    assert details.exemption_set_by is None
    assert details.exemption_set_at is None
    assert GuaranteeDetails.objects.filter(application=application).count() == 1


def test_granting_quotites_leaves_the_rest_of_the_loan_alone():
    application = guarantee_submitted()
    first, second = loan_for(application), loan_for(application)
    # Someone corrects the lender after the staff page was loaded.
    Loan.objects.filter(pk=first.pk).update(lender="Banque des Territoires")
    services.set_quotites({first: Decimal("45"), second: None})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.quotite_granted == Decimal("45")
    assert first.lender == "Banque des Territoires"
    assert second.quotite_granted is None


def test_declaring_a_year_again_replaces_its_outstanding(instructeur, animateur):
    loan = loan_for(guarantee_submitted())
    services.record_follow_up(loan, animateur, year=2026, outstanding=Decimal("90000"))
    services.record_follow_up(loan, instructeur, year=2026, outstanding=Decimal("85000"))
    follow_up = GuaranteeFollowUp.objects.get(loan=loan)
    assert (follow_up.outstanding, follow_up.recorded_by) == (Decimal("85000"), instructeur)


def test_a_claim_is_recorded_with_who_recorded_it(instructeur):
    loan = loan_for(guarantee_submitted())
    claim = services.record_claim(
        loan, instructeur, date=datetime.date(2026, 2, 1), amount=Decimal("1234.50")
    )
    assert GuaranteeClaim.objects.get() == claim
    assert (claim.amount, claim.comment, claim.recorded_by) == (Decimal("1234.50"), "", instructeur)
    assert list(loan.guarantee_claims.all()) == [claim]


def test_region_figures_typed_by_staff_are_no_longer_demo_values(instructeur):
    row = region_year(2026)
    row.is_demo = True
    row.save()
    form = RegionFiscalYearForm(
        {
            "year": "2026",
            "operating_revenue": "3600000000",
            "own_debt_annuities": "260000000",
            "provisions": "0",
        },
        instance=row,
    )
    assert form.is_valid(), form.errors
    saved = services.save_region_figures(form, instructeur)
    saved.refresh_from_db()
    assert saved.pk == row.pk
    assert saved.operating_revenue == Decimal("3600000000")
    assert (saved.is_demo, saved.updated_by) == (False, instructeur)
