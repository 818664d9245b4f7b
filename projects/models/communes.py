"""The official list of Occitanie communes, installed by a data migration from
``projects/data/communes_occitanie.csv`` so that no network is needed at run time."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.accounts.occitanie import Departement


def normalise_name(value: str) -> str:
    """« Saint-Jean-de-Védas » and « saint jean de vedas » compare equal: people type commune
    names without accents or hyphens."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = ascii_only.lower().replace("-", " ").replace("'", " ").replace("’", " ")
    return " ".join(cleaned.split())


class Commune(models.Model):
    """A commune (COG INSEE) with the centre of its territory: projects are only ever placed at
    this point, never at an address."""

    insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True, editable=False)
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, db_index=True
    )
    latitude = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4)
    longitude = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["search_name", "insee"]

    def __str__(self):
        return f"{self.name} ({self.insee})"

    def save(self, *args, **kwargs):
        self.search_name = normalise_name(self.name)
        super().save(*args, **kwargs)

    @property
    def departement_name(self) -> str:
        return Departement(self.departement).label.split("– ", 1)[-1]
