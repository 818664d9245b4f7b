"""Bad input on the loan, co-guarantor and Region figure forms: French messages at the field."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.tracking.guarantees.forms import (
    CoGuarantorFormSet,
    LoanForm,
    RegionFiscalYearForm,
)
from projects.tracking.models import Loan

from ..factories import open_guarantee_call
from .factories import guarantee_draft, loan_for, next_year_date

pytestmark = pytest.mark.django_db


def loan_data(**overrides):
    data = {
        "lender": "Crédit Coopératif",
        "purpose": "Construction",
        "amount": "1 200 000,00",
        "duration_months": "300",
        "rate_type": "fixe",
        "index_name": "",
        "index_margin": "",
        "annual_rate": "3,4",
        "profile": "constant_annuity",
        "periodicity": "quarterly",
        "deferral_months": "0",
        "deferral_kind": "partial",
        "first_due_date": next_year_date().isoformat(),
        "quotite_requested": "50",
    }
    data.update(overrides)
    return data


def errors(**overrides):
    call = open_guarantee_call()
    form = LoanForm(loan_data(**overrides), call=call)
    form.is_valid()
    return form.errors


def test_a_valid_loan_with_french_decimals():
    form = LoanForm(loan_data(), call=open_guarantee_call())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1200000.00")
    assert form.cleaned_data["annual_rate"] == Decimal("3.4")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-1000", "Le montant doit être supérieur à zéro."),
        ("amount", "0", "Le montant doit être supérieur à zéro."),
        ("annual_rate", "20,5", "Le taux doit être compris entre −1 % et 20 %."),
        ("annual_rate", "-1,5", "Le taux doit être compris entre −1 % et 20 %."),
        ("duration_months", "0", "La durée doit être comprise entre 1 mois et 50 ans."),
        ("duration_months", "601", "La durée doit être comprise entre 1 mois et 50 ans."),
        ("duration_months", "301", "La durée doit être un multiple de la périodicité (3 mois)."),
        ("deferral_months", "300", "Le différé doit être plus court que la durée du prêt."),
        ("quotite_requested", "120", "La quotité doit être comprise entre 0 % et 100 %."),
        ("quotite_requested", "-5", "La quotité doit être comprise entre 0 % et 100 %."),
    ],
)
def test_bad_loan_terms_are_refused_at_the_field(field, value, message):
    assert message in errors(**{field: value})[field]


def test_amount_with_more_than_two_decimals():
    assert "amount" in errors(amount="1000,123")


def test_indexed_rate_needs_index_and_margin():
    found = errors(rate_type="indexe")
    assert found["index_name"] == ["Indiquez l'index d'un prêt à taux indexé."]
    assert found["index_margin"] == ["Indiquez la marge d'un prêt à taux indexé."]


def test_first_due_date_of_a_new_loan_cannot_be_past():
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert errors(first_due_date=yesterday)["first_due_date"] == [
        "La première échéance d'un nouveau prêt ne peut pas être passée."
    ]


def test_first_due_date_cannot_precede_the_call():
    now = timezone.now()
    call = open_guarantee_call(
        opens_at=now + timedelta(days=20), closes_at=now + timedelta(days=90)
    )
    before_call = (timezone.localdate() + timedelta(days=5)).isoformat()
    form = LoanForm(loan_data(first_due_date=before_call), call=call)
    assert not form.is_valid()
    assert "ne peut pas précéder l'ouverture de l'appel" in form.errors["first_due_date"][0]


def test_an_unchanged_past_due_date_of_a_stored_loan_is_kept():
    application = guarantee_draft()
    loan = loan_for(application, first_due_date=datetime.date(2024, 12, 31))
    data = loan_data(first_due_date="2024-12-31", amount="100000", annual_rate="3")
    form = LoanForm(data, instance=loan)
    assert form.is_valid(), form.errors


def cog_data(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (name, quotite, local) in enumerate(rows):
        data[f"{prefix}-{index}-name"] = name
        data[f"{prefix}-{index}-quotite"] = quotite
        if local:
            data[f"{prefix}-{index}-local_authority"] = "on"
    return data


def test_sum_of_quotites_above_100_is_refused():
    formset = CoGuarantorFormSet(
        cog_data("cog", [("Commune", "40", True), ("Département", "20,5", True)]),
        instance=Loan(),
        prefix="cog",
    )
    formset.region_quotite = Decimal("50")
    assert not formset.is_valid()
    assert formset.non_form_errors() == [
        "Le total des quotités de la Région et des co-garants (110,50 %) dépasse 100 % du prêt."
    ]


def test_sum_of_quotites_at_100_passes():
    formset = CoGuarantorFormSet(
        cog_data("cog", [("Commune", "50", True)]), instance=Loan(), prefix="cog"
    )
    formset.region_quotite = Decimal("50")
    assert formset.is_valid(), formset.errors


def test_region_figures_validation():
    form = RegionFiscalYearForm(
        {"year": "1999", "operating_revenue": "-3", "own_debt_annuities": "-1", "provisions": "0"}
    )
    assert not form.is_valid()
    assert form.errors["year"] == ["Indiquez un exercice entre 2000 et 2100."]
    assert form.errors["operating_revenue"] == ["Le montant doit être supérieur à zéro."]
    assert form.errors["own_debt_annuities"] == ["Le montant ne peut pas être négatif."]
    form = RegionFiscalYearForm(
        {
            "year": "2026",
            "operating_revenue": "3 500 000 000",
            "own_debt_annuities": "250 000 000,50",
            "provisions": "0",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["own_debt_annuities"] == Decimal("250000000.50")


def test_model_validation_messages_are_french():
    from django.core.exceptions import ValidationError

    application = guarantee_draft()
    loan = Loan(
        application=application,
        lender="Banque",
        purpose="Travaux",
        amount=Decimal("-5"),
        duration_months=0,
        annual_rate=Decimal("25"),
        first_due_date=next_year_date(),
        quotite_requested=Decimal("120"),
    )
    with pytest.raises(ValidationError) as raised:
        loan.full_clean()
    errors = raised.value.message_dict
    assert errors["amount"] == ["Le montant doit être supérieur à zéro."]
    assert errors["duration_months"] == ["La durée doit être comprise entre 1 mois et 50 ans."]
    assert errors["annual_rate"] == ["Le taux doit être compris entre −1 % et 20 %."]
    assert errors["quotite_requested"] == ["La quotité doit être comprise entre 0 % et 100 %."]
