"""The prudential rules of CGCT art. L4253-1 for a guarantee granted by a Region.

A Region may guarantee a loan of a private-law person only within three rules, whose
figures are set by decree (CGCT art. D1511-30 and following):

1. **Plafonnement** (L4253-1 al. 2): the guaranteed annuities falling due in the
   exercise, plus the first full annuity of the new guaranteed loan, plus the annuities of
   the Region's own debt, less the specific provisions for guarantees times a coefficient
   (1), may not exceed 50 % of the real operating revenue (« recettes réelles de la
   section de fonctionnement »).
2. **Division du risque** (al. 3): the annuities guaranteed for one debtor in an exercise
   may not exceed 10 % of « the total annuities that may be guaranteed under the previous
   paragraph ». Read here as the whole guarantee capacity of rule 1, i.e.
   ``50 % × revenue − own debt annuities + provisions × coefficient`` — not what is left
   of it once the other guarantees are counted. The debtor's annuities are those already
   guaranteed for it in the exercise plus the first full annuity of the new loan, as in
   rule 1.
3. **Partage du risque** (al. 4): the quotité guaranteed by one **or several local
   authorities** on one loan may not exceed 50 % (80 % for an « opération
   d'aménagement », code de l'urbanisme L300-1 to L300-4). The cap is on the cumulative
   share of the local authorities (the Region and co-guarantors that are collectivités);
   the rest is the lender's risk or that of guarantors that are not local authorities.

Exemptions, flagged by staff with a reason: operations of HLM bodies or SEM and
State-aided operations escape the three rules (art. L4253-2); an « organisme d'intérêt
général » (CGI art. 200 and 238 bis) escapes rule 3 only (L4253-1 al. 5). An exempt rule is
still computed when it can be and shown, with the status « exempté » and the reason.

A further coherence check, never exempt, keeps the quotités of all guarantors of a loan
within 100 %.

Years are exercises (calendar years). Limits are exact (never rounded): a figure equal to
its limit passes. A rule that lacks a figure of the Region for the year is « non
calculable », never passed. Checks serialise to JSON-safe dicts (Decimals as strings) so
what the committee saw can be stored with the decision and read back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Any

from .exposure import GuaranteedLoan, check_quotite
from .schedules import HUNDRED, ZERO, to_decimal

SCHEMA_VERSION = 1


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    EXEMPT = "exempt"
    NOT_COMPUTABLE = "not_computable"

    @property
    def label(self) -> str:
        return {
            "passed": "respecté",
            "failed": "non respecté",
            "exempt": "exempté",
            "not_computable": "non calculable",
        }[self.value]


class Unit(StrEnum):
    EUR = "EUR"
    PERCENT = "%"


class ExemptionScope(StrEnum):
    ALL = "all"
    QUOTITE = "quotite"


class ExemptionKind(StrEnum):
    HLM = "hlm"
    SEM = "sem"
    STATE_AID = "state_aid"
    GENERAL_INTEREST = "general_interest"

    @property
    def label(self) -> str:
        return _EXEMPTION_LABELS[self]

    @property
    def scope(self) -> ExemptionScope:
        if self is ExemptionKind.GENERAL_INTEREST:
            return ExemptionScope.QUOTITE
        return ExemptionScope.ALL

    @property
    def legal_basis(self) -> str:
        if self is ExemptionKind.GENERAL_INTEREST:
            return "CGCT art. L4253-1 al. 5"
        return "CGCT art. L4253-2"


_EXEMPTION_LABELS = {
    ExemptionKind.HLM: "Opération d'un organisme d'habitations à loyer modéré",
    ExemptionKind.SEM: "Opération d'une société d'économie mixte",
    ExemptionKind.STATE_AID: "Opération aidée par l'État (subvention ou prêt aidé)",
    ExemptionKind.GENERAL_INTEREST: (
        "Organisme d'intérêt général (CGI art. 200 et 238 bis) : partage du risque seulement"
    ),
}


@dataclass(frozen=True)
class Exemption:
    kind: ExemptionKind
    reason: str

    def __post_init__(self):
        object.__setattr__(self, "kind", ExemptionKind(self.kind))
        if not self.reason.strip():
            raise ValueError("Le motif de l'exemption est obligatoire.")

    def covers(self, code: str) -> bool:
        return self.kind.scope is ExemptionScope.ALL or code == PARTAGE

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Exemption:
        return cls(kind=ExemptionKind(data["kind"]), reason=data["reason"])


@dataclass(frozen=True)
class RatioLimits:
    """Figures of the decree (CGCT D1511-30 and following), in percent, and the coefficient."""

    revenue_share: Decimal = Decimal(50)
    debtor_share: Decimal = Decimal(10)
    quotite: Decimal = Decimal(50)
    quotite_amenagement: Decimal = Decimal(80)
    provisions_coefficient: Decimal = Decimal(1)


DEFAULT_LIMITS = RatioLimits()


@dataclass(frozen=True)
class RegionFigures:
    """The Region's figures for an exercise, entered by staff; ``None`` if not known yet."""

    year: int
    operating_revenue: Decimal | None
    own_debt_annuities: Decimal | None
    provisions: Decimal = ZERO

    def __post_init__(self):
        for name in ("operating_revenue", "own_debt_annuities", "provisions"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, to_decimal(value, name))


