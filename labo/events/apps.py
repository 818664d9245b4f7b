from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "labo.events"
    label = "events"
    verbose_name = _("Agenda")

    def ready(self):
        from labo.core.registry import (
            register_dashboard_section,
            register_demo_loader,
            register_site_setup,
        )

        # Registers the agenda's rules with labo.permissions.
        from . import rules  # noqa: F401
        from .dashboard import registrations_section
        from .demo import load_events
        from .site_setup import ensure_agenda

        register_site_setup("events", ensure_agenda)
        register_demo_loader("events", load_events)
        register_dashboard_section(
            "events", "events/includes/dashboard_registrations.html", registrations_section
        )
