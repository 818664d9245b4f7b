"""Filters of the staff listing (django-filter): call, stage, département, legal form of the
applying organisation, reviewer, overdue, decision left unread, free-text search and sort."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from labo.accounts.occitanie import Departement, LegalForm

from ..models import Application, Call, CallStage, Outcome
from .selectors import reviewer_users, unread_decisions

SORTS = [
    ("-submitted_at", _("Dépôt le plus récent")),
    ("submitted_at", _("Dépôt le plus ancien")),
    ("reference", _("Référence")),
    ("stage_due_at", _("Échéance la plus proche")),
    ("-amount_requested", _("Montant sollicité décroissant")),
    ("project__title", _("Projet (A → Z)")),
]
SORT_FIELDS = {value for value, _label in SORTS}
# After this many days, a decision the team has not opened is worth a call.
UNREAD_DECISION_DAYS = 7


def stage_choices():
    seen = {}
    for code, name in (
        CallStage.objects.exclude(kind=CallStage.Kind.DRAFT)
        .order_by("sort_order", "code")
        .values_list("code", "staff_name")
    ):
        seen.setdefault(code, name)
    return list(seen.items())


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Rechercher"), method="search")
    call = django_filters.ModelChoiceFilter(
        label=_("Appel"), queryset=Call.objects.select_related("scheme"), empty_label=_("Tous")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Étape"), field_name="stage__code", choices=stage_choices, empty_label=_("Toutes")
    )
    status = django_filters.ChoiceFilter(
        label=_("Situation"),
        method="filter_status",
        choices=[("en-cours", _("En cours"))] + list(Outcome.choices),
        empty_label=_("Toutes"),
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"), choices=Departement.choices, empty_label=_("Tous")
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Forme juridique"),
        field_name="organisation__legal_form",
        choices=LegalForm.choices,
        empty_label=_("Toutes"),
    )
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Instructeur"),
        field_name="reviews__reviewer",
        queryset=reviewer_users(),
        empty_label=_("Tous"),
        distinct=True,
    )
    overdue = django_filters.BooleanFilter(
        label=_("En retard seulement"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )
    unread_decision = django_filters.BooleanFilter(
        label=format_lazy(
            _("Décision non lue depuis plus de {days} jours"), days=UNREAD_DECISION_DAYS
        ),
        method="filter_unread_decision",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORTS, method="sort_by", empty_label=None
    )

    class Meta:
        model = Application
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(operation_title__icontains=value)
            | Q(project__title__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == "en-cours":
            return queryset.in_progress()
        return queryset.filter(outcome=value)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(timezone.now())
        return queryset

    def filter_unread_decision(self, queryset, name, value):
        if value:
            cutoff = timezone.now() - timedelta(days=UNREAD_DECISION_DAYS)
            return unread_decisions(queryset, cutoff)
        return queryset

    def sort_by(self, queryset, name, value):
        if value in SORT_FIELDS:
            return queryset.order_by(value, "pk")
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by("-submitted_at", "pk")
        return queryset
