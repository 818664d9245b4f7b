"""Schedules against hand-computed references, to the cent, and invariants over many terms.

References were computed with exact fractions (``P × r / (1 − (1 + r) ** −n)``) and the
period rows by hand: interest = outstanding × periodic rate, rounded half up.
"""

import datetime
import itertools
from decimal import Decimal as D

import pytest

from projects.tracking.guarantees.finance import (
    DeferralKind,
    InvalidLoanTerms,
    LoanTerms,
    Periodicity,
    Profile,
    RateConvention,
    add_months,
    amortisation_schedule,
    constant_annuity,
    indexed_rate,
    loan_terms_errors,
    periodic_rate,
    round_cents,
)

JAN_31 = datetime.date(2026, 1, 31)


def schedule(**kwargs):
    kwargs.setdefault("first_due_date", datetime.date(2026, 6, 30))
    return amortisation_schedule(LoanTerms(**kwargs))


def rows(s):
    return [(p.interest, p.principal, p.payment, p.outstanding) for p in s.periods]


def test_rounding_is_half_up_to_the_cent():
    assert round_cents(D("0.005")) == D("0.01")
    assert round_cents(D("2.675")) == D("2.68")
    assert round_cents(D("-0.001")) == D("0.00")
    assert str(round_cents(D("-0.001"))) == "0.00"  # no negative zero in exports


def test_reference_100000_over_20_years_at_3_percent_yearly():
    s = schedule(amount=D("100000"), duration_months=240, annual_rate=D("3"))
    assert len(s.periods) == 20
    assert rows(s)[:2] == [
        (D("3000.00"), D("3721.57"), D("6721.57"), D("96278.43")),
        (D("2888.35"), D("3833.22"), D("6721.57"), D("92445.21")),
    ]
    assert {p.payment for p in s.periods[:-1]} == {D("6721.57")}
    # 19 × 6,721.57 under-pays 0.00076 a year: the last annuity carries the difference.
    assert s.periods[-1].payment == D("6721.60")
    assert s.periods[-1].outstanding == D("0.00")
    assert s.total_principal == D("100000.00")
    assert s.total_interest == D("34431.43")
    assert [p.due_date for p in s.periods[:2]] == [
        datetime.date(2026, 6, 30),
        datetime.date(2027, 6, 30),
    ]


def test_reference_200000_over_25_years_at_2_5_percent_monthly():
    s = schedule(
        amount=D("200000"),
        duration_months=300,
        annual_rate=D("2.5"),
        periodicity=Periodicity.MONTHLY,
        first_due_date=JAN_31,
    )
    assert len(s.periods) == 300
    # 200,000 × 0.025 / 12 = 416.666… → 416.67
    assert rows(s)[0] == (D("416.67"), D("480.56"), D("897.23"), D("199519.44"))
    assert rows(s)[1] == (D("415.67"), D("481.56"), D("897.23"), D("199037.88"))
    assert {p.payment for p in s.periods[:-1]} == {D("897.23")}
    assert s.periods[-1].outstanding == D("0.00")
    assert s.total_principal == D("200000.00")
    assert [p.due_date for p in s.periods[:3]] == [
        JAN_31,
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
    ]
    assert s.periods[-1].due_date == datetime.date(2050, 12, 31)


def test_reference_quarterly_constant_annuity():
    # 50,000 € over 10 years at 4 %: 1 % a quarter, 40 quarters → 1,522.7799 → 1,522.78.
    s = schedule(
        amount=D("50000"),
        duration_months=120,
        annual_rate=D("4"),
        periodicity=Periodicity.QUARTERLY,
    )
    assert len(s.periods) == 40
    assert rows(s)[0] == (D("500.00"), D("1022.78"), D("1522.78"), D("48977.22"))
    assert s.periods[1].due_date == datetime.date(2026, 9, 30)
    assert s.total_principal == D("50000.00")


