"""CGCT L4253-1 rules at, below and above their limits; exemptions; snapshots.

Base case: real operating revenue 1,000,000 €, own debt annuities 300,000 €.
Rule 1 limit: 50 % × 1,000,000 = 500,000 €. Guarantee capacity: 500,000 − 300,000 =
200,000 €, so rule 2 allows 20,000 € of annuities for one debtor.
"""

import dataclasses
import datetime
import json
from decimal import Decimal as D

import pytest

from projects.tracking.guarantees.finance import (
    DEFAULT_LIMITS,
    ApplicationLoan,
    CoGuarantor,
    Exemption,
    ExemptionKind,
    GuaranteedLoan,
    LoanShare,
    LoanTerms,
    RatioLimits,
    RatioReport,
    RegionFigures,
    Status,
    Unit,
    amortisation_schedule,
    check_application,
    check_ratios,
)
from projects.tracking.guarantees.finance.ratios import (
    DIVISION,
    PARTAGE,
    PLAFONNEMENT,
    TOTAL_QUOTITES,
)

FIGURES = RegionFigures(year=2025, operating_revenue=D("1000000"), own_debt_annuities=D("300000"))
ONE_LOAN = (LoanShare(label="Prêt PSLA", quotite=D("50")),)


def report(**overrides):
    inputs = {
        "figures": FIGURES,
        "granted_annuities": D("100000"),
        "new_annuity": D("5000"),
        "borrower_granted_annuities": D("0"),
        "loans": ONE_LOAN,
    } | overrides
    return check_ratios(**inputs)


def status(code, subject="", **overrides):
    if code in (PARTAGE, TOTAL_QUOTITES):
        subject = subject or "Prêt PSLA"
    return report(**overrides).check(code, subject).status


@pytest.mark.parametrize(
    ("granted", "expected"),
    [
        (D("194999.99"), Status.PASSED),
        (D("195000"), Status.PASSED),  # 195,000 + 5,000 + 300,000 = 500,000: at the limit
        (D("195000.01"), Status.FAILED),
    ],
)
def test_rule_1_plafonnement(granted, expected):
    check = report(granted_annuities=granted).check(PLAFONNEMENT)
    assert check.status is expected
    assert check.limit == D("500000")
    assert check.value == granted + D("305000")
    assert check.unit is Unit.EUR
    assert check.figure("operating_revenue").value == D("1000000")
    assert check.figure("own_debt_annuities").value == D("300000")
    assert check.figure("granted_annuities").value == granted
    assert check.figure("new_annuity").value == D("5000")
    assert "50 % des recettes réelles de fonctionnement" in check.label
    assert "L4253-1 al. 2" in check.legal_basis


def test_rule_1_shows_the_share_of_revenue_and_deducts_provisions():
    check = report(granted_annuities=D("195000")).check(PLAFONNEMENT)
    assert check.figure("revenue_share").value == D("50.00")
    assert check.figure("revenue_share").unit is Unit.PERCENT
    figures = RegionFigures(2025, D("1000000"), D("300000"), provisions=D("10000"))
    with_provisions = report(figures=figures, granted_annuities=D("205000"))
    assert with_provisions.check(PLAFONNEMENT).value == D("500000")
    assert with_provisions.check(PLAFONNEMENT).status is Status.PASSED
    # The provisions widen the capacity of rule 2 as well: 10 % of 210,000.
    assert with_provisions.check(DIVISION).limit == D("21000")


@pytest.mark.parametrize(
    ("borrower_granted", "expected"),
    [
        (D("14999.99"), Status.PASSED),
        (D("15000"), Status.PASSED),  # 15,000 + 5,000 = 20,000 = 10 % of 200,000
        (D("15000.01"), Status.FAILED),
    ],
)
def test_rule_2_division_du_risque(borrower_granted, expected):
    check = report(borrower_granted_annuities=borrower_granted).check(DIVISION)
    assert check.status is expected
    assert check.limit == D("20000")
    assert check.value == borrower_granted + D("5000")
    assert check.figure("guarantee_capacity").value == D("200000")
    assert check.figure("borrower_granted_annuities").value == borrower_granted
    assert check.figure("capacity_share").value == (check.value / 2000).quantize(D("0.01"))
    assert "10 % des annuités susceptibles d'être garanties" in check.label


