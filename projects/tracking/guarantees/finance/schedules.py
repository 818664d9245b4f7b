"""Amortisation schedules of fixed-rate loans, to the cent.

Conventions (those of French lenders for loans to legal persons, e.g. the amortisation
tables annexed to a lender's offer):

* Amounts are ``Decimal`` euros; every amount of a period is rounded to the cent with
  ``ROUND_HALF_UP``, as banks do. Rates are never rounded.
* Rates are given **in percent** (``Decimal("3")`` is 3 %). The periodic rate is the
  *proportional* rate, annual rate / periods per year (« taux proportionnel »), unless
  :attr:`RateConvention.EQUIVALENT` is asked for, where it is ``(1 + a) ** (1 / p) - 1``
  (« taux équivalent », used in some Banque des Territoires contracts). Both agree for
  yearly loans.
* Every period is a full period: interest for a period is ``outstanding × periodic rate``
  whatever the number of days. Broken first periods (« intérêts intercalaires ») and
  prefinancing are out of scope; a prefinancing phase is modelled as a deferral.
* Indexed loans are scheduled at one rate, index value + margin (see :func:`indexed_rate`);
  the schedule is then a projection at today's index, as lenders' indicative tables are.
* Deferral (« différé d'amortissement »), a whole number of periods at the start of the
  loan, counts inside the duration. :attr:`DeferralKind.PARTIAL` (the usual one): interest
  is paid, no principal. :attr:`DeferralKind.TOTAL` (« différé total »): nothing is paid,
  the interest is capitalised (added to the outstanding principal), and the larger
  principal is then amortised over the remaining periods.
* Constant annuity: ``A = P × r / (1 − (1 + r) ** −n)`` rounded to the cent, then each
  period ``interest = round(outstanding × r)`` and ``principal = A − interest``.
  Constant amortisation: ``principal = round(P / n)``. In fine: interest only, principal
  in one go at the last due date.
* The last period absorbs the rounding: its principal is the outstanding balance, so the
  principal repaid always sums to the amount (plus capitalised interest) and the
  outstanding principal ends at exactly 0.00.
* Due dates are the first due date plus whole periods; a day missing from a month (the
  31st, or 29–30 February) falls on that month's last day, without drifting afterwards.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

# Bounds of acceptable loan terms: past them a figure is a typo, not a loan, and the form
# says so at the field.
MIN_ANNUAL_RATE = Decimal(-1)
MAX_ANNUAL_RATE = Decimal(20)
MAX_DURATION_MONTHS = 50 * 12

# Enough digits for (1 + r) ** -600 and for the equivalent rate's fractional power.
_PRECISION = 50


def round_cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (0.005 → 0.01), as banks do."""
    # Adding zero turns a negative zero (interest at a negative rate on 0.00) into 0.00.
    return value.quantize(CENT, rounding=ROUND_HALF_UP) + ZERO


def to_decimal(value: Decimal | int | str, name: str = "value") -> Decimal:
    """``Decimal`` from a Decimal, int or str; floats are refused (they are not exact)."""
    if isinstance(value, bool | float):
        raise TypeError(f"{name}: a Decimal, int or str is expected, not {type(value).__name__}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | str):
        return Decimal(value)
    raise TypeError(f"{name}: a Decimal, int or str is expected, not {type(value).__name__}")


class Profile(StrEnum):
    CONSTANT_ANNUITY = "constant_annuity"
    CONSTANT_AMORTISATION = "constant_amortisation"
    IN_FINE = "in_fine"

    @property
    def label(self) -> str:
        return _PROFILE_LABELS[self]


_PROFILE_LABELS = {
    Profile.CONSTANT_ANNUITY: "Échéances constantes",
    Profile.CONSTANT_AMORTISATION: "Amortissement constant",
    Profile.IN_FINE: "In fine",
}


class Periodicity(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "yearly": 12}[self.value]

    @property
    def per_year(self) -> int:
        return 12 // self.months

    @property
    def label(self) -> str:
        return {"monthly": "Mensuelle", "quarterly": "Trimestrielle", "yearly": "Annuelle"}[
            self.value
        ]


class DeferralKind(StrEnum):
    PARTIAL = "partial"
    TOTAL = "total"

    @property
    def label(self) -> str:
        if self is DeferralKind.PARTIAL:
            return "Différé d'amortissement (intérêts payés)"
        return "Différé total (intérêts capitalisés)"


class RateConvention(StrEnum):
    PROPORTIONAL = "proportional"
    EQUIVALENT = "equivalent"


def indexed_rate(index_value: Decimal, margin: Decimal, floor: Decimal | None = None) -> Decimal:
    """Rate of an indexed loan (index value + margin, in percent), to schedule it.

    ``floor`` applies to the resulting rate, as in contracts indexed on the Livret A whose
    rate « ne peut être négatif » (floor ``Decimal(0)``). No floor by default.
    """
    rate = to_decimal(index_value, "index_value") + to_decimal(margin, "margin")
    if floor is not None:
        rate = max(rate, to_decimal(floor, "floor"))
    return rate


def periodic_rate(
    annual_rate: Decimal,
    periodicity: Periodicity,
    convention: RateConvention = RateConvention.PROPORTIONAL,
) -> Decimal:
    """Rate of one period as a fraction (not percent), unrounded."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        annual = to_decimal(annual_rate, "annual_rate") / HUNDRED
        if convention is RateConvention.PROPORTIONAL or periodicity is Periodicity.YEARLY:
            return annual / periodicity.per_year
        return (1 + annual) ** (Decimal(1) / periodicity.per_year) - 1


def constant_annuity(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """Payment repaying ``principal`` in ``periods`` equal payments at periodic ``rate``.

    ``rate`` is a fraction per period. Rounded to the cent, half up.
    """
    if periods <= 0:
        raise ValueError("periods must be positive")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if rate == 0:
            return round_cents(principal / periods)
        return round_cents(principal * rate / (1 - (1 + rate) ** -periods))


def add_months(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus ``months``, the day clamped to the end of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


class InvalidLoanTerms(ValueError):
    """Terms that cannot be scheduled; ``errors`` maps a field name to a French message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name} : {msg}" for name, msg in errors.items()))


