"""Resources of the library (``resources.ResourcePage``)."""

from django.utils.translation import gettext_lazy as _

from ..documents import SearchDocument
from . import register
from .base import PageAdapter, searchable_text, stream_text

# The resource centre names one stage « constitution » where projects say « groupe »: the
# search uses the projects' codes so one « Stade » facet covers both.
STAGE_ALIASES = {"constitution": "groupe"}


class ResourceAdapter(PageAdapter):
    type = "resource"
    label = _("Ressource")
    model_label = "resources.ResourcePage"

    def get_watched_models(self):
        from django.apps import apps

        theme = apps.get_model("resources", "Theme")
        # A renamed theme changes the text of its resources.
        return [(theme, lambda instance: list(instance.resources.values_list("pk", flat=True)))]

    def queryset(self):
        return super().queryset().prefetch_related("tags", "themes", "stages")

    def to_document(self, page) -> SearchDocument:
        themes = list(page.themes.all())
        return SearchDocument(
            id=self.document_id(page.pk),
            type=self.type,
            title=page.title,
            url=page.get_url() or page.url_path,
            summary=page.summary,
            body=searchable_text(
                stream_text(page, "body"),
                " ".join(theme.name for theme in themes),
                page.author_name,
            ),
            date=page.publication_date or self.page_date(page),
            themes=[theme.slug for theme in themes],
            tags=[tag.name for tag in page.tags.all()],
            stages=[STAGE_ALIASES.get(stage.code, stage.code) for stage in page.stages.all()],
            resource_types=[page.resource_type] if page.resource_type else [],
        )


register(ResourceAdapter())
