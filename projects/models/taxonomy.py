"""Small editable lists used to describe and filter projects. CRESS can add entries in the
Wagtail admin (snippets); the initial ones come from DOMAIN.md through a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Habitat inclusif involves vulnerable people: its projects are shown at commune level only.
INCLUSIVE_SLUG = "inclusif"


class _Term(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant dans les adresses"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class HabitatType(_Term):
    class Meta(_Term.Meta):
        verbose_name = _("type d'habitat")
        verbose_name_plural = _("types d'habitat")


class SharedSpace(_Term):
    class Meta(_Term.Meta):
        verbose_name = _("espace partagé")
        verbose_name_plural = _("espaces partagés")