def loan_terms_errors(
    *,
    amount: Decimal,
    duration_months: int,
    annual_rate: Decimal,
    periodicity: Periodicity = Periodicity.YEARLY,
    deferral_months: int = 0,
) -> dict[str, str]:
    """French messages, per field, for terms outside the bounds above.

    Dates are left to the caller: « not before today » only holds for a new loan.
    """
    errors: dict[str, str] = {}
    if not amount.is_finite() or amount <= 0:
        errors["amount"] = "Le montant doit être supérieur à zéro."
    elif amount != amount.quantize(CENT):
        errors["amount"] = "Le montant ne peut pas avoir plus de deux décimales."
    if not annual_rate.is_finite() or not MIN_ANNUAL_RATE <= annual_rate <= MAX_ANNUAL_RATE:
        errors["annual_rate"] = "Le taux doit être compris entre −1 % et 20 %."
    if duration_months <= 0 or duration_months > MAX_DURATION_MONTHS:
        errors["duration_months"] = "La durée doit être comprise entre 1 mois et 50 ans."
    elif duration_months % periodicity.months:
        errors["duration_months"] = (
            f"La durée doit être un multiple de la périodicité ({periodicity.months} mois)."
        )
    if deferral_months < 0:
        errors["deferral_months"] = "Le différé ne peut pas être négatif."
    elif deferral_months % periodicity.months:
        errors["deferral_months"] = (
            f"Le différé doit être un multiple de la périodicité ({periodicity.months} mois)."
        )
    elif "duration_months" not in errors and deferral_months >= duration_months:
        errors["deferral_months"] = "Le différé doit être plus court que la durée du prêt."
    return errors


@dataclass(frozen=True)
class LoanTerms:
    """What a lender's offer says about repayment. Invalid terms raise InvalidLoanTerms."""

    amount: Decimal
    duration_months: int
    annual_rate: Decimal
    first_due_date: datetime.date
    profile: Profile = Profile.CONSTANT_ANNUITY
    periodicity: Periodicity = Periodicity.YEARLY
    deferral_months: int = 0
    deferral_kind: DeferralKind = DeferralKind.PARTIAL
    rate_convention: RateConvention = RateConvention.PROPORTIONAL

    def __post_init__(self):
        # Stored choices come back from the database as plain strings.
        object.__setattr__(self, "amount", to_decimal(self.amount, "amount"))
        object.__setattr__(self, "annual_rate", to_decimal(self.annual_rate, "annual_rate"))
        object.__setattr__(self, "profile", Profile(self.profile))
        object.__setattr__(self, "periodicity", Periodicity(self.periodicity))
        object.__setattr__(self, "deferral_kind", DeferralKind(self.deferral_kind))
        object.__setattr__(self, "rate_convention", RateConvention(self.rate_convention))
        errors = loan_terms_errors(
            amount=self.amount,
            duration_months=self.duration_months,
            annual_rate=self.annual_rate,
            periodicity=self.periodicity,
            deferral_months=self.deferral_months,
        )
        if errors:
            raise InvalidLoanTerms(errors)
        object.__setattr__(self, "amount", self.amount.quantize(CENT))

    @property
    def periods(self) -> int:
        return self.duration_months // self.periodicity.months

    @property
    def deferral_periods(self) -> int:
        return self.deferral_months // self.periodicity.months

    @property
    def periodic_rate(self) -> Decimal:
        return periodic_rate(self.annual_rate, self.periodicity, self.rate_convention)


@dataclass(frozen=True)
class Period:
    """One due date. ``payment = interest + principal − capitalised_interest``.

    ``capitalised_interest`` is non-zero only during a total deferral, where it equals
    ``interest``: the interest is added to ``outstanding`` instead of being paid.
    """

    number: int
    due_date: datetime.date
    interest: Decimal
    principal: Decimal
    payment: Decimal
    outstanding: Decimal
    capitalised_interest: Decimal = ZERO
    deferred: bool = False