def test_reference_constant_amortisation_yearly():
    s = schedule(
        amount=D("120000"),
        duration_months=120,
        annual_rate=D("4"),
        profile=Profile.CONSTANT_AMORTISATION,
    )
    assert [p.principal for p in s.periods] == [D("12000.00")] * 10
    assert [p.interest for p in s.periods] == [D(480 * k) for k in range(10, 0, -1)]
    assert s.periods[0].payment == D("16800.00")
    assert s.periods[-1].payment == D("12480.00")
    assert s.total_interest == D("26400.00")  # 480 × (10 + 9 + … + 1)


def test_reference_constant_amortisation_quarterly_last_period_absorbs_rounding():
    # 100,000 / 12 = 8,333.333… → 8,333.33 eleven times, 8,333.37 at the end.
    s = schedule(
        amount=D("100000"),
        duration_months=36,
        annual_rate=D("4"),
        profile=Profile.CONSTANT_AMORTISATION,
        periodicity=Periodicity.QUARTERLY,
    )
    assert [p.principal for p in s.periods] == [D("8333.33")] * 11 + [D("8333.37")]
    assert rows(s)[:2] == [
        (D("1000.00"), D("8333.33"), D("9333.33"), D("91666.67")),
        (D("916.67"), D("8333.33"), D("9250.00"), D("83333.34")),
    ]
    assert s.periods[-1].outstanding == D("0.00")


def test_reference_in_fine_quarterly():
    s = schedule(
        amount=D("50000"),
        duration_months=60,
        annual_rate=D("3.6"),
        profile=Profile.IN_FINE,
        periodicity=Periodicity.QUARTERLY,
    )
    assert [p.payment for p in s.periods[:-1]] == [D("450.00")] * 19
    assert rows(s)[-1] == (D("450.00"), D("50000.00"), D("50450.00"), D("0.00"))
    assert s.total_interest == D("9000.00")


def test_reference_partial_deferral_pays_interest_then_amortises_over_the_rest():
    # 120,000 € over 15 years at 2 % with 2 years of deferral: 13 annuities of 10,574.20.
    s = schedule(amount=D("120000"), duration_months=180, annual_rate=D("2"), deferral_months=24)
    assert len(s.periods) == 15
    assert rows(s)[:3] == [
        (D("2400.00"), D("0.00"), D("2400.00"), D("120000.00")),
        (D("2400.00"), D("0.00"), D("2400.00"), D("120000.00")),
        (D("2400.00"), D("8174.20"), D("10574.20"), D("111825.80")),
    ]
    assert [p.deferred for p in s.periods[:3]] == [True, True, False]
    assert {p.payment for p in s.periods[2:-1]} == {D("10574.20")}
    assert s.total_principal == D("120000.00")
    assert s.first_full_annuity == D("10574.20")


def test_reference_total_deferral_capitalises_interest():
    # 100,000 € over 10 years at 3 %, 1 year of total deferral: 103,000 € repaid in
    # 9 annuities of 13,228.69 (103,000 × 0.03 / (1 − 1.03⁻⁹) = 13,228.687…).
    s = schedule(
        amount=D("100000"),
        duration_months=120,
        annual_rate=D("3"),
        deferral_months=12,
        deferral_kind=DeferralKind.TOTAL,
    )
    first, second = s.periods[:2]
    assert (first.interest, first.capitalised_interest, first.payment, first.outstanding) == (
        D("3000.00"),
        D("3000.00"),
        D("0.00"),
        D("103000.00"),
    )
    assert (second.interest, second.principal, second.payment) == (
        D("3090.00"),
        D("10138.69"),
        D("13228.69"),
    )
    assert s.total_principal == D("103000.00")
    assert s.periods[-1].outstanding == D("0.00")


