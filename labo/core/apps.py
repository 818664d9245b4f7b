from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces: navigation, error pages, template helpers, the site map."""

    name = "labo.core"
    label = "core"
    verbose_name = _("Socle du site")