def test_rule_2_without_capacity_left_fails():
    figures = RegionFigures(2025, D("1000000"), D("600000"))
    check = report(figures=figures).check(DIVISION)
    assert check.figure("guarantee_capacity").value == D("0.00")
    assert check.limit == D("0")
    assert check.status is Status.FAILED


@pytest.mark.parametrize(
    ("quotite", "co_guarantors", "amenagement", "partage", "total"),
    [
        (D("49.99"), (), False, Status.PASSED, Status.PASSED),
        (D("50"), (), False, Status.PASSED, Status.PASSED),
        (D("50.01"), (), False, Status.FAILED, Status.PASSED),
        # The cap is on the local authorities together.
        (D("30"), (CoGuarantor("Commune d'Albi", D("20")),), False, Status.PASSED, Status.PASSED),
        (
            D("30"),
            (CoGuarantor("Département du Tarn", D("25")),),
            False,
            Status.FAILED,
            Status.PASSED,
        ),
        # A guarantor that is not a local authority takes the rest.
        (
            D("50"),
            (CoGuarantor("Fonds de garantie", D("50"), local_authority=False),),
            False,
            Status.PASSED,
            Status.PASSED,
        ),
        (
            D("50"),
            (CoGuarantor("Fonds de garantie", D("50.01"), local_authority=False),),
            False,
            Status.PASSED,
            Status.FAILED,
        ),
        # Opération d'aménagement: 80 %.
        (D("50"), (CoGuarantor("Commune", D("30")),), True, Status.PASSED, Status.PASSED),
        (D("50"), (CoGuarantor("Commune", D("30.01")),), True, Status.FAILED, Status.PASSED),
    ],
)
def test_rule_3_partage_du_risque_and_total(quotite, co_guarantors, amenagement, partage, total):
    loan = LoanShare("Prêt PSLA", quotite, co_guarantors, amenagement)
    result = report(loans=(loan,))
    check = result.check(PARTAGE, "Prêt PSLA")
    assert check.status is partage
    assert check.limit == (D("80") if amenagement else D("50"))
    assert check.unit is Unit.PERCENT
    assert check.figure("quotite_region").value == quotite
    assert result.check(TOTAL_QUOTITES, "Prêt PSLA").status is total
    assert result.check(TOTAL_QUOTITES, "Prêt PSLA").limit == D("100")


def test_rule_3_is_checked_for_each_loan():
    loans = (LoanShare("Prêt 1", D("50")), LoanShare("Prêt 2", D("60")))
    result = report(loans=loans)
    assert result.check(PARTAGE, "Prêt 1").status is Status.PASSED
    assert result.check(PARTAGE, "Prêt 2").status is Status.FAILED
    assert result.status is Status.FAILED
    assert not result.passed


def test_co_guarantor_figures_name_the_guarantor():
    loan = LoanShare(
        "Prêt",
        D("25"),
        (CoGuarantor("Commune de Rodez", D("25")), CoGuarantor("Banque", D("50"), False)),
    )
    result = report(loans=(loan,))
    labels = [f.label for f in result.check(PARTAGE, "Prêt").figures]
    assert labels == [
        "Quotité de la Région",
        "Quotité — Commune de Rodez (collectivité territoriale)",
    ]
    assert result.check(PARTAGE, "Prêt").value == D("50")
    assert result.check(TOTAL_QUOTITES, "Prêt").value == D("100")
    assert len(result.check(TOTAL_QUOTITES, "Prêt").figures) == 3


@pytest.mark.parametrize(
    "figures",
    [
        RegionFigures(2025, None, D("300000")),
        RegionFigures(2025, D("1000000"), None),
        RegionFigures(2025, D("0"), D("0")),
    ],
)
def test_missing_region_figures_are_not_computable_never_passed(figures):
    result = report(figures=figures)
    for code in (PLAFONNEMENT, DIVISION):
        check = result.check(code)
        assert check.status is Status.NOT_COMPUTABLE
        assert check.status.label == "non calculable"
        assert not check.passed
        assert check.limit is None
        assert "2025" in check.note and "il manque" in check.note
    assert result.check(PARTAGE, "Prêt PSLA").status is Status.PASSED
    assert result.status is Status.NOT_COMPUTABLE
    assert not result.passed


