"""Housing projects (``projects.ProjectPage``)."""

from django.utils.translation import gettext_lazy as _

from ..documents import SearchDocument
from . import register
from .base import PageAdapter, searchable_text, stream_text


class ProjectAdapter(PageAdapter):
    type = "project"
    label = _("Projet")
    model_label = "projects.ProjectPage"

    def queryset(self):
        return (
            super().queryset().select_related("commune").prefetch_related("tags", "habitat_types")
        )

    def to_document(self, page) -> SearchDocument:
        commune = page.commune
        return SearchDocument(
            id=self.document_id(page.pk),
            type=self.type,
            title=page.title,
            url=page.get_url() or page.url_path,
            summary=page.summary,
            body=searchable_text(
                stream_text(page, "body"),
                commune.name if commune else "",
                " ".join(habitat.name for habitat in page.habitat_types.all()),
                page.seeking_households_text,
            ),
            date=self.page_date(page),
            tags=[tag.name for tag in page.tags.all()],
            departments=[commune.departement] if commune else [],
            stages=[page.stage] if page.stage else [],
        )


register(ProjectAdapter())
