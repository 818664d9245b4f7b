"""The agenda: an index page listing events, event pages, and members' registrations.

Pages hold what editors write; ``Registration`` rows are written only by ``services`` (which
lock the event row so the last seat is never given twice). Lists and filters live in
``selectors`` and ``filters``; the index page only wires them to its routes.
"""

import datetime
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.panels import PageChooserPanel as _PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from labo.accounts.occitanie import Departement
from labo.core.blocks import BodyBlock
from labo.core.forms import LaboPageForm

from . import dates


class EventFormat(models.TextChoices):
    REGIONAL = "rencontre_regionale", _("Rencontre régionale")
    LOCAL = "rencontre_locale", _("Rencontre locale")
    WEBINAR = "webinaire", _("Webinaire")
    VISIT = "visite", _("Visite")
    WORKSHOP = "atelier", _("Atelier")
    AGORA = "agora", _("Agora")


class EventIndexPage(RoutablePageMixin, Page):
    """/agenda/: upcoming events at its root, past events at /agenda/passes/, both filtered
    by the query string (département, format, mois)."""

    base_form_class = LaboPageForm

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    @path("")
    def upcoming(self, request):
        return self._listing(request, past=False)

    @path("passes/", name="past")
    def past(self, request):
        return self._listing(request, past=True)

    def _listing(self, request, *, past):
        from .views import event_listing

        return event_listing(request, self, past=past)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ResourceChooserPanel(_PageChooserPanel):
    """Chooses a resource page. The resources app is written alongside this one: until its
    ResourcePage model exists, any page may be chosen rather than the form crashing."""

    def get_form_options(self):
        try:
            apps.get_model(self.page_type)
        except (LookupError, ValueError):
            return super(_PageChooserPanel, self).get_form_options()
        return super().get_form_options()


class EventRelatedResource(Orderable):
    """A link to a resource page. A plain FK to Page keeps migrations independent of the
    resources app; the chooser restricts the choice to resource pages."""

    event = ParentalKey(
        "events.EventPage", related_name="related_resources", on_delete=models.CASCADE
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ressource"),
    )

    panels = [ResourceChooserPanel("page", page_type="resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("ressource liée")
        verbose_name_plural = _("ressources liées")


class EventPage(RoutablePageMixin, Page):
    base_form_class = LaboPageForm

    summary = models.TextField(
        _("résumé"), max_length=500, help_text=_("Deux ou trois phrases, montrées dans la liste.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("présentation"), blank=True)
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_("Les heures de début et de fin ne sont alors pas affichées."),
    )
    format = models.CharField(_("format"), max_length=32, choices=EventFormat.choices)

    place_name = models.CharField(_("nom du lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    departement = models.CharField(
        _("département"), max_length=3, choices=Departement.choices, blank=True, db_index=True
    )
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Pour un webinaire ou une rencontre en ligne."),
    )
    organisers = ParentalManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="events",
        verbose_name=_("structures organisatrices"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("mots-clés"))

    registration_enabled = models.BooleanField(
        _("inscription requise"),
        default=False,
        help_text=_("Les membres s'inscrivent depuis la page de l'événement."),
    )
    capacity = models.IntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Le nombre de places doit être d'au moins 1."))],
        help_text=_(
            "Au-delà, les inscrits sont placés sur liste d'attente. Vide : places illimitées."
        ),
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : les inscriptions ferment au début de l'événement."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("format"),
            ],
            heading=_("Date et format"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("commune"), FieldPanel("departement")]),
                FieldPanel("online_url"),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_closes_at")]),
            ],
            heading=_("Inscriptions"),
        ),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("organisers"),
        FieldPanel("tags"),
        InlinePanel("related_resources", heading=_("Ressources liées"), label=_("Ressource")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("commune"),
        index.FilterField("departement"),
        index.FilterField("format"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="event_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin de l'événement doit être après son début.")
        if self.registration_closes_at and self.end and self.registration_closes_at > self.end:
            errors["registration_closes_at"] = _(
                "La clôture des inscriptions doit précéder la fin de l'événement."
            )
        if self.capacity is not None and self.capacity < 1:
            # Also enforced by the field validator; kept here so the message is the same
            # whatever path (form or code) saves the page.
            errors["capacity"] = _("Le nombre de places doit être d'au moins 1.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports the two check constraints at their fields, in plain French; the
        # generic « contrainte non respectée » message would only repeat them.
        return super().validate_constraints(exclude={*(exclude or ()), "end", "capacity"})

    # Registration rules read by services and templates -------------------------------

    @property
    def registration_deadline(self) -> datetime.datetime:
        return self.registration_closes_at or self.start

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.registration_enabled and now < self.registration_deadline

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    # Display helpers ----------------------------------------------------------------

    @property
    def dates_display(self) -> str:
        return dates.event_dates(self.start, self.end, self.all_day)

    @property
    def start_display(self) -> str:
        return dates.event_start(self.start, self.all_day)

    @property
    def registration_deadline_display(self) -> str:
        return dates.event_start(self.registration_deadline, False)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not (self.address or self.commune)

    @property
    def location_display(self) -> str:
        parts = [self.place_name, self.address, self.commune]
        text = ", ".join(part for part in parts if part)
        if self.departement:
            text = f"{text} ({self.departement})" if text else self.get_departement_display()
        return text

    @property
    def map_url(self) -> str:
        """An OpenStreetMap search for the address: no tiles, no tracking, no API key."""
        query = ", ".join(part for part in (self.address, self.commune) if part)
        if not query:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    # Routes of the event page -------------------------------------------------------

    @path("")
    def detail(self, request):
        from .views import event_detail

        return event_detail(request, self)

    @path("inscription/", name="register")
    def register_route(self, request):
        from .views import register

        return register(request, self)

    @path("desinscription/", name="cancel")
    def cancel_route(self, request):
        from .views import cancel

        return cancel(request, self)

    @path("ical/", name="ical")
    def ical_route(self, request):
        from .views import event_ical

        return event_ical(request, self)


class Registration(models.Model):
    """One member's registration to one event. Cancelling keeps the row (status
    « annulée ») so registering again reuses it and the unique constraint holds."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmee", _("Inscription confirmée")
        WAITING = "attente", _("Sur liste d'attente")
        CANCELLED = "annulee", _("Annulée")

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("événement"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("membre"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices)
    # The waiting list is served in the order of this date, reset on each new registration.
    registered_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("place obtenue depuis la liste d'attente le"), null=True, blank=True
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à un événement")
        verbose_name_plural = _("inscriptions aux événements")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once_per_event")
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
