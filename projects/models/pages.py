"""The projects directory (``ProjectIndexPage`` at /projets/) and the project pages.

Front-end routes that are not pages (creation, team, invitations, GeoJSON, contact) hang off
these pages with RoutablePageMixin, so the site's urls.py does not need to know about
projects and the URLs follow the index page wherever editors move it. The views themselves
live in ``projects/views.py``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from labo.accounts.occitanie import LegalForm
from labo.core.forms import LaboPageForm

from ..blocks import FinancingPlanBlock, ProjectBodyBlock
from .taxonomy import INCLUSIVE_SLUG

# Upper bounds catch typing slips (an extra zero) while leaving room for large operations.
MAX_DWELLINGS = 2_000
MAX_PEOPLE = 10_000
MAX_SURFACE_M2 = 1_000_000
HOUSEHOLDS_PER_DWELLING_MAX = 10


class Stage(models.TextChoices):
    """The 7 stages of a housing project (DOMAIN.md), in order."""

    EMERGENCE = "emergence", _("Émergence")
    GROUP = "groupe", _("Constitution du groupe")
    FEASIBILITY = "faisabilite", _("Faisabilité / recherche foncière")
    DESIGN = "conception", _("Conception")
    FINANCING = "montage", _("Montage juridique et financier")
    WORKS = "chantier", _("Chantier")
    INHABITED = "habite", _("Habité (vie habitante)")


class Construction(models.TextChoices):
    NEW = "neuf", _("Neuf")
    RENOVATION = "rehabilitation", _("Réhabilitation")


class Setting(models.TextChoices):
    URBAN = "urbain", _("Urbain")
    RURAL = "rural", _("Rural")


def _count(verbose_name, maximum=MAX_PEOPLE, help_text=""):
    return models.PositiveIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(
                maximum, message=_("Ce nombre semble trop élevé (%(limit_value)s au plus).")
            )
        ],
        help_text=help_text,
    )


def _surface(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0.1, message=_("Une surface doit être supérieure à 0 m².")),
            MaxValueValidator(
                MAX_SURFACE_M2,
                message=_("Cette surface semble trop grande (%(limit_value)s m² au plus)."),
            ),
        ],
        help_text=_("En m²."),
    )


class ProjectIndexPage(RoutablePageMixin, Page):
    """The directory of projects, with filters, a map and its accessible list."""

    base_form_class = LaboPageForm

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des projets")

    @path("")
    def directory(self, request):
        from ..views import directory

        return directory(request, self)

    @path("creer/")
    def create(self, request):
        from ..views import project_create

        return project_create(request, self)

    @path("communes/")
    def communes(self, request):
        from ..views import commune_suggestions

        return commune_suggestions(request, self)

    @path("equipe/<id:project_id>/")
    def team(self, request, project_id):
        from ..views import team

        return team(request, self, project_id)

    @re_path(r"^invitation/(?P<token>[0-9a-f-]{36})/$")
    def invitation(self, request, token):
        from ..views import invitation_accept

        return invitation_accept(request, self, token)


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProjectPage(RoutablePageMixin, Page):
    """A housing project, edited by its team in the Wagtail admin.

    Its place is a commune only: there is no address field, and the map point is the
    commune's centre, so nothing more precise can leak (habitat inclusif, DOMAIN.md)."""

    base_form_class = LaboPageForm

    summary = models.TextField(
        _("résumé"),
        max_length=400,
        # Blank allowed so that « Créer mon projet » can save the first draft.
        blank=True,
        help_text=_("Deux ou trois phrases, 400 caractères au plus."),
    )
    body = StreamField(ProjectBodyBlock(), verbose_name=_("présentation"), blank=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("texte alternatif de l'image principale"),
        max_length=200,
        blank=True,
        help_text=_("Décrivez ce que montre l'image. Laissez vide si elle est décorative."),
    )
    commune = models.ForeignKey(
        "projects.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    stage = models.CharField(_("stade"), max_length=16, choices=Stage.choices)
    habitat_types = ParentalManyToManyField(
        "projects.HabitatType", verbose_name=_("types d'habitat"), blank=True, related_name="+"
    )
    construction = models.CharField(
        _("neuf ou réhabilitation"), max_length=16, choices=Construction.choices, blank=True
    )
    setting = models.CharField(
        _("urbain ou rural"), max_length=8, choices=Setting.choices, blank=True
    )
    legal_form = models.CharField(
        _("forme juridique"), max_length=32, choices=LegalForm.choices, blank=True
    )
    households = _count(_("nombre de foyers"))
    dwellings = _count(_("nombre de logements"), MAX_DWELLINGS)
    inhabitants = _count(_("nombre d'habitants"))
    living_area = _surface(_("surface habitable"))
    shared_area = _surface(_("surface des espaces partagés"))
    land_area = _surface(_("surface du terrain"))
    shared_spaces = ParentalManyToManyField(
        "projects.SharedSpace", verbose_name=_("espaces partagés"), blank=True, related_name="+"
    )
    social_dwellings = _count(_("logements sociaux"), MAX_DWELLINGS)
    brs_dwellings = _count(_("logements en BRS (bail réel solidaire)"), MAX_DWELLINGS)
    ownership_dwellings = _count(_("logements en accession"), MAX_DWELLINGS)
    rental_dwellings = _count(_("logements locatifs"), MAX_DWELLINGS)
    budget = models.DecimalField(
        _("budget total (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("Le budget doit être supérieur à 0 €.")),
            MaxValueValidator(
                500_000_000, message=_("Ce budget semble trop élevé (%(limit_value)s € au plus).")
            ),
        ],
    )
    financing_plan = StreamField(
        FinancingPlanBlock(), verbose_name=_("plan de financement"), blank=True, max_num=2
    )
    holder_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("structure porteuse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_projects",
    )
    support_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("accompagnateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_projects",
    )
    partners = ParentalManyToManyField(
        "accounts.Organisation", verbose_name=_("partenaires"), blank=True, related_name="+"
    )
    seeking_households = models.BooleanField(_("recherche de foyers"), default=False)
    seeking_households_text = models.CharField(
        _("quels foyers recherchez-vous ?"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : « deux familles avec enfants, un foyer retraité »."),
    )
    tags = ClusterTaggableManager(through=ProjectPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")],
            heading=_("Image principale"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    description_panels = [
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldPanel("stage"),
                FieldPanel("habitat_types", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("construction"), FieldPanel("setting")]),
                FieldPanel("legal_form"),
            ],
            heading=_("Le projet"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("households"), FieldPanel("dwellings"), FieldPanel("inhabitants")]
                ),
                FieldRowPanel(
                    [FieldPanel("living_area"), FieldPanel("shared_area"), FieldPanel("land_area")]
                ),
                FieldPanel("shared_spaces", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Habitants, logements et surfaces"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("social_dwellings"),
                        FieldPanel("brs_dwellings"),
                        FieldPanel("ownership_dwellings"),
                        FieldPanel("rental_dwellings"),
                    ]
                ),
                FieldPanel("budget"),
                FieldPanel("financing_plan"),
            ],
            heading=_("Mixité des logements, budget et financement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("holder_organisation"),
                FieldPanel("support_organisation"),
                FieldPanel("partners"),
            ],
            heading=_("Structures"),
        ),
        MultiFieldPanel(
            [FieldPanel("seeking_households"), FieldPanel("seeking_households_text")],
            heading=_("Recherche de foyers"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Présentation")),
            ObjectList(description_panels, heading=_("Caractéristiques")),
            ObjectList(Page.promote_panels, heading=_("Référencement")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("stage"),
    ]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("projet d'habitat")
        verbose_name_plural = _("projets d'habitat")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.households
            and self.dwellings
            and (self.households > self.dwellings * HOUSEHOLDS_PER_DWELLING_MAX)
        ):
            errors["households"] = _(
                "%(households)s foyers pour %(dwellings)s logements : vérifiez ces nombres "
                "(au plus %(ratio)s foyers par logement)."
            ) % {
                "households": self.households,
                "dwellings": self.dwellings,
                "ratio": HOUSEHOLDS_PER_DWELLING_MAX,
            }
        mix = [
            self.social_dwellings,
            self.brs_dwellings,
            self.ownership_dwellings,
            self.rental_dwellings,
        ]
        mix_total = sum(value or 0 for value in mix)
        if self.dwellings and mix_total > self.dwellings:
            errors["social_dwellings"] = _(
                "La répartition compte %(mix)s logements, plus que les %(dwellings)s logements "
                "du projet."
            ) % {"mix": mix_total, "dwellings": self.dwellings}
        if self.seeking_households and not self.seeking_households_text.strip():
            errors["seeking_households_text"] = _(
                "Dites en quelques mots quels foyers vous recherchez."
            )
        if self.main_image_id and not self.main_image_alt.strip():
            # An empty alt is allowed for decorative images, but the main image shows the
            # project: ask for a description rather than let it be silently empty.
            errors["main_image_alt"] = _("Décrivez l'image principale en quelques mots.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_inclusive(self) -> bool:
        return any(habitat.slug == INCLUSIVE_SLUG for habitat in self.habitat_types.all())

    @path("")
    def detail(self, request):
        return self.serve_page(request)

    def serve_page(self, request, contact_form=None):
        from ..views import project_context

        return self.render(request, context_overrides=project_context(request, self, contact_form))

    @path("contact/")
    def contact(self, request):
        from ..views import project_contact

        return project_contact(request, self)
