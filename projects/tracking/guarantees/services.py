"""Reads and writes of the loan guarantee screens: the models handed over to the pure
computations of :mod:`.finance`, in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from labo.core.formats import NO_VALUE, euros

from ..models import (
    Decision,
    GuaranteeClaim,
    GuaranteeDetails,
    GuaranteeFollowUp,
    GuaranteeRatioSnapshot,
    Loan,
    RegionFiscalYear,
    granted_guarantees,
)
from .finance import (
    ApplicationLoan,
    Exemption,
    GuaranteedLoan,
    RatioReport,
    RegionFigures,
    check_application,
    exposure,
    exposure_by_borrower,
    exposure_by_departement,
)
from .finance import (
    CoGuarantor as CoGuarantorTerms,
)
from .models import borrower_key

HORIZON = 30


def details_of(application) -> GuaranteeDetails:
    """The application's guarantee details; unsaved (nothing written on a GET) if none yet."""
    details = GuaranteeDetails.objects.filter(application=application).first()
    return details or GuaranteeDetails(application=application)


def loans_of(application) -> list[Loan]:
    loans = list(application.loans.prefetch_related("co_guarantors"))
    for loan in loans:
        loan.application = application
    return loans


def exemption_of(application) -> Exemption | None:
    details = GuaranteeDetails.objects.filter(application=application).first()
    if details is None or not details.exemption_kind or not details.exemption_reason.strip():
        return None
    return Exemption(kind=details.exemption_kind, reason=details.exemption_reason)


def start_year_of(application) -> int | None:
    decision = getattr(application, "decision", None)
    return decision.date.year if decision is not None else None


def granted_applications():
    return (
        granted_guarantees()
        .select_related("organisation", "decision", "project", "stage")
        .prefetch_related("loans__co_guarantors", "loans__follow_ups", "loans__guarantee_claims")
        .order_by("pk")
    )


@dataclass
class GrantedLoan:
    loan: Loan
    guaranteed: GuaranteedLoan

    @property
    def current_outstanding(self):
        return self.guaranteed.outstanding_at_end_of(timezone.localdate().year)

    @property
    def last_follow_up(self):
        """The latest outstanding declared by the borrower (prefetched)."""
        return max(self.loan.follow_ups.all(), key=lambda f: f.year, default=None)

    @property
    def claimed_amount(self):
        return sum((claim.amount for claim in self.loan.guarantee_claims.all()), Decimal(0))


def granted_loans(exclude_application=None) -> list[GrantedLoan]:
    """Every loan under a granted guarantee (three queries whatever their number)."""
    rows = []
    for application in granted_applications():
        if exclude_application is not None and application.pk == exclude_application.pk:
            continue
        for loan in application.loans.all():
            loan.application = application
            guaranteed = loan.guaranteed_loan(start_year=start_year_of(application))
            if guaranteed is not None:
                rows.append(GrantedLoan(loan, guaranteed))
    return rows


def region_figures(year: int) -> RegionFigures:
    row = RegionFiscalYear.objects.filter(year=year).first()
    if row is None:
        return RegionFigures(year=year, operating_revenue=None, own_debt_annuities=None)
    return RegionFigures(
        year=year,
        operating_revenue=row.operating_revenue,
        own_debt_annuities=row.own_debt_annuities,
        provisions=row.provisions,
    )


def application_loans(loans, amenagement=False) -> list[ApplicationLoan]:
    items = []
    for loan in loans:
        guaranteed = loan.guaranteed_loan()
        if guaranteed is None:
            continue
        items.append(
            ApplicationLoan(
                loan=guaranteed,
                co_guarantors=tuple(
                    CoGuarantorTerms(
                        name=co.name, quotite=co.quotite, local_authority=co.local_authority
                    )
                    for co in loan.co_guarantors.all()
                ),
                amenagement=amenagement,
            )
        )
    return items


def ratio_report(application, year: int, loans=None) -> RatioReport | None:
    """The L4253-1 checks of ``application`` for exercise ``year`` (None without loans)."""
    loans = loans if loans is not None else loans_of(application)
    details = GuaranteeDetails.objects.filter(application=application).first()
    items = application_loans(loans, amenagement=bool(details and details.amenagement))
    if not items:
        return None
    return check_application(
        figures=region_figures(year),
        granted=[row.guaranteed for row in granted_loans(exclude_application=application)],
        loans=items,
        exemption=exemption_of(application),
    )


def decision_snapshot(application, year: int | None = None) -> dict:
    """What to merge into ``snapshot=`` of ``workflow.record_decision`` for a guarantee:
    ``{"ratios": …}``, the report frozen for the committee if staff froze one (the latest),
    else the report computed now for ``year`` (the current exercise by default)."""
    if year is None:
        frozen = application.ratio_snapshots.first()
        if frozen is not None:
            return {"ratios": frozen.report}
    report = ratio_report(application, year or timezone.localdate().year)
    return {"ratios": report.to_dict()} if report is not None else {}


