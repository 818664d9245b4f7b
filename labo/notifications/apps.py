from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "labo.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Registers the notification rules with labo.permissions.
        from . import rules  # noqa: F401
