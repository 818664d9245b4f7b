"""Registrations of the loan guarantee screens (permission rules, demo loader), called
from TrackingConfig.ready()."""

# After the projects loader (100) — the guarantee applications need projects and their teams —
# and after the tracking loaders (calls 110, VIURE 2025 funnel 120).
DEMO_ORDER = 130


def ready():
    from labo.core.registry import register_dashboard_section, register_demo_loader

    from . import rules  # noqa: F401
    from .demo import load_guarantee_demo
    from .views import dashboard_context

    register_demo_loader("loan_guarantees", load_guarantee_demo, order=DEMO_ORDER)
    register_dashboard_section(
        "loan_guarantees",
        "tracking/guarantees/includes/dashboard_section.html",
        dashboard_context,
        order=25,
    )