@transaction.atomic
def freeze_ratios(application, user, year: int) -> GuaranteeRatioSnapshot | None:
    """Freeze the ratio report as the committee sees it. If the decision is already
    recorded without ratios, they are copied into ``Decision.snapshot`` too."""
    report = ratio_report(application, year)
    if report is None:
        return None
    data = report.to_dict()
    snapshot = GuaranteeRatioSnapshot.objects.create(
        application=application, report=data, frozen_by=user
    )
    decision = Decision.objects.select_for_update().filter(application=application).first()
    if decision is not None and "ratios" not in (decision.snapshot or {}):
        decision.snapshot = {**(decision.snapshot or {}), "ratios": data}
        decision.save(update_fields=["snapshot"])
    return snapshot


@transaction.atomic
def save_loans(operation_form, loan_formset, co_guarantor_formsets) -> None:
    """The team's loans screen, validated, in one transaction: the operation's details, the
    loans, then the co-guarantors of each loan kept (``co_guarantor_formsets`` follow
    ``loan_formset.forms``; a new loan's formset gets its instance once the loan is saved)."""
    operation_form.save()
    loan_formset.save()
    for form, co_guarantors in zip(loan_formset.forms, co_guarantor_formsets, strict=True):
        if form.instance.pk and not loan_formset._should_delete_form(form):
            co_guarantors.instance = form.instance
            co_guarantors.save()


def set_exemption(application, user, *, kind, reason, amenagement) -> GuaranteeDetails:
    """Flag (or clear, with an empty ``kind``) the exemption from the ratios; who set it
    and when are kept only while an exemption stands."""
    details = details_of(application)
    details.exemption_kind = kind
    details.exemption_reason = reason
    details.amenagement = amenagement
    details.exemption_set_by = user if kind else None
    details.exemption_set_at = timezone.now() if kind else None
    details.save()
    return details


@transaction.atomic
def set_quotites(granted: dict[Loan, Decimal | None]) -> None:
    """The quotités the Region grants, loan by loan (None clears one), all or none."""
    for loan, quotite in granted.items():
        loan.quotite_granted = quotite
        loan.save(update_fields=["quotite_granted"])


def record_follow_up(loan, user, *, year: int, outstanding: Decimal) -> GuaranteeFollowUp:
    """The outstanding declared for ``year``; declaring a year again replaces its figure."""
    follow_up, _created = GuaranteeFollowUp.objects.update_or_create(
        loan=loan, year=year, defaults={"outstanding": outstanding, "recorded_by": user}
    )
    return follow_up


def record_claim(loan, user, *, date, amount: Decimal, comment: str = "") -> GuaranteeClaim:
    return GuaranteeClaim.objects.create(
        loan=loan, date=date, amount=amount, comment=comment, recorded_by=user
    )


def save_region_figures(form, user) -> RegionFiscalYear:
    """The Region's figures of one exercise as typed by staff: no longer demo values."""
    row = form.save(commit=False)
    row.updated_by = user
    row.is_demo = False
    row.save()
    return row


def frozen_report(application) -> tuple[RatioReport | None, object]:
    """The report the committee saw: from the decision if there, else the latest freeze."""
    decision = Decision.objects.filter(application=application).first()
    if decision is not None and (decision.snapshot or {}).get("ratios"):
        return RatioReport.from_dict(decision.snapshot["ratios"]), decision
    snapshot = application.ratio_snapshots.first()
    if snapshot is not None:
        return RatioReport.from_dict(snapshot.report), snapshot
    return None, None


def exposure_data(start_year: int, application=None, years: int = HORIZON):
    """Exposure of the Region, totals per borrower and département, and with ``application``
    (under instruction) added when given: « avec ce dossier »."""
    rows = granted_loans(exclude_application=application)
    granted = [row.guaranteed for row in rows]
    added = None
    if application is not None:
        added = [g for g in (loan.guaranteed_loan() for loan in loans_of(application)) if g]
    total = exposure(granted, start_year, years, application_loans=added)
    names = {}
    for row in rows:
        borrower = row.loan.application
        names[borrower_key(borrower)] = (
            borrower.organisation.name if borrower.organisation else str(borrower)
        )
    return {
        "rows": rows,
        "exposure": total,
        "by_borrower": [
            (names.get(key, key), series)
            for key, series in exposure_by_borrower(granted, start_year, years).items()
        ],
        "by_departement": sorted(
            exposure_by_departement(granted, start_year, years).items(), key=lambda kv: kv[0]
        ),
    }


def is_granted(application) -> bool:
    return granted_guarantees().filter(pk=application.pk).exists()


def format_amount(value, unit="EUR") -> str:
    """French display of a figure: « 1 234 567,89 € », « 48,50 % », « — » when unknown."""
    if str(unit) != "%":
        return euros(value)
    if value is None:
        return NO_VALUE
    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)} %"


def report_for_display(report: RatioReport) -> dict:
    """A RatioReport with its figures formatted, for the templates."""
    return {
        "status": report.status,
        "status_label": report.status.label,
        "year": report.year,
        "exemption": report.exemption,
        "checks": [
            {
                "code": check.code,
                "label": check.label,
                "subject": check.subject,
                "legal_basis": check.legal_basis,
                "status": check.status.value,
                "status_label": check.status.label,
                "note": check.note,
                "figures": [(f.label, format_amount(f.value, f.unit)) for f in check.figures],
                "value": format_amount(check.value, check.unit),
                "limit": format_amount(check.limit, check.unit),
            }
            for check in report.checks
        ],
    }
