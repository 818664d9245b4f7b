from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from labo.core.registry import register_dashboard_section, register_demo_loader

        # Registers the forum's rules with labo.permissions.
        from . import rules  # noqa: F401
        from .dashboard import forum_section
        from .demo import load_forum_demo

        # After the projects: the private space belongs to a demo project.
        register_demo_loader("forum", load_forum_demo, order=200)
        register_dashboard_section(
            "forum", "forum/includes/dashboard_section.html", forum_section, order=40
        )
