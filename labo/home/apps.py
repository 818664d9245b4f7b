from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "labo.home"
    label = "home"
    verbose_name = _("Accueil et pages du site")
