"""Filters of the agenda lists (département, format, mois), read from the query string so
every filtered list has a URL that can be shared or bookmarked."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from labo.accounts.occitanie import Departement

from .models import EventFormat, EventPage


def month_value(moment: datetime.datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def month_choices(queryset) -> list[tuple[str, str]]:
    """The months (Paris time) in which the listed events start, in the list's order; one
    query."""
    months = queryset.datetimes("start", "month", tzinfo=timezone.get_current_timezone())
    choices = []
    for moment in months:
        if month_value(moment) not in dict(choices):
            choices.append((month_value(moment), date_format(moment, "F Y").capitalize()))
    return choices


class EventFilter(django_filters.FilterSet):
    departement = django_filters.ChoiceFilter(
        label=_("Département"), choices=Departement.choices, empty_label=_("Tous")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=EventFormat.choices, empty_label=_("Tous")
    )
    mois = django_filters.ChoiceFilter(
        label=_("Mois"), choices=[], empty_label=_("Tous"), method="filter_month"
    )

    class Meta:
        model = EventPage
        fields = []

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The months offered depend on the list (upcoming or past): set before the form is
        # built, on this instance's copy of the filter.
        self.filters["mois"].extra["choices"] = list(months)

    def filter_month(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        tz = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return queryset.filter(start__gte=first, start__lt=following)