@dataclass(frozen=True)
class CoGuarantor:
    """Another guarantor of the same loan; ``local_authority`` if it is a collectivité."""

    name: str
    quotite: Decimal
    local_authority: bool = True

    def __post_init__(self):
        object.__setattr__(self, "quotite", check_quotite(self.quotite))


@dataclass(frozen=True)
class LoanShare:
    """Who guarantees what share of one loan; ``amenagement`` raises the cap to 80 %."""

    label: str
    quotite: Decimal
    co_guarantors: tuple[CoGuarantor, ...] = ()
    amenagement: bool = False

    def __post_init__(self):
        object.__setattr__(self, "quotite", check_quotite(self.quotite))
        object.__setattr__(self, "co_guarantors", tuple(self.co_guarantors))


@dataclass(frozen=True)
class Figure:
    """A named figure a check used; ``value`` is None when it was not available."""

    code: str
    label: str
    value: Decimal | None
    unit: Unit = Unit.EUR

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "value": _dump(self.value),
            "unit": self.unit.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figure:
        return cls(
            code=data["code"],
            label=data["label"],
            value=_load(data["value"]),
            unit=Unit(data["unit"]),
        )


PLAFONNEMENT = "plafonnement"
DIVISION = "division_du_risque"
PARTAGE = "partage_du_risque"
TOTAL_QUOTITES = "total_quotites"


@dataclass(frozen=True)
class Check:
    """One rule applied: ``value`` compared with ``limit`` (value ≤ limit passes).

    ``subject`` names the loan for per-loan checks; ``note`` explains an exemption or why
    the check could not be computed.
    """

    code: str
    label: str
    legal_basis: str
    status: Status
    value: Decimal | None
    limit: Decimal | None
    unit: Unit
    figures: tuple[Figure, ...] = ()
    subject: str = ""
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def figure(self, code: str) -> Figure:
        return next(f for f in self.figures if f.code == code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "legal_basis": self.legal_basis,
            "status": self.status.value,
            "status_label": self.status.label,
            "value": _dump(self.value),
            "limit": _dump(self.limit),
            "unit": self.unit.value,
            "figures": [f.to_dict() for f in self.figures],
            "subject": self.subject,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Check:
        return cls(
            code=data["code"],
            label=data["label"],
            legal_basis=data["legal_basis"],
            status=Status(data["status"]),
            value=_load(data["value"]),
            limit=_load(data["limit"]),
            unit=Unit(data["unit"]),
            figures=tuple(Figure.from_dict(f) for f in data["figures"]),
            subject=data.get("subject", ""),
            note=data.get("note", ""),
        )


@dataclass(frozen=True)
class RatioReport:
    """All checks of an application for one exercise, as shown to the committee."""

    year: int
    checks: tuple[Check, ...]
    exemption: Exemption | None = None
    status: Status = field(init=False, compare=False)

    def __post_init__(self):
        statuses = {check.status for check in self.checks}
        if Status.FAILED in statuses:
            status = Status.FAILED
        elif Status.NOT_COMPUTABLE in statuses:
            status = Status.NOT_COMPUTABLE
        elif statuses == {Status.EXEMPT}:
            status = Status.EXEMPT
        else:
            status = Status.PASSED
        object.__setattr__(self, "status", status)

    @property
    def passed(self) -> bool:
        """True when nothing failed and everything could be computed (exempt rules pass)."""
        return self.status in (Status.PASSED, Status.EXEMPT)

    def check(self, code: str, subject: str = "") -> Check:
        return next(c for c in self.checks if c.code == code and c.subject == subject)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "year": self.year,
            "status": self.status.value,
            "status_label": self.status.label,
            "exemption": self.exemption.to_dict() if self.exemption else None,
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RatioReport:
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"Unknown ratio report schema: {data.get('schema')!r}")
        exemption = data.get("exemption")
        return cls(
            year=data["year"],
            checks=tuple(Check.from_dict(c) for c in data["checks"]),
            exemption=Exemption.from_dict(exemption) if exemption else None,
        )


