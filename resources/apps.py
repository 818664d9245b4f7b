from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Centre de ressources")

    def ready(self):
        from labo.core.registry import register_demo_loader, register_site_setup

        from . import rules, signals  # noqa: F401
        from .demo import load_resources_demo
        from .site_setup import ensure_resource_centre

        register_site_setup("resources", ensure_resource_centre, order=30)
        register_demo_loader("resources", load_resources_demo, order=30)
