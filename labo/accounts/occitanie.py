"""Reference lists from DOMAIN.md: Occitanie départements and the legal forms of
housing-project holders. Shared by organisations now and projects later."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Departement(models.TextChoices):
    ARIEGE = "09", "09 – Ariège"
    AUDE = "11", "11 – Aude"
    AVEYRON = "12", "12 – Aveyron"
    GARD = "30", "30 – Gard"
    HAUTE_GARONNE = "31", "31 – Haute-Garonne"
    GERS = "32", "32 – Gers"
    HERAULT = "34", "34 – Hérault"
    LOT = "46", "46 – Lot"
    LOZERE = "48", "48 – Lozère"
    HAUTES_PYRENEES = "65", "65 – Hautes-Pyrénées"
    PYRENEES_ORIENTALES = "66", "66 – Pyrénées-Orientales"
    TARN = "81", "81 – Tarn"
    TARN_ET_GARONNE = "82", "82 – Tarn-et-Garonne"


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association loi 1901")
    SCI = "sci", _("SCI / SCIA (société civile immobilière d'attribution)")
    SCCC = "sccc", _("SCCC (société civile coopérative de construction)")
    HABITANTS_COOP = "coop_habitants", _("Coopérative d'habitants")
    SAA = "saa", _("Société d'attribution et d'autopromotion (SAA)")
    SCIC = "scic", _("SCIC")
    SAS_COOP = "sas_coop", _("SAS coopérative")
    FONCIERE = "fonciere_solidaire", _("Foncière solidaire")
    OFS = "ofs", _("OFS (organisme de foncier solidaire)")
    SOCIAL_LANDLORD = "bailleur_social", _("Bailleur social")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité territoriale")
    OTHER = "autre", _("Autre")
