"""Registrations of the staff side of the tracking module (demo loaders, site setup,
Mon espace sections, signal handlers), called from TrackingConfig.ready()."""

# After the applicant side's loader (110), which creates the VIURE 2025 call.
DEMO_ORDER = 120


def ready():
    from labo.core.registry import register_dashboard_section, register_demo_loader

    from ..demo_funnel import load_funnel_demo
    from .dashboard import dashboard_context

    register_demo_loader("tracking_funnel_2025", load_funnel_demo, order=DEMO_ORDER)
    register_dashboard_section(
        "tracking_staff",
        "tracking/staff/includes/dashboard_section.html",
        dashboard_context,
        order=5,
    )
