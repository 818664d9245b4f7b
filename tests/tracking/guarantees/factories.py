"""Guarantee dossiers with loans, for the loan guarantee tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from projects.tracking.models import (
    CallStage,
    CoGuarantor,
    Decision,
    GuaranteeDetails,
    Loan,
    RegionFiscalYear,
)
from tests.factories import OrganisationFactory

from ..factories import draft_application, open_guarantee_call, submitted_application


def next_year_date(month=3, day=31):
    return datetime.date(timezone.localdate().year + 1, month, day)


def loan_for(application, **fields):
    values = {
        "lender": "Crédit Coopératif <script>alert(1)</script>",
        "purpose": "Construction",
        "amount": Decimal("100000.00"),
        "duration_months": 240,
        "annual_rate": Decimal("3"),
        "profile": "constant_annuity",
        "periodicity": "yearly",
        "first_due_date": next_year_date(),
        "quotite_requested": Decimal("50"),
    }
    values.update(fields)
    co_guarantors = values.pop("co_guarantors", ())
    loan = Loan.objects.create(application=application, **values)
    for name, quotite, local in co_guarantors:
        CoGuarantor.objects.create(loan=loan, name=name, quotite=quotite, local_authority=local)
    return loan


def guarantee_draft(call=None, **fields):
    call = call or open_guarantee_call()
    fields.setdefault("organisation", OrganisationFactory())
    return draft_application(call, **fields)


def guarantee_submitted(call=None, stage_code=None, **fields):
    call = call or open_guarantee_call()
    fields.setdefault("organisation", OrganisationFactory())
    application = submitted_application(call, **fields)
    if stage_code:
        move_to(application, stage_code)
    return application


def move_to(application, code):
    application.stage = CallStage.objects.get(call=application.call, code=code)
    application.save(update_fields=["stage"])
    return application


def grant(application, user=None, year=None):
    return Decision.objects.create(
        application=application,
        body=Decision.Body.STANDING_COMMITTEE,
        result=Decision.Result.GRANTED,
        date=datetime.date(year or timezone.localdate().year, 1, 15),
        deliberation_number="CP-TEST",
        decided_by=user,
    )


def region_year(year=None, revenue="3500000000.00", debt="250000000.00"):
    return RegionFiscalYear.objects.create(
        year=year or timezone.localdate().year,
        operating_revenue=Decimal(revenue) if revenue else None,
        own_debt_annuities=Decimal(debt) if debt else None,
    )


def exempt(application, kind="hlm", reason="Opération d'un office public de l'habitat"):
    details, _ = GuaranteeDetails.objects.get_or_create(application=application)
    details.exemption_kind = kind
    details.exemption_reason = reason
    details.save()
    return details
