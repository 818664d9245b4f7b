"""The demo: the 2025 guarantee funnel (5 holders put in touch, 1 guarantee granted) and the
Region's figures 2024–2026, loaded twice without duplicates."""

from decimal import Decimal

import pytest

from projects.tracking.guarantees.demo import load_guarantee_demo
from projects.tracking.guarantees.finance import RatioReport
from projects.tracking.guarantees.services import ratio_report
from projects.tracking.models import (
    Application,
    Loan,
    RegionFiscalYear,
    granted_guarantees,
)

pytestmark = pytest.mark.django_db


def test_demo_funnel_and_figures(site):
    from projects.demo import load_demo_projects

    load_demo_projects()
    load_guarantee_demo()
    load_guarantee_demo()
    applications = Application.objects.filter(call__scheme__short_name="GAR", call__year=2025)
    assert applications.count() == 5
    assert all(app.loans.exists() for app in applications)
    granted = granted_guarantees().filter(call__year=2025)
    assert granted.count() == 1
    application = granted.get()
    main = application.loans.get(amount=1200000)
    assert (main.duration_months, main.annual_rate, main.quotite) == (300, Decimal("3.4"), 50)
    assert main.co_guarantors.exists()
    assert set(RegionFiscalYear.objects.values_list("year", flat=True)) >= {2024, 2025, 2026}
    assert RegionFiscalYear.objects.get(year=2025).is_demo
    frozen = RatioReport.from_dict(application.decision.snapshot["ratios"])
    assert frozen.passed
    assert ratio_report(application, 2026).passed
    assert Loan.objects.filter(application__in=applications).count() == 6
