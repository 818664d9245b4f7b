"""What the agenda needs to run: its index page, /agenda/, under the home page. Idempotent:
an existing agenda (even renamed or moved by editors) is left alone."""

from django.db import transaction

from labo.home.models import HomePage

from .models import EventIndexPage

INTRO = (
    "<p>Rencontres régionales et locales, webinaires, visites de projets, ateliers et agoras "
    "du Labo de l'habitat des communs en Occitanie.</p>"
)


@transaction.atomic
def ensure_agenda() -> EventIndexPage | None:
    index = EventIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        return None
    return home.add_child(instance=EventIndexPage(title="Agenda", slug="agenda", intro=INTRO))