def test_a_failure_outranks_a_missing_figure():
    result = report(figures=RegionFigures(2025, None, None), loans=(LoanShare("P", D("60")),))
    assert result.status is Status.FAILED


@pytest.mark.parametrize("kind", [ExemptionKind.HLM, ExemptionKind.SEM, ExemptionKind.STATE_AID])
def test_exemption_switches_the_three_rules_off_visibly(kind):
    exemption = Exemption(kind, "Opération PLS de l'OPH Toulouse Métropole Habitat")
    result = report(
        granted_annuities=D("900000"),  # would fail rules 1 and 2
        borrower_granted_annuities=D("900000"),
        loans=(LoanShare("Prêt PSLA", D("100")),),
        exemption=exemption,
    )
    for code, subject in ((PLAFONNEMENT, ""), (DIVISION, ""), (PARTAGE, "Prêt PSLA")):
        check = result.check(code, subject)
        assert check.status is Status.EXEMPT
        assert check.status.label == "exempté"
        assert "L4253-2" in check.note
        assert "OPH Toulouse Métropole Habitat" in check.note
        assert check.value is not None  # the figures are still shown
    assert result.check(TOTAL_QUOTITES, "Prêt PSLA").status is Status.PASSED
    assert result.status is Status.PASSED
    assert result.passed


def test_exemption_with_missing_figures_is_exempt():
    exemption = Exemption(ExemptionKind.HLM, "Organisme HLM")
    result = report(figures=RegionFigures(2025, None, None), exemption=exemption)
    assert result.check(PLAFONNEMENT).status is Status.EXEMPT
    assert result.status is Status.PASSED


def test_coherence_of_quotites_is_never_exempt():
    loan = LoanShare("P", D("60"), (CoGuarantor("Commune", D("50")),))
    result = report(loans=(loan,), exemption=Exemption(ExemptionKind.SEM, "SEM"))
    assert result.check(TOTAL_QUOTITES, "P").status is Status.FAILED
    assert result.status is Status.FAILED


def test_general_interest_body_is_exempt_from_rule_3_only():
    exemption = Exemption(ExemptionKind.GENERAL_INTEREST, "Association reconnue d'utilité publique")
    result = report(
        granted_annuities=D("900000"), loans=(LoanShare("P", D("100")),), exemption=exemption
    )
    assert result.check(PLAFONNEMENT).status is Status.FAILED
    assert result.check(DIVISION).status is Status.PASSED
    assert result.check(PARTAGE, "P").status is Status.EXEMPT
    assert "L4253-1 al. 5" in result.check(PARTAGE, "P").note


def test_an_exemption_needs_a_reason():
    with pytest.raises(ValueError, match="motif"):
        Exemption(ExemptionKind.HLM, "  ")


def test_all_passed():
    result = report()
    assert result.status is Status.PASSED and result.passed
    assert [c.code for c in result.checks] == [PLAFONNEMENT, DIVISION, PARTAGE, TOTAL_QUOTITES]


def test_limits_are_parameters():
    limits = RatioLimits(quotite=D("40"))
    result = report(limits=limits)
    assert result.check(PARTAGE, "Prêt PSLA").status is Status.FAILED
    assert "≤ 40 %" in result.check(PARTAGE, "Prêt PSLA").label


def test_report_round_trips_through_json():
    exemption = Exemption(ExemptionKind.GENERAL_INTEREST, "Fondation « Abri »")
    loan = LoanShare("Prêt 1", D("45.5"), (CoGuarantor("Commune", D("4.5")),))
    original = report(
        granted_annuities=D("123456.78"),
        borrower_granted_annuities=D("1000.01"),
        loans=(loan,),
        exemption=exemption,
    )
    data = json.loads(json.dumps(original.to_dict()))
    assert data["schema"] == 1
    assert data["status"] == "passed" and data["status_label"] == "respecté"
    first = data["checks"][0]
    assert first["value"] == "428456.78"
    assert first["limit"] == "500000"
    assert first["figures"][0] == {
        "code": "operating_revenue",
        "label": "Recettes réelles de fonctionnement 2025",
        "value": "1000000",
        "unit": "EUR",
    }
    restored = RatioReport.from_dict(data)
    assert restored == original
    assert restored.status is original.status
    assert restored.check(PLAFONNEMENT).value == D("428456.78")


