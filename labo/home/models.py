from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from labo.core.blocks import BodyBlock
from labo.core.forms import LaboPageForm

from .blocks import HomeBodyBlock


class HomePage(Page):
    """Root of the public site."""

    base_form_class = LaboPageForm

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(HomeBodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["accessibility_page"] = AccessibilityPage.objects.live().first()
        return context


class LegalPage(Page):
    """Mentions légales, données personnelles and other institutional pages."""

    base_form_class = LaboPageForm

    summary = models.TextField(_("résumé"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"))
    last_reviewed = models.DateField(_("dernière mise à jour du texte"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page institutionnelle")
        verbose_name_plural = _("pages institutionnelles")


class AccessibilityPage(Page):
    """The RGAA 4.1 accessibility declaration (déclaration d'accessibilité)."""

    base_form_class = LaboPageForm

    class ConformityStatus(models.TextChoices):
        FULL = "totalement conforme", _("totalement conforme")
        PARTIAL = "partiellement conforme", _("partiellement conforme")
        NONE = "non conforme", _("non conforme")

    conformity_status = models.CharField(
        _("état de conformité"),
        max_length=32,
        choices=ConformityStatus.choices,
        default=ConformityStatus.NONE,
        help_text=_("« Non conforme » tant qu'aucun audit n'a mesuré le taux de conformité."),
    )
    compliance_rate = models.DecimalField(
        _("taux de critères RGAA respectés (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    audit_by = models.CharField(_("audit réalisé par"), max_length=200, blank=True)
    declaration_date = models.DateField(_("date de la déclaration"))
    test_results = RichTextField(_("résultats des tests"), blank=True)
    non_compliant_content = RichTextField(_("contenus non accessibles"), blank=True)
    exemptions = RichTextField(_("dérogations pour charge disproportionnée"), blank=True)
    technologies = models.TextField(
        _("technologies utilisées"), default="HTML5, CSS, JavaScript (htmx), WAI-ARIA"
    )
    test_environment = models.TextField(
        _("environnement de test"),
        blank=True,
        help_text=_("Navigateurs et technologies d'assistance utilisés pour les tests."),
    )
    contact_email = models.EmailField(_("adresse de contact accessibilité"))
    contact_form_url = models.URLField(_("formulaire de contact"), blank=True)
    schema_url = models.URLField(_("schéma pluriannuel de mise en accessibilité"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("conformity_status"),
                FieldPanel("compliance_rate"),
                FieldPanel("audit_date"),
                FieldPanel("audit_by"),
                FieldPanel("declaration_date"),
            ],
            heading=_("État de conformité"),
        ),
        FieldPanel("test_results"),
        FieldPanel("non_compliant_content"),
        FieldPanel("exemptions"),
        FieldPanel("technologies"),
        FieldPanel("test_environment"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_form_url"), FieldPanel("schema_url")],
            heading=_("Retour d'information et contact"),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
