import dataclasses
import datetime
from decimal import Decimal as D

import pytest

from projects.tracking.guarantees.finance import (
    DEFAULT_HORIZON_YEARS,
    ApplicationLoan,
    GuaranteedLoan,
    LoanTerms,
    Periodicity,
    Profile,
    RegionFigures,
    amortisation_schedule,
    check_application,
    exposure,
    exposure_by,
    exposure_by_borrower,
    exposure_by_departement,
    guaranteed,
    guaranteed_part,
)


def reference_schedule():
    """100,000 € over 20 years at 3 %, yearly, first due date 30 June 2026."""
    return amortisation_schedule(
        LoanTerms(
            amount=D("100000"),
            duration_months=240,
            annual_rate=D("3"),
            first_due_date=datetime.date(2026, 6, 30),
        )
    )


def straight_schedule(amount, years, first_year, periodicity=Periodicity.YEARLY):
    """Interest-free, constant amortisation: easy to check by hand."""
    return amortisation_schedule(
        LoanTerms(
            amount=D(amount),
            duration_months=12 * years,
            annual_rate=D("0"),
            first_due_date=datetime.date(first_year, 12, 1),
            profile=Profile.CONSTANT_AMORTISATION,
            periodicity=periodicity,
        )
    )


def test_guaranteed_share_is_rounded_half_up_once_per_year():
    assert guaranteed(D("6721.57"), D("50")) == D("3360.79")  # 3,360.785
    years = guaranteed_part(reference_schedule(), D("50"))
    assert len(years) == 20
    first = years[0]
    assert (first.year, first.annuities, first.interest, first.principal, first.outstanding) == (
        2026,
        D("3360.79"),
        D("1500.00"),
        D("1860.79"),  # 3,721.57 / 2 = 1,860.785
        D("48139.22"),  # 96,278.43 / 2 = 48,139.215
    )
    assert years[-1].outstanding == D("0.00")
    assert guaranteed_part(reference_schedule(), D("0"))[0].annuities == D("0.00")
    assert guaranteed_part(reference_schedule(), D("100"))[0].annuities == D("6721.57")


@pytest.mark.parametrize("quotite", [D("-0.01"), D("100.01")])
def test_quotite_outside_0_100_is_refused(quotite):
    with pytest.raises(ValueError, match="entre 0 % et 100 %"):
        guaranteed_part(reference_schedule(), quotite)
    with pytest.raises(ValueError, match="entre 0 % et 100 %"):
        GuaranteedLoan(schedule=reference_schedule(), quotite=quotite)


def test_guaranteed_loan_before_during_and_after_its_schedule():
    loan = GuaranteedLoan(schedule=reference_schedule(), quotite=D("50"))
    assert loan.guaranteed_amount == D("50000.00")
    assert loan.outstanding_at_end_of(2025) == D("50000.00")  # signed, not yet repaying
    assert loan.annuities_in(2025) == D("0.00")
    assert loan.outstanding_at_end_of(2026) == D("48139.22")
    assert loan.annuities_in(2026) == D("3360.79")
    assert loan.outstanding_at_end_of(2046) == D("0.00")
    assert loan.annuities_in(2046) == D("0.00")
    assert loan.first_full_annuity == D("3360.79")
    later = GuaranteedLoan(schedule=reference_schedule(), quotite=D("50"), start_year=2026)
    assert later.outstanding_at_end_of(2025) == D("0.00")


def test_exposure_sums_the_guarantees_over_30_years_by_default():
    granted = [
        GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"), "A", "31"),
        GuaranteedLoan(straight_schedule(4000, 2, 2026), D("25"), "B", "34"),
    ]
    result = exposure(granted, start_year=2025)
    assert len(result.years) == DEFAULT_HORIZON_YEARS
    assert result.with_application is None
    assert [(y.year, y.outstanding, y.annuities) for y in result.years[:4]] == [
        # A: 1,000 a year from 2025 at 50 %; B: 2,000 a year in 2026-27 at 25 %.
        (2025, D("4500.00") + D("1000.00"), D("500.00")),
        (2026, D("4000.00") + D("500.00"), D("500.00") + D("500.00")),
        (2027, D("3500.00") + D("0.00"), D("500.00") + D("500.00")),
        (2028, D("3000.00"), D("500.00")),
    ]
    assert result.years[-1] == result.year(2054)
    assert result.year(2054).outstanding == D("0.00")