def test_reference_zero_rate():
    s = schedule(amount=D("10000"), duration_months=36, annual_rate=D("0"))
    assert rows(s) == [
        (D("0.00"), D("3333.33"), D("3333.33"), D("6666.67")),
        (D("0.00"), D("3333.33"), D("3333.33"), D("3333.34")),
        (D("0.00"), D("3333.34"), D("3333.34"), D("0.00")),
    ]
    amortisation = schedule(
        amount=D("10000"),
        duration_months=36,
        annual_rate=D("0"),
        profile=Profile.CONSTANT_AMORTISATION,
    )
    assert rows(amortisation) == rows(s)


def test_negative_rate_reduces_the_payments_below_straight_repayment():
    s = schedule(amount=D("10000"), duration_months=120, annual_rate=D("-0.5"))
    assert s.periods[0].interest == D("-50.00")
    assert s.periods[0].payment < D("1000.00")
    assert s.total_principal == D("10000.00")
    assert s.periods[-1].outstanding == D("0.00")


def test_equivalent_rate_convention():
    # (1.03) ** (1/12) − 1 = 0.00246627 → 100,000 × that = 246.627 → 246.63
    rate = periodic_rate(D("3"), Periodicity.MONTHLY, RateConvention.EQUIVALENT)
    assert rate.quantize(D("0.00000001")) == D("0.00246627")
    s = schedule(
        amount=D("100000"),
        duration_months=120,
        annual_rate=D("3"),
        periodicity=Periodicity.MONTHLY,
        rate_convention=RateConvention.EQUIVALENT,
    )
    assert s.periods[0].interest == D("246.63")
    proportional = periodic_rate(D("3"), Periodicity.MONTHLY)
    assert proportional == D("0.0025")
    yearly = periodic_rate(D("3"), Periodicity.YEARLY, RateConvention.EQUIVALENT)
    assert yearly == D("0.03")


def test_constant_annuity_formula():
    assert constant_annuity(D("100000"), D("0.03"), 20) == D("6721.57")
    assert constant_annuity(D("1000"), D("0"), 3) == D("333.33")
    with pytest.raises(ValueError):
        constant_annuity(D("1000"), D("0.01"), 0)


def test_indexed_rate_is_index_plus_margin_with_optional_floor():
    assert indexed_rate(D("1.7"), D("0.6")) == D("2.3")
    assert indexed_rate(D("-0.5"), D("0.2")) == D("-0.3")
    assert indexed_rate(D("-0.5"), D("0.2"), floor=D("0")) == D("0")


def test_add_months_clamps_the_day_without_drifting():
    assert add_months(JAN_31, 1) == datetime.date(2026, 2, 28)
    assert add_months(JAN_31, 2) == datetime.date(2026, 3, 31)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 12, 15), 12) == datetime.date(2027, 12, 15)


def test_yearly_totals_per_calendar_year():
    s = schedule(
        amount=D("12000"),
        duration_months=24,
        annual_rate=D("0"),
        periodicity=Periodicity.QUARTERLY,
        first_due_date=datetime.date(2026, 9, 30),
    )
    assert [(t.year, t.principal, t.payment, t.outstanding) for t in s.yearly] == [
        (2026, D("3000.00"), D("3000.00"), D("9000.00")),
        (2027, D("6000.00"), D("6000.00"), D("3000.00")),
        (2028, D("3000.00"), D("3000.00"), D("0.00")),
    ]
    assert s.outstanding_at_end_of(2025) == D("12000.00")  # not yet repaying
    assert s.outstanding_at_end_of(2027) == D("3000.00")
    assert s.outstanding_at_end_of(2040) == D("0.00")
    assert s.payments_in(2027) == D("6000.00")
    assert s.payments_in(2030) == D("0.00")
    assert s.first_full_annuity == D("6000.00")  # 4 quarters from the first due date


