from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .converters import register as register_path_converters

# Now, while apps are being imported and before any model: routable pages compile their
# routes, « <id:…> » included, when their models are imported.
register_path_converters()


class CoreConfig(AppConfig):
    """Site-wide pieces: navigation, error pages, template helpers, the site map."""

    name = "labo.core"
    label = "core"
    verbose_name = _("Socle du site")