def test_exposure_with_an_application_shows_both_series():
    granted = [GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"))]
    application_loans = [
        GuaranteedLoan(straight_schedule(20000, 20, 2027, Periodicity.QUARTERLY), D("40")),
    ]
    result = exposure(granted, start_year=2026, years=3, application_loans=application_loans)
    assert [(y.outstanding, y.annuities) for y in result.years] == [
        (D("4000.00"), D("500.00")),
        (D("3500.00"), D("500.00")),
        (D("3000.00"), D("500.00")),
    ]
    # The application: 8,000 guaranteed, 250 a quarter from 1 Dec 2027 → 1 payment in 2027.
    assert [(y.year, y.outstanding, y.annuities) for y in result.with_application] == [
        (2026, D("4000.00") + D("8000.00"), D("500.00")),
        (2027, D("3500.00") + D("7900.00"), D("500.00") + D("100.00")),
        (2028, D("3000.00") + D("7500.00"), D("500.00") + D("400.00")),
    ]
    assert exposure(granted, 2026, years=3, application_loans=[]).with_application == result.years


def test_exposure_of_nothing_is_zero_and_horizon_must_be_positive():
    assert exposure([], 2025, years=2).years[0].outstanding == D("0.00")
    with pytest.raises(ValueError):
        exposure([], 2025, years=0)


def test_exposure_grouped_by_borrower_and_departement():
    granted = [
        GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"), "coop-a", "31"),
        GuaranteedLoan(straight_schedule(6000, 3, 2025), D("50"), "coop-b", "31"),
        GuaranteedLoan(straight_schedule(2000, 2, 2025), D("100"), "coop-a", "34"),
    ]
    by_borrower = exposure_by_borrower(granted, 2025, years=2)
    assert list(by_borrower) == ["coop-a", "coop-b"]
    assert [(y.outstanding, y.annuities) for y in by_borrower["coop-a"]] == [
        (D("4500.00") + D("1000.00"), D("500.00") + D("1000.00")),
        (D("4000.00"), D("500.00") + D("1000.00")),
    ]
    by_departement = exposure_by_departement(granted, 2025, years=1)
    assert by_departement["31"][0].outstanding == D("4500.00") + D("2000.00")
    assert by_departement["34"][0].outstanding == D("1000.00")
    # The groups add up to the whole.
    whole = exposure(granted, 2025, years=2).years
    for index, row in enumerate(whole):
        assert row.outstanding == sum(s[index].outstanding for s in by_borrower.values())
        assert row.annuities == sum(s[index].annuities for s in by_borrower.values())
    by_label = exposure_by(granted, lambda loan: loan.quotite, 2025, years=1)
    assert set(by_label) == {D("50"), D("100")}


def test_a_guarantee_counts_from_its_start_year_included():
    # 10,000 € interest-free over 10 years, 1,000 € repaid each 1 December from 2025;
    # guaranteed at 50 % from 2026 only: nothing in 2025, then 500 € a year.
    loan = GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"), start_year=2026)
    assert loan.annuities_in(2025) == D("0.00")
    assert loan.outstanding_at_end_of(2025) == D("0.00")
    # The start year itself counts: 50 % of the 1,000 € paid and of the 8,000 € left.
    assert loan.annuities_in(2026) == D("500.00")
    assert loan.outstanding_at_end_of(2026) == D("4000.00")
    assert loan.annuities_in(2027) == D("500.00")
    assert loan.outstanding_at_end_of(2027) == D("3500.00")
    assert [
        (y.year, y.outstanding, y.annuities) for y in exposure([loan], 2025, years=3).years
    ] == [
        (2025, D("0.00"), D("0.00")),
        (2026, D("4000.00"), D("500.00")),
        (2027, D("3500.00"), D("500.00")),
    ]


def test_a_guarantee_without_start_year_counts_from_the_schedule():
    loan = GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"))
    # 50 % of 1,000 € repaid in 2025 and of the 9,000 € left on 31 December 2025.
    assert (loan.annuities_in(2025), loan.outstanding_at_end_of(2025)) == (
        D("500.00"),
        D("4500.00"),
    )


@pytest.mark.parametrize("years", [0, -1])
def test_horizon_must_be_positive_for_every_view(years):
    with pytest.raises(ValueError, match="years must be positive"):
        exposure([], 2025, years=years)
    with pytest.raises(ValueError, match="years must be positive"):
        exposure_by([], lambda loan: loan.borrower, 2025, years=years)
    with pytest.raises(ValueError, match="years must be positive"):
        exposure_by_borrower([], 2025, years=years)


def test_a_horizon_of_one_year_is_accepted():
    loan = GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"), "coop-a", "31")
    # 50 % of 9,000 € outstanding and of 1,000 € repaid in 2025.
    assert [
        (y.year, y.outstanding, y.annuities) for y in exposure([loan], 2025, years=1).years
    ] == [(2025, D("4500.00"), D("500.00"))]
    assert [(y.year, y.outstanding) for y in exposure_by_borrower([loan], 2025, 1)["coop-a"]] == [
        (2025, D("4500.00"))
    ]
    assert [(y.year, y.outstanding) for y in exposure_by_departement([loan], 2025, 1)["31"]] == [
        (2025, D("4500.00"))
    ]


def test_the_figures_are_immutable():
    loan = GuaranteedLoan(straight_schedule(10000, 10, 2025), D("50"))
    year = guaranteed_part(loan.schedule, D("50"))[0]
    result = exposure([loan], 2025, years=1)
    for value, name in (
        (loan, "quotite"),
        (year, "annuities"),
        (result, "years"),
        (result.years[0], "outstanding"),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, name, D("0"))


@pytest.mark.parametrize(
    ("start_year", "counted"),
    [(None, D("500.00")), (2024, D("500.00")), (2025, D("500.00")), (2026, D("0.00"))],
)
def test_ratios_1_and_2_count_a_guarantee_from_its_start_year(start_year, counted):
    # The granted loan repays 1,000 € on 1 December 2025, 50 % guaranteed: 500 € count in
    # 2025 unless the guarantee only takes effect in 2026.
    granted = GuaranteedLoan(
        straight_schedule(10000, 10, 2025), D("50"), "coop-a", start_year=start_year
    )
    # The application's loan, same borrower: first full annuity 2,000 € × 50 % = 1,000 €.
    loans = [ApplicationLoan(GuaranteedLoan(straight_schedule(20000, 10, 2027), D("50"), "coop-a"))]
    figures = RegionFigures(2025, D("1000000"), D("300000"))
    result = check_application(figures=figures, granted=[granted], loans=loans)
    plafonnement = result.check("plafonnement")
    assert plafonnement.figure("granted_annuities").value == counted
    assert plafonnement.value == counted + D("1000.00") + D("300000")
    division = result.check("division_du_risque")
    assert division.figure("borrower_granted_annuities").value == counted
    assert division.value == counted + D("1000.00")