def test_first_full_annuity_skips_the_deferral_and_covers_twelve_months():
    s = schedule(
        amount=D("120000"),
        duration_months=132,
        annual_rate=D("0"),
        periodicity=Periodicity.MONTHLY,
        deferral_months=12,
    )
    # 120 monthly payments of 1,000 after a year of deferral (interest-free here).
    assert s.first_full_annuity == D("12000.00")
    in_fine = schedule(
        amount=D("50000"), duration_months=60, annual_rate=D("4"), profile=Profile.IN_FINE
    )
    assert in_fine.first_full_annuity == D("2000.00")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"amount": D("0")}, "amount", "supérieur à zéro"),
        ({"amount": D("100.001")}, "amount", "deux décimales"),
        ({"annual_rate": D("-1.01")}, "annual_rate", "entre −1 % et 20 %"),
        ({"annual_rate": D("20.01")}, "annual_rate", "entre −1 % et 20 %"),
        ({"duration_months": 0}, "duration_months", "entre 1 mois et 50 ans"),
        ({"duration_months": 601}, "duration_months", "entre 1 mois et 50 ans"),
        ({"duration_months": 18}, "duration_months", "multiple de la périodicité"),
        ({"deferral_months": 6}, "deferral_months", "multiple de la périodicité"),
        ({"deferral_months": 120}, "deferral_months", "plus court que la durée"),
        ({"deferral_months": -12}, "deferral_months", "négatif"),
    ],
)
def test_bad_terms_are_refused_with_a_french_message_per_field(kwargs, field, message):
    terms = {"amount": D("1000"), "duration_months": 120, "annual_rate": D("3")} | kwargs
    with pytest.raises(InvalidLoanTerms) as raised:
        LoanTerms(first_due_date=JAN_31, **terms)
    assert message in raised.value.errors[field]
    assert loan_terms_errors(**terms)[field] == raised.value.errors[field]


def test_limits_are_accepted():
    for rate in (D("-1"), D("20")):
        LoanTerms(amount=D("0.01"), duration_months=600, annual_rate=rate, first_due_date=JAN_31)


def test_floats_are_refused_and_stored_strings_accepted():
    with pytest.raises(TypeError):
        LoanTerms(amount=1000.0, duration_months=12, annual_rate=D("1"), first_due_date=JAN_31)
    terms = LoanTerms(
        amount="1000.5",
        duration_months=12,
        annual_rate="1.25",
        first_due_date=JAN_31,
        profile="in_fine",
        periodicity="monthly",
        deferral_kind="total",
    )
    assert (terms.amount, terms.profile, terms.periodicity) == (
        D("1000.50"),
        Profile.IN_FINE,
        Periodicity.MONTHLY,
    )


AMOUNTS = [D("0.01"), D("7.77"), D("1000"), D("123456.78"), D("2500000")]
RATES = [D("-1"), D("0"), D("0.35"), D("3"), D("7.125"), D("20")]
SHAPES = [
    # (periodicity, duration in months, deferral in months)
    (Periodicity.MONTHLY, 1, 0),
    (Periodicity.MONTHLY, 37, 5),
    (Periodicity.MONTHLY, 600, 24),
    (Periodicity.QUARTERLY, 3, 0),
    (Periodicity.QUARTERLY, 120, 12),
    (Periodicity.YEARLY, 12, 0),
    (Periodicity.YEARLY, 300, 36),
]