def test_not_computable_report_round_trips_with_none():
    original = report(figures=RegionFigures(2026, None, None))
    data = json.loads(json.dumps(original.to_dict()))
    assert data["checks"][0]["limit"] is None
    assert RatioReport.from_dict(data) == original


def test_unknown_schema_is_refused():
    with pytest.raises(ValueError):
        RatioReport.from_dict({"schema": 99, "year": 2025, "checks": []})


def _loan(amount, borrower, quotite, first_year=2025, label=""):
    schedule = amortisation_schedule(
        LoanTerms(
            amount=D(amount),
            duration_months=120,
            annual_rate=D("0"),
            first_due_date=datetime.date(first_year, 10, 1),
        )
    )
    return GuaranteedLoan(schedule, D(quotite), borrower=borrower, label=label)


def test_check_application_derives_the_inputs_from_schedules():
    granted = [
        _loan("1000000", "coop-a", "50"),  # 50,000 guaranteed in 2025
        _loan("2000000", "coop-b", "50"),  # 100,000
        _loan("500000", "coop-b", "40", first_year=2030),  # nothing due in 2025
    ]
    loans = [
        ApplicationLoan(
            _loan("300000", "coop-b", "40", first_year=2027, label="Prêt BRS"),
            co_guarantors=(CoGuarantor("Commune de Sète", D("10")),),
        )
    ]
    result = check_application(figures=FIGURES, granted=granted, loans=loans)
    plafonnement = result.check(PLAFONNEMENT)
    assert plafonnement.figure("granted_annuities").value == D("150000.00")
    # First full annuity of the application's loan: 30,000 × 40 %, even though due from 2027.
    assert plafonnement.figure("new_annuity").value == D("12000.00")
    assert plafonnement.value == D("462000.00")
    division = result.check(DIVISION)
    assert division.figure("borrower_granted_annuities").value == D("100000.00")
    assert division.value == D("112000.00")
    assert division.status is Status.FAILED
    assert result.check(PARTAGE, "Prêt BRS").value == D("50")
    assert result.check(PARTAGE, "Prêt BRS").status is Status.PASSED


def test_check_application_names_unlabelled_loans_and_wants_one_borrower():
    result = check_application(
        figures=FIGURES, granted=[], loans=[ApplicationLoan(_loan("1000", "x", "50"))]
    )
    assert result.check(PARTAGE, "Prêt 1").status is Status.PASSED
    with pytest.raises(ValueError):
        check_application(
            figures=FIGURES,
            granted=[],
            loans=[
                ApplicationLoan(_loan("1000", "x", "50")),
                ApplicationLoan(_loan("1000", "y", "50")),
            ],
        )
    with pytest.raises(ValueError):
        check_application(
            figures=FIGURES, granted=[], loans=[ApplicationLoan(_loan("1000", "", "50"))]
        )


def test_a_provisions_coefficient_other_than_1_multiplies_the_provisions():
    # Provisions 10,000 € × coefficient 2 = 20,000 € deducted.
    figures = RegionFigures(2025, D("1000000"), D("300000"), provisions=D("10000"))
    result = report(figures=figures, limits=RatioLimits(provisions_coefficient=D("2")))
    plafonnement = result.check(PLAFONNEMENT)
    assert plafonnement.figure("provisions").value == D("20000")
    assert "coefficient 2 (en déduction)" in plafonnement.figure("provisions").label
    # 100,000 + 5,000 + 300,000 − 20,000.
    assert plafonnement.value == D("385000")
    # Capacity: 500,000 − 300,000 + 20,000 = 220,000; 10 % of it for one debtor.
    division = result.check(DIVISION)
    assert division.figure("guarantee_capacity").value == D("220000")
    assert division.limit == D("22000")
    # A coefficient of 0.5 halves them: 5,000 € deducted, capacity 205,000 €.
    halved = report(figures=figures, limits=RatioLimits(provisions_coefficient=D("0.5")))
    assert halved.check(PLAFONNEMENT).figure("provisions").value == D("5000.0")
    assert halved.check(PLAFONNEMENT).value == D("400000.0")
    assert halved.check(DIVISION).limit == D("20500.00")


