"""The guaranteed part of a loan and the Region's exposure across its guarantees.

Conventions:

* A quotité is a percentage (``Decimal("50")`` is 50 %) of every payment and of the
  outstanding principal of the loan.
* It is applied to the **yearly** figures of a schedule and the result rounded once to
  the cent (half up); summing guaranteed periods would give the same within a few cents.
* Years are calendar years (the « exercice » of a French local authority).
* A guaranteed loan counts from its ``start_year`` (the year the guarantee takes effect,
  when known); before its first due date its whole amount is outstanding (see
  :meth:`Schedule.outstanding_at_end_of`), after its last one it counts zero.
* Exposure over several loans is the sum of each loan's rounded guaranteed figures.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .schedules import HUNDRED, ZERO, Schedule, round_cents, to_decimal

DEFAULT_HORIZON_YEARS = 30


def check_quotite(quotite: Decimal, name: str = "quotite") -> Decimal:
    value = to_decimal(quotite, name)
    if not value.is_finite() or not 0 <= value <= HUNDRED:
        raise ValueError(f"{name} : la quotité doit être comprise entre 0 % et 100 %.")
    return value


def guaranteed(amount: Decimal, quotite: Decimal) -> Decimal:
    """``quotite`` percent of ``amount``, rounded to the cent."""
    return round_cents(amount * quotite / HUNDRED)


@dataclass(frozen=True)
class GuaranteedYear:
    """The guaranteed share of one calendar year of a schedule."""

    year: int
    interest: Decimal
    principal: Decimal
    annuities: Decimal
    outstanding: Decimal


def guaranteed_part(schedule: Schedule, quotite: Decimal) -> tuple[GuaranteedYear, ...]:
    """Guaranteed interest, principal, annuities and year-end outstanding, per year."""
    quotite = check_quotite(quotite)
    return tuple(
        GuaranteedYear(
            year=total.year,
            interest=guaranteed(total.interest, quotite),
            principal=guaranteed(total.principal, quotite),
            annuities=guaranteed(total.payment, quotite),
            outstanding=guaranteed(total.outstanding, quotite),
        )
        for total in schedule.yearly
    )


@dataclass(frozen=True)
class GuaranteedLoan:
    """One loan guaranteed (or to be guaranteed) by the Region at ``quotite`` percent.

    ``borrower`` and ``departement`` are grouping keys chosen by the caller (a SIREN, a
    primary key, a department code…); ``label`` is free text for the caller's own use.
    """

    schedule: Schedule
    quotite: Decimal
    borrower: str = ""
    departement: str = ""
    start_year: int | None = None
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "quotite", check_quotite(self.quotite))

    def outstanding_at_end_of(self, year: int) -> Decimal:
        if self.start_year is not None and year < self.start_year:
            return ZERO
        return guaranteed(self.schedule.outstanding_at_end_of(year), self.quotite)

    def annuities_in(self, year: int) -> Decimal:
        if self.start_year is not None and year < self.start_year:
            return ZERO
        return guaranteed(self.schedule.payments_in(year), self.quotite)

    @property
    def guaranteed_amount(self) -> Decimal:
        return guaranteed(self.schedule.terms.amount, self.quotite)

    @property
    def first_full_annuity(self) -> Decimal:
        """Guaranteed share of the loan's first full annuity (ratio 1 of L4253-1)."""
        return guaranteed(self.schedule.first_full_annuity, self.quotite)


@dataclass(frozen=True)
class ExposureYear:
    """Guaranteed outstanding principal on 31 December and guaranteed annuities of a year."""

    year: int
    outstanding: Decimal
    annuities: Decimal


@dataclass(frozen=True)
class Exposure:
    """The Region's exposure per year; ``with_application`` adds an application under
    instruction."""

    years: tuple[ExposureYear, ...]
    with_application: tuple[ExposureYear, ...] | None = None

    def year(self, year: int) -> ExposureYear:
        return next(row for row in self.years if row.year == year)


def _series(
    loans: Sequence[GuaranteedLoan], start_year: int, years: int
) -> tuple[ExposureYear, ...]:
    return tuple(
        ExposureYear(
            year=year,
            outstanding=sum((loan.outstanding_at_end_of(year) for loan in loans), ZERO),
            annuities=sum((loan.annuities_in(year) for loan in loans), ZERO),
        )
        for year in range(start_year, start_year + years)
    )


def exposure(
    granted: Iterable[GuaranteedLoan],
    start_year: int,
    years: int = DEFAULT_HORIZON_YEARS,
    application_loans: Iterable[GuaranteedLoan] | None = None,
) -> Exposure:
    """Exposure for ``years`` calendar years from ``start_year`` included.

    ``granted`` are the guarantees already granted; ``application_loans``, when given, are
    the loans of an application under instruction, and ``with_application`` is then
    granted + those loans.
    """
    if years <= 0:
        raise ValueError("years must be positive")
    granted = tuple(granted)
    with_application = None
    if application_loans is not None:
        with_application = _series(granted + tuple(application_loans), start_year, years)
    return Exposure(years=_series(granted, start_year, years), with_application=with_application)


def exposure_by(
    granted: Iterable[GuaranteedLoan],
    key: Callable[[GuaranteedLoan], Hashable],
    start_year: int,
    years: int = DEFAULT_HORIZON_YEARS,
) -> dict[Hashable, tuple[ExposureYear, ...]]:
    """Exposure series per group, groups in order of first appearance."""
    if years <= 0:
        raise ValueError("years must be positive")
    groups: dict[Hashable, list[GuaranteedLoan]] = {}
    for loan in granted:
        groups.setdefault(key(loan), []).append(loan)
    return {group: _series(loans, start_year, years) for group, loans in groups.items()}


def exposure_by_borrower(
    granted: Iterable[GuaranteedLoan], start_year: int, years: int = DEFAULT_HORIZON_YEARS
) -> dict[Hashable, tuple[ExposureYear, ...]]:
    return exposure_by(granted, lambda loan: loan.borrower, start_year, years)


def exposure_by_departement(
    granted: Iterable[GuaranteedLoan], start_year: int, years: int = DEFAULT_HORIZON_YEARS
) -> dict[Hashable, tuple[ExposureYear, ...]]:
    return exposure_by(granted, lambda loan: loan.departement, start_year, years)
