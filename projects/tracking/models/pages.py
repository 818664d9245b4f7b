"""Public presentation of the calls: /appels/ lists them, each call page presents one
edition and shows « Candidater » while it is open."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from labo.core.forms import LaboPageForm

from .calls import CallStage

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class CallIndexPage(Page):
    base_form_class = LaboPageForm

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["tracking.CallPage"]
    max_count = 1
    template = "tracking/call_index_page.html"

    class Meta:
        verbose_name = _("liste des appels")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["call_pages"] = (
            CallPage.objects.child_of(self)
            .live()
            .public()
            .select_related("call__scheme")
            .order_by("-call__year", "title")
        )
        context["now"] = timezone.now()
        return context


class CallPage(Page):
    base_form_class = LaboPageForm

    call = models.OneToOneField(
        "tracking.Call",
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name=_("appel présenté"),
    )
    summary = models.TextField(_("en bref"), max_length=400, blank=True)
    body = RichTextField(_("présentation"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("call"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["tracking.CallIndexPage"]
    subpage_types = []
    template = "tracking/call_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        call = self.call
        now = timezone.now()
        context.update(
            is_open=call.is_open(now),
            is_upcoming=now < call.opens_at,
            criteria=list(call.criteria.all()),
            documents=list(call.required_documents.all()),
            stages=[stage for stage in call.ordered_stages() if stage.kind != CallStage.Kind.DRAFT],
        )
        return context

    class Meta:
        verbose_name = _("page d'appel")
        verbose_name_plural = _("pages d'appel")