@pytest.mark.parametrize(
    ("granted", "share"),
    [
        # (granted + 305,000) × 100 / 1,000,000, rounded half up to the hundredth.
        (D("96250"), D("40.13")),  # 40.125 exactly: half up, not half even (40.12)
        (D("96350"), D("40.14")),  # 40.135 exactly: same either way
        (D("96212"), D("40.12")),  # 40.1212: down
        (D("96249.99"), D("40.12")),  # 40.124999
    ],
)
def test_share_of_revenue_is_rounded_half_up(granted, share):
    check = report(granted_annuities=granted).check(PLAFONNEMENT)
    assert check.figure("revenue_share").value == share


def test_share_of_capacity_is_rounded_half_up():
    # (1,250.50 + 5,000) × 100 / 200,000 = 3.12525 → 3.13 (half up on the third decimal).
    check = report(borrower_granted_annuities=D("1250.50")).check(DIVISION)
    assert check.figure("capacity_share").value == D("3.13")
    # (2,050 + 5,000) × 100 / 200,000 = 3.525 exactly → 3.53 (half even would give 3.52).
    check = report(borrower_granted_annuities=D("2050")).check(DIVISION)
    assert check.figure("capacity_share").value == D("3.53")


def test_no_share_of_a_capacity_of_zero():
    figures = RegionFigures(2025, D("1000000"), D("500000"))
    check = report(figures=figures).check(DIVISION)
    assert check.figure("guarantee_capacity").value == D("0")
    assert check.figure("capacity_share").value is None
    assert check.status is Status.FAILED


@pytest.mark.parametrize(
    ("figures", "missing"),
    [
        (RegionFigures(2025, None, D("300000")), "les recettes réelles de fonctionnement"),
        (RegionFigures(2025, D("1000000"), None), "les annuités de la dette propre"),
        (
            RegionFigures(2025, D("0"), D("0")),
            "des recettes réelles de fonctionnement positives",
        ),
        (
            RegionFigures(2025, D("-1"), D("0")),
            "des recettes réelles de fonctionnement positives",
        ),
        (
            RegionFigures(2025, None, None),
            "les recettes réelles de fonctionnement et les annuités de la dette propre",
        ),
    ],
)
def test_missing_figures_are_named_in_the_note(figures, missing):
    result = report(figures=figures)
    note = f"Non calculable : il manque {missing} de la Région pour 2025."
    for code in (PLAFONNEMENT, DIVISION):
        assert result.check(code).note == note
        assert result.check(code).status is Status.NOT_COMPUTABLE
    assert result.check(PLAFONNEMENT).value is None
    assert result.check(PLAFONNEMENT).figure("revenue_share").value is None
    assert result.check(DIVISION).figure("guarantee_capacity").value is None
    assert result.check(DIVISION).figure("capacity_share").value is None


def test_a_small_positive_revenue_is_computable():
    figures = RegionFigures(2025, D("0.01"), D("0"))
    check = report(figures=figures, granted_annuities=D("0"), new_annuity=D("0")).check(
        PLAFONNEMENT
    )
    assert check.note == ""
    assert check.limit == D("0.005")
    assert check.value == D("0")
    assert check.status is Status.PASSED


def test_figures_and_annuities_may_come_as_stored_strings_or_integers():
    figures = RegionFigures(2025, "1000000", 300000, provisions="0.50")
    assert (figures.operating_revenue, figures.own_debt_annuities, figures.provisions) == (
        D("1000000"),
        D("300000"),
        D("0.50"),
    )
    assert all(
        isinstance(value, D)
        for value in (figures.operating_revenue, figures.own_debt_annuities, figures.provisions)
    )
    assert RegionFigures(2025, None, None).operating_revenue is None
    result = report(
        figures=figures,
        granted_annuities="100000.25",
        new_annuity="5000.25",
        borrower_granted_annuities="1000.25",
    )
    # 100,000.25 + 5,000.25 + 300,000 − 0.50.
    assert result.check(PLAFONNEMENT).value == D("405000.00")
    assert result.check(DIVISION).value == D("6000.50")
    assert result.check(DIVISION).figure("borrower_granted_annuities").value == D("1000.25")
    assert result.to_dict()["checks"][0]["figures"][2]["value"] == "100000.25"


