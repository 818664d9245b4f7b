from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "projects.tracking"
    label = "tracking"
    verbose_name = _("Appels et dossiers")

    def ready(self):
        from . import rules  # noqa: F401
        from .applicant import app_setup as applicant_setup
        from .guarantees import app_setup as guarantees_setup
        from .staff import app_setup as staff_setup

        applicant_setup.ready()
        staff_setup.ready()
        guarantees_setup.ready()