@pytest.mark.parametrize("profile", list(Profile))
@pytest.mark.parametrize("deferral_kind", list(DeferralKind))
def test_invariants_over_many_terms(profile, deferral_kind):
    for amount, rate, (periodicity, months, deferral) in itertools.product(AMOUNTS, RATES, SHAPES):
        terms = LoanTerms(
            amount=amount,
            duration_months=months,
            annual_rate=rate,
            first_due_date=JAN_31,
            profile=profile,
            periodicity=periodicity,
            deferral_months=deferral,
            deferral_kind=deferral_kind,
        )
        s = amortisation_schedule(terms)
        context = (amount, rate, periodicity, months, deferral)
        periods = s.periods
        assert len(periods) == months // periodicity.months, context
        assert [p.number for p in periods] == list(range(1, len(periods) + 1))
        capitalised = sum(p.capitalised_interest for p in periods)
        assert s.total_principal == amount + capitalised, context
        assert periods[-1].outstanding == D("0.00"), context
        previous = amount
        for p in periods:
            for value in (p.interest, p.principal, p.payment, p.outstanding):
                assert value.as_tuple().exponent == -2, (context, p)
            assert p.payment == p.interest + p.principal - p.capitalised_interest
            assert p.outstanding == previous - p.principal + p.capitalised_interest
            assert p.outstanding >= 0, (context, p)
            if not p.capitalised_interest:
                assert p.outstanding <= previous, (context, p)
            assert p.deferred == (p.number <= terms.deferral_periods)
            if p.deferred:
                assert p.principal == 0
            previous = p.outstanding
        dates = [p.due_date for p in periods]
        assert dates == sorted(set(dates))
        assert sum(t.payment for t in s.yearly) == s.total_payment
        assert sum(t.principal for t in s.yearly) == s.total_principal
        assert s.yearly[-1].outstanding == D("0.00")
        repaying = periods[terms.deferral_periods : -1]
        if profile is Profile.CONSTANT_ANNUITY and amount >= 100000 and repaying:
            # Payments are equal; the last one differs by the half-cent rounding of the
            # annuity compounded to the end (future value of m half-cents), plus interest
            # rounding. (Payments of about a euro may end early: excluded.)
            assert len({p.payment for p in repaying}) == 1, context
            r, m = terms.periodic_rate, len(repaying) + 1
            future_value = D(m) if r == 0 else ((1 + r) ** m - 1) / r
            bound = D("0.005") * future_value * 2 + D("0.01")
            assert abs(periods[-1].payment - repaying[0].payment) <= bound, context
        if profile is Profile.IN_FINE:
            assert all(p.principal == 0 for p in periods[:-1]), context


def yearly(s):
    return [
        (t.year, t.interest, t.principal, t.payment, t.capitalised_interest, t.outstanding)
        for t in s.yearly
    ]


def test_yearly_interest_of_a_monthly_loan():
    # 12,000 € in fine over 12 months at 12 %: 1 % a month, 120.00 € of interest on each
    # due date from 31 October 2026 to 30 September 2027, principal repaid at the last one.
    s = schedule(
        amount=D("12000"),
        duration_months=12,
        annual_rate=D("12"),
        profile=Profile.IN_FINE,
        periodicity=Periodicity.MONTHLY,
        first_due_date=datetime.date(2026, 10, 31),
    )
    assert yearly(s) == [
        # October to December: 3 × 120.
        (2026, D("360.00"), D("0.00"), D("360.00"), D("0.00"), D("12000.00")),
        # January to September: 9 × 120, plus the 12,000 € of principal.
        (2027, D("1080.00"), D("12000.00"), D("13080.00"), D("0.00"), D("0.00")),
    ]
    assert s.payments_in(2026) == D("360.00")
    assert (s.first_year, s.periods[-1].due_date.year) == (2026, 2027)
    assert s.total_payment == D("13440.00")
    assert s.total_interest == D("1440.00")


def test_yearly_interest_of_a_quarterly_loan():
    # 12,000 € over 2 years at 4 %, constant amortisation: 1,500 € of principal a quarter,
    # interest 1 % of the outstanding: 120, 105 | 90, 75, 60, 45 | 30, 15.
    s = schedule(
        amount=D("12000"),
        duration_months=24,
        annual_rate=D("4"),
        profile=Profile.CONSTANT_AMORTISATION,
        periodicity=Periodicity.QUARTERLY,
        first_due_date=datetime.date(2026, 9, 30),
    )
    assert yearly(s) == [
        (2026, D("225.00"), D("3000.00"), D("3225.00"), D("0.00"), D("9000.00")),
        (2027, D("270.00"), D("6000.00"), D("6270.00"), D("0.00"), D("3000.00")),
        (2028, D("45.00"), D("3000.00"), D("3045.00"), D("0.00"), D("0.00")),
    ]
    assert s.total_payment == D("12540.00")
    assert (s.first_year, s.periods[-1].due_date.year) == (2026, 2028)