@dataclass(frozen=True)
class YearTotal:
    """Sums over the due dates of one calendar year; ``outstanding`` after the last one."""

    year: int
    interest: Decimal
    principal: Decimal
    payment: Decimal
    capitalised_interest: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    periods: tuple[Period, ...]
    yearly: tuple[YearTotal, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "yearly", yearly_totals(self.periods))

    @property
    def total_interest(self) -> Decimal:
        return sum((p.interest for p in self.periods), ZERO)

    @property
    def total_principal(self) -> Decimal:
        return sum((p.principal for p in self.periods), ZERO)

    @property
    def total_payment(self) -> Decimal:
        return sum((p.payment for p in self.periods), ZERO)

    @property
    def first_year(self) -> int:
        return self.periods[0].due_date.year

    def outstanding_at_end_of(self, year: int) -> Decimal:
        """Outstanding principal on 31 December of ``year``.

        Before the first due date the whole amount is counted: the loan is taken as
        disbursed (the prudent view for a guarantor, who is committed from signature).
        """
        outstanding = self.terms.amount
        for total in self.yearly:
            if total.year > year:
                break
            outstanding = total.outstanding
        return outstanding

    def payments_in(self, year: int) -> Decimal:
        """Sum of the payments due in calendar ``year`` (the « annuité » of that year)."""
        return next((t.payment for t in self.yearly if t.year == year), ZERO)

    @property
    def first_full_annuity(self) -> Decimal:
        """Payments of the first twelve months of repayment after the deferral.

        This is the « première annuité entière du nouveau concours » that CGCT
        art. L4253-1 adds to the guaranteed annuities of the year for ratio 1. For an in
        fine loan it is a year of interest. A loan repaid in less than a year after its
        deferral gives the sum of its remaining payments.
        """
        start = self.terms.deferral_periods
        window = self.periods[start : start + self.terms.periodicity.per_year]
        return sum((p.payment for p in window), ZERO)


def yearly_totals(periods: Iterable[Period]) -> tuple[YearTotal, ...]:
    """Per calendar year of due dates, in order; years without a due date are absent."""
    totals: list[YearTotal] = []
    for period in periods:
        year = period.due_date.year
        if totals and totals[-1].year == year:
            last = totals[-1]
            totals[-1] = YearTotal(
                year=year,
                interest=last.interest + period.interest,
                principal=last.principal + period.principal,
                payment=last.payment + period.payment,
                capitalised_interest=last.capitalised_interest + period.capitalised_interest,
                outstanding=period.outstanding,
            )
        else:
            totals.append(
                YearTotal(
                    year=year,
                    interest=period.interest,
                    principal=period.principal,
                    payment=period.payment,
                    capitalised_interest=period.capitalised_interest,
                    outstanding=period.outstanding,
                )
            )
    return tuple(totals)


def amortisation_schedule(terms: LoanTerms) -> Schedule:
    """The schedule of ``terms``; see the module docstring for the conventions."""
    rate = terms.periodic_rate
    months = terms.periodicity.months
    outstanding = terms.amount
    periods: list[Period] = []

    def due_date(number: int) -> datetime.date:
        return add_months(terms.first_due_date, (number - 1) * months)

    with localcontext() as ctx:
        ctx.prec = _PRECISION
        for number in range(1, terms.deferral_periods + 1):
            interest = round_cents(outstanding * rate)
            if terms.deferral_kind is DeferralKind.TOTAL:
                outstanding += interest
                capitalised, payment = interest, ZERO
            else:
                capitalised, payment = ZERO, interest
            periods.append(
                Period(
                    number=number,
                    due_date=due_date(number),
                    interest=interest,
                    principal=ZERO,
                    payment=payment,
                    outstanding=outstanding,
                    capitalised_interest=capitalised,
                    deferred=True,
                )
            )

        repaying = terms.periods - terms.deferral_periods
        if terms.profile is Profile.CONSTANT_ANNUITY:
            annuity = constant_annuity(outstanding, rate, repaying)
        elif terms.profile is Profile.CONSTANT_AMORTISATION:
            instalment = round_cents(outstanding / repaying)

        for number in range(terms.deferral_periods + 1, terms.periods + 1):
            interest = round_cents(outstanding * rate)
            if number == terms.periods:
                principal = outstanding
            elif terms.profile is Profile.CONSTANT_ANNUITY:
                principal = annuity - interest
            elif terms.profile is Profile.CONSTANT_AMORTISATION:
                principal = instalment
            else:
                principal = ZERO
            # Cent rounding on tiny amounts over many periods could otherwise repay more
            # than is owed before the last period; the loan then simply ends early.
            principal = min(principal, outstanding)
            outstanding -= principal
            periods.append(
                Period(
                    number=number,
                    due_date=due_date(number),
                    interest=interest,
                    principal=principal,
                    payment=interest + principal,
                    outstanding=outstanding,
                )
            )
    return Schedule(terms=terms, periods=tuple(periods))
