"""Real content (pages and forum topics) for the page, privacy and indexing tests."""

import datetime

from django.utils import timezone

from labo.events.site_setup import ensure_agenda
from projects.models import ProjectIndexPage
from resources.models import Theme
from tests.events.factories import EventPageFactory, paris
from tests.projects.factories import ProjectPageFactory
from tests.resources.factories import ResourcePageFactory, ThemeFactory


def make_project(**kwargs):
    kwargs.setdefault("parent", ProjectIndexPage.objects.get())
    return ProjectPageFactory(**kwargs)


def make_resource(**kwargs):
    return ResourcePageFactory(**kwargs)


def make_event(**kwargs):
    kwargs.setdefault("parent", ensure_agenda())
    return EventPageFactory(**kwargs)


def theme(slug="foncier", name="Foncier"):
    return Theme.objects.filter(slug=slug).first() or ThemeFactory(slug=slug, name=name)


def sample_content():
    """Three projects, two resources and one event with the French words of the tests."""
    foncier = theme("foncier", "Foncier")
    juridique = theme("juridique", "Juridique")
    return {
        "tilleuls": make_project(
            title="Habitat partagé des Tilleuls",
            summary="Une coopérative d'habitants à Montpellier.",
            stage="conception",
            tags=["jardin"],
        ),
        "oasis": make_project(
            title="Oasis des Cévennes",
            summary="Écolieu rural, habitat léger.",
            stage="chantier",
        ),
        "guide": make_resource(
            title="Guide de l'habitat participatif",
            summary="Monter une coopérative pas à pas.",
            themes=[juridique],
            publication_date=datetime.date(2024, 6, 10),
        ),
        "brs": make_resource(
            title="Le bail réel solidaire",
            summary="Comprendre le BRS et les organismes de foncier solidaire.",
            themes=[foncier],
            resource_type="fiche-pratique",
            publication_date=datetime.date(2025, 9, 1),
        ),
        "rencontre": make_event(
            title="Rencontre des habitats partagés",
            summary="Échanges entre groupes d'Occitanie.",
            start=paris(days=20),
        ),
    }


def now():
    return timezone.now()