def test_only_exempt_rules_make_an_exempt_report():
    exemption = Exemption(ExemptionKind.HLM, "Office public de l'habitat")
    result = report(loans=(), exemption=exemption)
    assert [c.status for c in result.checks] == [Status.EXEMPT, Status.EXEMPT]
    assert result.status is Status.EXEMPT
    assert result.passed
    assert dataclasses.asdict(result)["status"] is Status.EXEMPT
    assert report(loans=()).status is Status.PASSED
    assert report(figures=RegionFigures(2025, None, None), loans=()).passed is False


def test_check_passed_only_when_the_status_is_passed():
    result = report(loans=(LoanShare("P", D("60")),))
    assert result.check(PLAFONNEMENT).passed is True
    assert result.check(PARTAGE, "P").passed is False
    assert result.status is Status.FAILED
    assert result.check(PARTAGE, "P").subject == "P"


def test_exemption_kind_may_come_as_a_stored_string():
    exemption = Exemption("general_interest", "Fondation")
    assert exemption.kind is ExemptionKind.GENERAL_INTEREST
    assert exemption.covers(PARTAGE)
    assert not exemption.covers(PLAFONNEMENT)
    assert Exemption("sem", "SEM").covers(PLAFONNEMENT)


@pytest.mark.parametrize("quotite", [D("-0.01"), D("100.01")])
def test_co_guarantor_quotite_outside_0_100_is_refused(quotite):
    with pytest.raises(ValueError, match="entre 0 % et 100 %"):
        CoGuarantor("Commune", quotite)
    with pytest.raises(ValueError, match="entre 0 % et 100 %"):
        LoanShare("Prêt", quotite)


@pytest.mark.parametrize("quotite", ["0", "100", "12.5"])
def test_co_guarantor_quotite_within_0_100_is_kept_as_decimal(quotite):
    co = CoGuarantor("Commune", quotite)
    assert co.quotite == D(quotite) and isinstance(co.quotite, D)
    loan = LoanShare("Prêt", quotite, [co])
    assert loan.quotite == D(quotite) and isinstance(loan.quotite, D)
    assert loan.co_guarantors == (co,)


def test_co_guarantor_figures_are_numbered_and_amenagement_is_named():
    loan = LoanShare(
        "Prêt",
        D("40"),
        (CoGuarantor("Commune", D("20")), CoGuarantor("Banque", D("30"), False)),
        amenagement=True,
    )
    result = report(loans=(loan,))
    partage = result.check(PARTAGE, "Prêt")
    assert [f.code for f in partage.figures] == ["quotite_region", "quotite_co_guarantor_1"]
    assert partage.label == (
        "Partage du risque : quotité garantie par les collectivités ≤ 80 % du prêt "
        "(opération d'aménagement)"
    )
    assert (partage.value, partage.status) == (D("60"), Status.PASSED)
    total = result.check(TOTAL_QUOTITES, "Prêt")
    assert [(f.code, f.value) for f in total.figures] == [
        ("quotite_region", D("40")),
        ("quotite_co_guarantor_1", D("20")),
        ("quotite_co_guarantor_2", D("30")),
    ]
    assert (total.value, total.status) == (D("90"), Status.PASSED)
    plain = report(loans=(LoanShare("Prêt", D("40")),)).check(PARTAGE, "Prêt")
    assert (
        plain.label == "Partage du risque : quotité garantie par les collectivités ≤ 50 % du prêt"
    )


def test_total_of_quotites_at_100_passes():
    loan = LoanShare("P", D("50"), (CoGuarantor("Banque", D("50"), local_authority=False),))
    total = report(loans=(loan,)).check(TOTAL_QUOTITES, "P")
    assert (total.value, total.status) == (D("100"), Status.PASSED)