def test_yearly_capitalised_interest_of_a_total_deferral():
    # 10,000 € over 2 years at 4 % quarterly, 6 months of total deferral: 100.00 then
    # 1 % of 10,100 = 101.00 capitalised in 2026, nothing paid.
    s = schedule(
        amount=D("10000"),
        duration_months=24,
        annual_rate=D("4"),
        periodicity=Periodicity.QUARTERLY,
        deferral_months=6,
        deferral_kind=DeferralKind.TOTAL,
        first_due_date=datetime.date(2026, 9, 30),
    )
    assert yearly(s)[0] == (2026, D("201.00"), D("0.00"), D("0.00"), D("201.00"), D("10201.00"))
    assert [t.capitalised_interest for t in s.yearly[1:]] == [D("0.00"), D("0.00")]
    assert s.total_principal == D("10201.00")


def test_stored_strings_are_converted_to_the_choices():
    terms = LoanTerms(
        amount="100000",
        duration_months=120,
        annual_rate="3",
        first_due_date=JAN_31,
        profile="constant_amortisation",
        periodicity="yearly",
        deferral_months=12,
        deferral_kind="total",
        rate_convention="proportional",
    )
    assert terms.profile is Profile.CONSTANT_AMORTISATION
    assert terms.periodicity is Periodicity.YEARLY
    assert terms.deferral_kind is DeferralKind.TOTAL
    assert terms.rate_convention is RateConvention.PROPORTIONAL
    s = amortisation_schedule(terms)
    # Total deferral: 3 % of 100,000 capitalised, then 103,000 / 9 = 11,444.44 a year.
    assert rows(s)[:2] == [
        (D("3000.00"), D("0.00"), D("0.00"), D("103000.00")),
        (D("3090.00"), D("11444.44"), D("14534.44"), D("91555.56")),
    ]


@pytest.mark.parametrize(
    ("convention", "interest"),
    [
        # 100,000 × 3 % / 12 = 250.00.
        ("proportional", D("250.00")),
        # 100,000 × (1.03 ** (1/12) − 1) = 246.627… → 246.63.
        ("equivalent", D("246.63")),
    ],
)
def test_stored_rate_convention_is_converted(convention, interest):
    s = schedule(
        amount="100000",
        duration_months=120,
        annual_rate="3",
        periodicity="monthly",
        rate_convention=convention,
    )
    assert s.terms.rate_convention is RateConvention(convention)
    assert s.periods[0].interest == interest


def test_stored_in_fine_profile_repays_at_the_end():
    s = schedule(amount="1000", duration_months=24, annual_rate="5", profile="in_fine")
    assert rows(s) == [
        (D("50.00"), D("0.00"), D("50.00"), D("1000.00")),
        (D("50.00"), D("1000.00"), D("1050.00"), D("0.00")),
    ]


def test_amount_is_kept_to_the_cent():
    assert str(LoanTerms(amount="1000.5", **TERMS).amount) == "1000.50"
    assert str(LoanTerms(amount=1000, **TERMS).amount) == "1000.00"
    assert str(LoanTerms(amount=D("7"), **TERMS).amount) == "7.00"


TERMS = {"duration_months": 12, "annual_rate": D("1"), "first_due_date": JAN_31}


@pytest.mark.parametrize("value", [True, 1000.0, None, [1000]])
def test_values_other_than_decimal_int_or_str_are_refused(value):
    with pytest.raises(TypeError, match="amount: a Decimal, int or str is expected"):
        LoanTerms(amount=value, **TERMS)