def _dump(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _load(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return (part * HUNDRED / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _status(
    code: str,
    value: Decimal | None,
    limit: Decimal | None,
    exemption: Exemption | None,
    missing: str,
) -> tuple[Status, str]:
    if exemption is not None and exemption.covers(code):
        note = f"Exempté ({exemption.kind.legal_basis}) : {exemption.kind.label}. "
        return Status.EXEMPT, note + f"Motif : {exemption.reason}"
    if value is None or limit is None:
        return Status.NOT_COMPUTABLE, missing
    return (Status.PASSED if value <= limit else Status.FAILED), ""


def _missing_figures(figures: RegionFigures) -> str:
    missing = []
    if figures.operating_revenue is None:
        missing.append("les recettes réelles de fonctionnement")
    elif figures.operating_revenue <= 0:
        missing.append("des recettes réelles de fonctionnement positives")
    if figures.own_debt_annuities is None:
        missing.append("les annuités de la dette propre")
    if not missing:
        return ""
    return f"Non calculable : il manque {' et '.join(missing)} de la Région pour {figures.year}."


def check_ratios(
    *,
    figures: RegionFigures,
    granted_annuities: Decimal,
    new_annuity: Decimal,
    borrower_granted_annuities: Decimal,
    loans: Sequence[LoanShare],
    exemption: Exemption | None = None,
    limits: RatioLimits = DEFAULT_LIMITS,
) -> RatioReport:
    """Apply the three rules of L4253-1 (and the 100 % coherence check) for ``figures.year``.

    ``granted_annuities``: guaranteed annuities falling due in the year under the
    guarantees already granted (all debtors, this application excluded).
    ``new_annuity``: the guaranteed share of the first full annuity of the application's loans
    (:attr:`GuaranteedLoan.first_full_annuity`, summed).
    ``borrower_granted_annuities``: the part of ``granted_annuities`` for this borrower.
    ``loans``: the application's loans with the quotités of the Region and co-guarantors.
    """
    granted_annuities = to_decimal(granted_annuities, "granted_annuities")
    new_annuity = to_decimal(new_annuity, "new_annuity")
    borrower_granted_annuities = to_decimal(
        borrower_granted_annuities, "borrower_granted_annuities"
    )
    year = figures.year
    missing = _missing_figures(figures)
    revenue, own_debt = figures.operating_revenue, figures.own_debt_annuities
    provisions = figures.provisions * limits.provisions_coefficient
    revenue_share = limits.revenue_share

    # Rule 1 — plafonnement.
    value = limit = capacity = None
    if not missing:
        value = granted_annuities + new_annuity + own_debt - provisions
        limit = revenue * revenue_share / HUNDRED
        capacity = max(limit - own_debt + provisions, ZERO)
    status, note = _status(PLAFONNEMENT, value, limit, exemption, missing)
    checks = [
        Check(
            code=PLAFONNEMENT,
            label=(
                "Plafonnement : annuités garanties et annuités de la dette propre "
                f"≤ {revenue_share} % des recettes réelles de fonctionnement"
            ),
            legal_basis="CGCT art. L4253-1 al. 2 ; art. D1511-30 et suivants",
            status=status,
            value=value,
            limit=limit,
            unit=Unit.EUR,
            figures=(
                Figure("operating_revenue", f"Recettes réelles de fonctionnement {year}", revenue),
                Figure("own_debt_annuities", f"Annuités de la dette propre {year}", own_debt),
                Figure(
                    "granted_annuities",
                    f"Annuités garanties à échoir en {year} (garanties accordées)",
                    granted_annuities,
                ),
                Figure("new_annuity", "Première annuité entière garantie du dossier", new_annuity),
                Figure(
                    "provisions",
                    "Provisions pour garanties × coefficient "
                    f"{limits.provisions_coefficient} (en déduction)",
                    provisions,
                ),
                Figure(
                    "revenue_share",
                    "Part des recettes réelles de fonctionnement",
                    None if value is None else _percent_of(value, revenue),
                    Unit.PERCENT,
                ),
            ),
            note=note,
        )
    ]

    # Rule 2 — division du risque.
    debtor_value = borrower_granted_annuities + new_annuity
    debtor_limit = None if capacity is None else capacity * limits.debtor_share / HUNDRED
    status, note = _status(DIVISION, debtor_value, debtor_limit, exemption, missing)
    checks.append(
        Check(
            code=DIVISION,
            label=(
                f"Division du risque : annuités garanties pour un même débiteur ≤ "
                f"{limits.debtor_share} % des annuités susceptibles d'être garanties"
            ),
            legal_basis="CGCT art. L4253-1 al. 3 ; art. D1511-30 et suivants",
            status=status,
            value=debtor_value,
            limit=debtor_limit,
            unit=Unit.EUR,
            figures=(
                Figure(
                    "guarantee_capacity",
                    f"Annuités susceptibles d'être garanties en {year} ({revenue_share} % des "
                    "recettes réelles de fonctionnement − dette propre + provisions)",
                    capacity,
                ),
                Figure(
                    "borrower_granted_annuities",
                    f"Annuités déjà garanties pour ce débiteur, à échoir en {year}",
                    borrower_granted_annuities,
                ),
                Figure("new_annuity", "Première annuité entière garantie du dossier", new_annuity),
                Figure(
                    "capacity_share",
                    "Part des annuités susceptibles d'être garanties",
                    None if capacity is None else _percent_of(debtor_value, capacity),
                    Unit.PERCENT,
                ),
            ),
            note=note,
        )
    )

    # Rule 3 — partage du risque, then coherence, per loan.
    for loan in loans:
        checks.extend(_quotite_checks(loan, exemption, limits))
    return RatioReport(year=year, checks=tuple(checks), exemption=exemption)


def _quotite_checks(
    loan: LoanShare, exemption: Exemption | None, limits: RatioLimits
) -> tuple[Check, Check]:
    region = Figure("quotite_region", "Quotité de la Région", loan.quotite, Unit.PERCENT)
    others = tuple(
        Figure(
            f"quotite_co_guarantor_{index}",
            f"Quotité — {co.name}" + (" (collectivité territoriale)" if co.local_authority else ""),
            co.quotite,
            Unit.PERCENT,
        )
        for index, co in enumerate(loan.co_guarantors, start=1)
    )
    local = loan.quotite + sum(
        (co.quotite for co in loan.co_guarantors if co.local_authority), ZERO
    )
    cap = limits.quotite_amenagement if loan.amenagement else limits.quotite
    status, note = _status(PARTAGE, local, cap, exemption, "")
    local_figures = (region,) + tuple(
        f for f, co in zip(others, loan.co_guarantors, strict=True) if co.local_authority
    )
    partage = Check(
        code=PARTAGE,
        label=(
            f"Partage du risque : quotité garantie par les collectivités ≤ {cap} % du prêt"
            + (" (opération d'aménagement)" if loan.amenagement else "")
        ),
        legal_basis="CGCT art. L4253-1 al. 4 ; art. D1511-30 et suivants",
        status=status,
        value=local,
        limit=cap,
        unit=Unit.PERCENT,
        figures=local_figures,
        subject=loan.label,
        note=note,
    )
    total = loan.quotite + sum((co.quotite for co in loan.co_guarantors), ZERO)
    coherence = Check(
        code=TOTAL_QUOTITES,
        label="Cohérence : total des quotités de tous les garants ≤ 100 % du prêt",
        legal_basis="",
        status=Status.PASSED if total <= HUNDRED else Status.FAILED,
        value=total,
        limit=HUNDRED,
        unit=Unit.PERCENT,
        figures=(region, *others),
        subject=loan.label,
    )
    return partage, coherence


@dataclass(frozen=True)
class ApplicationLoan:
    """A loan of the application under instruction, with what rule 3 needs."""

    loan: GuaranteedLoan
    co_guarantors: tuple[CoGuarantor, ...] = ()
    amenagement: bool = False


def check_application(
    *,
    figures: RegionFigures,
    granted: Iterable[GuaranteedLoan],
    loans: Sequence[ApplicationLoan],
    exemption: Exemption | None = None,
    limits: RatioLimits = DEFAULT_LIMITS,
) -> RatioReport:
    """:func:`check_ratios` with its inputs derived from schedules.

    ``granted``: the loans under guarantees already granted (the application's own loans must
    not be among them); the borrower is matched on :attr:`GuaranteedLoan.borrower`, which
    must be the same for every loan of the application.
    """
    borrowers = {item.loan.borrower for item in loans}
    if len(borrowers) != 1 or not next(iter(borrowers)):
        # An empty key would lump the application with every granted loan left without one.
        raise ValueError("An application has exactly one borrower, named by a non-empty key.")
    (borrower,) = borrowers
    year = figures.year
    granted = tuple(granted)
    return check_ratios(
        figures=figures,
        granted_annuities=sum((loan.annuities_in(year) for loan in granted), ZERO),
        new_annuity=sum((item.loan.first_full_annuity for item in loans), ZERO),
        borrower_granted_annuities=sum(
            (loan.annuities_in(year) for loan in granted if loan.borrower == borrower), ZERO
        ),
        loans=[
            LoanShare(
                label=item.loan.label or f"Prêt {index}",
                quotite=item.loan.quotite,
                co_guarantors=item.co_guarantors,
                amenagement=item.amenagement,
            )
            for index, item in enumerate(loans, start=1)
        ],
        exemption=exemption,
        limits=limits,
    )
