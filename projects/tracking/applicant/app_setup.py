"""Registrations of the applicant side of the tracking module (demo loaders, site setup,
Mon espace sections, signal handlers), called from TrackingConfig.ready()."""

# The projects demo loader has the default order (100): calls and dossiers come after it,
# and the staff side's 2025 funnel after this loader (order > 110).
DEMO_ORDER = 110


def ready():
    from labo.core.registry import (
        register_dashboard_section,
        register_demo_loader,
        register_site_setup,
    )

    from ..demo import load_calls_demo
    from .site_setup import ensure_call_index
    from .views import dashboard_context

    register_site_setup("tracking_calls", ensure_call_index, order=40)
    register_demo_loader("tracking_calls", load_calls_demo, order=DEMO_ORDER)
    register_dashboard_section(
        "tracking_applications",
        "tracking/applicant/includes/dashboard_section.html",
        dashboard_context,
        order=20,
    )
