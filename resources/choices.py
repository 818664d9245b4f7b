"""Fixed vocabularies of the resource centre. Their values appear in shareable library URLs
(``?type=guide&stade=conception``), so they are short French slugs that never change; the
labels may be reworded freely."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    FACT_SHEET = "fiche-pratique", _("Fiche pratique")
    TEMPLATE = "modele", _("Modèle de document")
    STUDY = "etude", _("Étude")
    EXPERIENCE = "retour-experience", _("Retour d'expérience")
    VIDEO = "video", _("Vidéo")
    TOOL = "outil", _("Outil")
    WEBINAR = "replay-webinaire", _("Replay de webinaire")


class Stage(models.TextChoices):
    """The seven stades of a housing project (DOMAIN.md). The projects app defines the same
    values for ProjectPage; they are repeated here so resources do not depend on projects."""

    EMERGENCE = "emergence", _("Émergence")
    CONSTITUTION = "constitution", _("Constitution du groupe")
    FEASIBILITY = "faisabilite", _("Faisabilité / recherche foncière")
    DESIGN = "conception", _("Conception")
    SETUP = "montage", _("Montage juridique et financier")
    WORKS = "chantier", _("Chantier")
    LIVED_IN = "habite", _("Habité (vie habitante)")


class Audience(models.TextChoices):
    RESIDENTS = "habitants", _("Habitants")
    HOLDERS = "porteurs", _("Porteurs de projet")
    AUTHORITIES = "collectivites", _("Collectivités")
    SUPPORT = "accompagnateurs", _("Accompagnateurs")


class Sort(models.TextChoices):
    RECENT = "recent", _("Les plus récentes")
    OLDEST = "ancien", _("Les plus anciennes")
    TITLE = "titre", _("Titre (A → Z)")
    DOWNLOADS = "telechargements", _("Les plus téléchargées")


# Themes are snippets the CRESS edits; these are only the ones a new site starts with.
DEFAULT_THEMES = [
    ("juridique", "Juridique"),
    ("financement", "Financement"),
    ("foncier", "Foncier"),
    ("gouvernance", "Gouvernance"),
    ("conception-architecture", "Conception et architecture"),
    ("vie-collective", "Vie collective"),
    ("habitat-inclusif", "Habitat inclusif"),
    ("montage-operation", "Montage d'opération"),
]
