"""Resource centre: the library index page, resource pages, themes and download counters."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from labo.core.forms import LaboPageForm

from .blocks import ResourceBodyBlock
from .choices import Audience, ResourceType, Stage

# Routes of the index page: a resource with one of these slugs would hide them.
RESERVED_SLUGS = {"flux", "proposer"}


class Theme(index.Indexed, models.Model):
    """A theme of the library (juridique, foncier…), edited by the CRESS as a snippet."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=80,
        unique=True,
        help_text=_("Utilisé dans les adresses de la bibliothèque et des flux, ex. « foncier »."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChoiceRow(models.Model):
    """A fixed vocabulary (stades, publics) stored as rows keyed by their choice value, so a
    resource can carry several values and the library filters them with a plain join on any
    database. The rows are created by a data migration from the choices."""

    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return str(self.get_code_display())


class ResourceStage(ChoiceRow):
    code = models.CharField(_("stade"), max_length=20, primary_key=True, choices=Stage.choices)

    class Meta(ChoiceRow.Meta):
        verbose_name = _("stade de projet")
        verbose_name_plural = _("stades de projet")


class ResourceAudience(ChoiceRow):
    code = models.CharField(_("public"), max_length=20, primary_key=True, choices=Audience.choices)

    class Meta(ChoiceRow.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class ResourceIndexPage(RoutablePageMixin, Page):
    """The library at /ressources/: filters, feeds and the proposal form are its routes."""

    base_form_class = LaboPageForm

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("centre de ressources")

    @path("")
    def library(self, request):
        from .views import library

        return library(request, self)

    @path("flux/rss/", name="feed_rss")
    def feed_rss(self, request):
        from .feeds import ResourceRssFeed

        return ResourceRssFeed()(request, index_page=self)

    @path("flux/atom/", name="feed_atom")
    def feed_atom(self, request):
        from .feeds import ResourceAtomFeed

        return ResourceAtomFeed()(request, index_page=self)

    @re_path(r"^flux/(?P<theme>[-\w]+)/rss/$", name="theme_feed_rss")
    def theme_feed_rss(self, request, theme):
        from .feeds import ResourceRssFeed

        return ResourceRssFeed()(request, index_page=self, theme=theme)

    @re_path(r"^flux/(?P<theme>[-\w]+)/atom/$", name="theme_feed_atom")
    def theme_feed_atom(self, request, theme):
        from .feeds import ResourceAtomFeed

        return ResourceAtomFeed()(request, index_page=self, theme=theme)

    @path("proposer/", name="propose")
    def propose(self, request):
        from .views import propose

        return propose(request, self)


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ResourcePage(RoutablePageMixin, Page):
    base_form_class = LaboPageForm

    summary = models.TextField(
        _("résumé"),
        max_length=600,
        help_text=_("Deux ou trois phrases, affichées dans la bibliothèque et les flux."),
    )
    body = StreamField(ResourceBodyBlock(), verbose_name=_("contenu"), blank=True)
    resource_type = models.CharField(
        _("type de ressource"), max_length=20, choices=ResourceType.choices, db_index=True
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("thèmes"), related_name="resources")
    stages = ParentalManyToManyField(
        ResourceStage, verbose_name=_("stades concernés"), blank=True, related_name="resources"
    )
    audiences = ParentalManyToManyField(
        ResourceAudience, verbose_name=_("publics"), blank=True, related_name="resources"
    )
    author_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("structure autrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    author_name = models.CharField(
        _("auteur ou autrice"),
        max_length=200,
        blank=True,
        help_text=_("Si la ressource vient d'une personne ou d'une structure hors plateforme."),
    )
    publication_date = models.DateField(
        _("date de publication"), default=datetime.date.today, db_index=True
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("mots-clés"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_resources",
        editable=False,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("resource_type"), FieldPanel("publication_date")]),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("stages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classement"),
        ),
        FieldRowPanel([FieldPanel("author_organisation"), FieldPanel("author_name")]),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents joints")),
        InlinePanel("links", label=_("Liens externes")),
        InlinePanel("related_projects", label=_("Projets liés")),
        InlinePanel("related_resources", label=_("Ressources liées")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("resource_type"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "Cette adresse est réservée par la bibliothèque : choisissez-en une autre."
                    )
                }
            )

    @path("")
    def detail(self, request):
        from .views import resource_detail

        return resource_detail(request, self)

    @path("telecharger/<id:attachment_id>/", name="download")
    def download(self, request, attachment_id):
        from .views import download

        return download(request, self, attachment_id)


class ResourceDocument(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("intitulé"),
        max_length=200,
        blank=True,
        help_text=_("Laisser vide pour reprendre le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")

    @property
    def label(self):
        return self.title or self.document.title


class ResourceLink(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("adresse"))
    title = models.CharField(_("intitulé"), max_length=200)

    panels = [FieldPanel("url"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("lien externe")
        verbose_name_plural = _("liens externes")


class RelatedProject(Orderable):
    """Points at a page rather than projects.ProjectPage so resources can migrate without
    the projects app; the chooser limits the choice to project pages."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="related_projects")
    project = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("projet"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("project", page_type="projects.ProjectPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("projet lié")
        verbose_name_plural = _("projets liés")


class RelatedResource(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        ResourcePage, verbose_name=_("ressource"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("ressource liée")
        verbose_name_plural = _("ressources liées")


class DocumentDownloadCount(models.Model):
    """How many times a document was downloaded from the library: a bare counter, nothing
    about who downloaded it (no personal data, so no consent needed)."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="download_count",
        verbose_name=_("document"),
    )
    count = models.PositiveIntegerField(_("téléchargements"), default=0)

    class Meta:
        verbose_name = _("compteur de téléchargements")
        verbose_name_plural = _("compteurs de téléchargements")

    def __str__(self):
        return f"{self.document_id}: {self.count}"
