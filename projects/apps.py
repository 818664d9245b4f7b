from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets d'habitat")

    def ready(self):
        from labo.core.registry import (
            register_dashboard_section,
            register_demo_loader,
            register_site_setup,
        )

        from . import handlers, rules  # noqa: F401
        from .demo import load_demo_projects
        from .site_setup import ensure_project_index
        from .views import dashboard_context

        handlers.connect()
        register_site_setup("projects", ensure_project_index)
        register_demo_loader("projects", load_demo_projects)
        register_dashboard_section(
            "projects", "projects/includes/dashboard_section.html", dashboard_context, order=10
        )
