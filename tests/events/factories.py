"""Factories of the agenda. Text defaults carry the suite's <script> payload so every page
test also checks escaping. Events start next week at 18 h 30 (Paris) unless told."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from labo.accounts.occitanie import Departement
from labo.events.models import EventFormat, EventIndexPage, EventPage, Registration
from tests.factories import HOSTILE, UserFactory


def paris(days=7, hour=18, minute=30):
    """An aware datetime ``days`` from today at ``hour:minute``, Paris time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Agenda"
    slug = "agenda"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Rencontre {n} {HOSTILE}")
    slug = factory.Sequence(lambda n: f"rencontre-{n}")
    summary = f"Un temps d'échange {HOSTILE}"
    start = factory.LazyFunction(paris)
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    format = EventFormat.LOCAL
    place_name = f"Salle des fêtes {HOSTILE}"
    address = "1 place du Capitole"
    commune = "Toulouse"
    departement = Departement.HAUTE_GARONNE


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = None  # pass an event
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