def test_check_application_accepts_granted_loans_as_an_iterator():
    granted = [_loan("1000000", "coop-a", "50"), _loan("2000000", "coop-b", "50")]
    loans = [ApplicationLoan(_loan("300000", "coop-b", "40", first_year=2027))]
    result = check_application(figures=FIGURES, granted=iter(granted), loans=loans)
    # 50,000 + 100,000 guaranteed in 2025, of which 100,000 for coop-b.
    assert result.check(PLAFONNEMENT).figure("granted_annuities").value == D("150000.00")
    assert result.check(DIVISION).figure("borrower_granted_annuities").value == D("100000.00")


@pytest.mark.parametrize(
    "borrowers",
    [[], ["x", "y"], [""], ["x", ""]],
)
def test_check_application_wants_exactly_one_named_borrower(borrowers):
    loans = [ApplicationLoan(_loan("1000", borrower, "50")) for borrower in borrowers]
    with pytest.raises(ValueError, match="exactly one borrower"):
        check_application(figures=FIGURES, granted=[], loans=loans)


def test_check_application_numbers_unlabelled_loans_from_1():
    loans = [
        ApplicationLoan(_loan("1000", "x", "50", label="Prêt PLS")),
        ApplicationLoan(_loan("1000", "x", "60")),
        ApplicationLoan(_loan("1000", "x", "30"), amenagement=True),
    ]
    result = check_application(figures=FIGURES, granted=[], loans=loans, limits=DEFAULT_LIMITS)
    subjects = [c.subject for c in result.checks if c.code == PARTAGE]
    assert subjects == ["Prêt PLS", "Prêt 2", "Prêt 3"]
    assert result.check(PARTAGE, "Prêt 2").status is Status.FAILED
    assert result.check(PARTAGE, "Prêt 3").limit == D("80")


def test_check_application_passes_the_exemption_and_the_limits_on():
    loans = [ApplicationLoan(_loan("1000", "x", "45"))]
    limits = RatioLimits(quotite=D("40"))
    result = check_application(figures=FIGURES, granted=[], loans=loans, limits=limits)
    assert result.check(PARTAGE, "Prêt 1").status is Status.FAILED
    exemption = Exemption(ExemptionKind.STATE_AID, "Prêt aidé")
    exempt = check_application(
        figures=FIGURES, granted=[], loans=loans, limits=limits, exemption=exemption
    )
    assert exempt.exemption == exemption
    assert exempt.check(PARTAGE, "Prêt 1").status is Status.EXEMPT


@pytest.mark.parametrize(
    ("kind", "note"),
    [
        (
            ExemptionKind.HLM,
            "Exempté (CGCT art. L4253-2) : Opération d'un organisme d'habitations à loyer "
            "modéré. Motif : Agrément PLS",
        ),
        (
            ExemptionKind.SEM,
            "Exempté (CGCT art. L4253-2) : Opération d'une société d'économie mixte. "
            "Motif : Agrément PLS",
        ),
        (
            ExemptionKind.STATE_AID,
            "Exempté (CGCT art. L4253-2) : Opération aidée par l'État (subvention ou prêt "
            "aidé). Motif : Agrément PLS",
        ),
        (
            ExemptionKind.GENERAL_INTEREST,
            "Exempté (CGCT art. L4253-1 al. 5) : Organisme d'intérêt général (CGI art. 200 et "
            "238 bis) : partage du risque seulement. Motif : Agrément PLS",
        ),
    ],
)
def test_exemption_note_names_the_legal_basis_the_kind_and_the_reason(kind, note):
    result = report(exemption=Exemption(kind, "Agrément PLS"))
    assert result.check(PARTAGE, "Prêt PSLA").note == note


def test_share_of_a_capacity_of_one_euro_is_computed():
    # Capacity 500,000 − 499,999 = 1 €: the debtor's 5,000 € are 500,000 % of it.
    figures = RegionFigures(2025, D("1000000"), D("499999"))
    check = report(figures=figures).check(DIVISION)
    assert check.figure("guarantee_capacity").value == D("1")
    assert check.figure("capacity_share").value == D("500000.00")