def test_labels_are_french():
    assert [p.label for p in Profile] == [
        "Échéances constantes",
        "Amortissement constant",
        "In fine",
    ]
    assert [p.label for p in Periodicity] == ["Mensuelle", "Trimestrielle", "Annuelle"]
    assert [k.label for k in DeferralKind] == [
        "Différé d'amortissement (intérêts payés)",
        "Différé total (intérêts capitalisés)",
    ]
    assert [(p.months, p.per_year) for p in Periodicity] == [(1, 12), (3, 4), (12, 1)]


@pytest.mark.parametrize("value", [D("Infinity"), D("-Infinity"), D("NaN")])
def test_non_finite_amounts_and_rates_are_refused(value):
    errors = loan_terms_errors(amount=value, duration_months=12, annual_rate=value)
    assert errors == {
        "amount": "Le montant doit être supérieur à zéro.",
        "annual_rate": "Le taux doit être compris entre −1 % et 20 %.",
    }


def test_errors_are_exact_and_the_deferral_is_compared_to_a_valid_duration_only():
    # 720 months is too long: the 720 months of deferral are not compared with it.
    assert loan_terms_errors(
        amount=D("1"), duration_months=720, annual_rate=D("1"), deferral_months=720
    ) == {"duration_months": "La durée doit être comprise entre 1 mois et 50 ans."}
    assert loan_terms_errors(
        amount=D("1"),
        duration_months=12,
        annual_rate=D("1"),
        periodicity=Periodicity.QUARTERLY,
        deferral_months=12,
    ) == {"deferral_months": "Le différé doit être plus court que la durée du prêt."}
    assert loan_terms_errors(
        amount=D("1"),
        duration_months=14,
        annual_rate=D("1"),
        periodicity=Periodicity.QUARTERLY,
        deferral_months=4,
    ) == {
        "duration_months": "La durée doit être un multiple de la périodicité (3 mois).",
        "deferral_months": "Le différé doit être un multiple de la périodicité (3 mois).",
    }
    monthly = {"amount": D("1"), "annual_rate": D("1"), "periodicity": Periodicity.MONTHLY}
    assert loan_terms_errors(duration_months=12, deferral_months=11, **monthly) == {}
    assert loan_terms_errors(duration_months=12, deferral_months=-1, **monthly) == {
        "deferral_months": "Le différé ne peut pas être négatif."
    }
    assert loan_terms_errors(duration_months=600, deferral_months=0, **monthly) == {}
    assert loan_terms_errors(duration_months=1, **monthly) == {}


def test_invalid_terms_message_lists_every_field():
    with pytest.raises(InvalidLoanTerms) as raised:
        LoanTerms(amount=D("0"), duration_months=0, annual_rate=D("3"), first_due_date=JAN_31)
    assert str(raised.value) == (
        "amount : Le montant doit être supérieur à zéro.; "
        "duration_months : La durée doit être comprise entre 1 mois et 50 ans."
    )


def test_constant_annuity_keeps_its_digits_near_a_zero_rate():
    # At 1.23456789 × 10⁻²⁵ per period the annuity is the straight repayment,
    # 1,000,000 / 600 = 1,666.67: 1 + r must not be rounded to 28 digits
    # (1 + 1.23 × 10⁻²⁵), which would give 1,672.86.
    assert constant_annuity(D("1000000"), D("1.23456789E-25"), 600) == D("1666.67")


def test_equivalent_rate_is_computed_with_50_digits():
    # (1.03) ** (1/12) − 1, computed separately with 100 digits, to 47 decimals.
    reference = D("0.00246626977230359997997165306429934275943537747177")
    rate = periodic_rate(D("3"), Periodicity.MONTHLY, RateConvention.EQUIVALENT)
    assert abs(rate - reference) < D("1E-45")


def test_first_and_last_year_of_a_yearly_loan():
    # Twenty yearly due dates, 30 June 2026 to 30 June 2045.
    s = schedule(amount=D("100000"), duration_months=240, annual_rate=D("3"))
    assert (s.first_year, s.periods[-1].due_date.year) == (2026, 2045)
