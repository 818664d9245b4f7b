"""Events of the agenda (``events.EventPage``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..documents import SearchDocument
from . import register
from .base import PageAdapter, searchable_text, stream_text


class EventAdapter(PageAdapter):
    type = "event"
    label = _("Événement")
    model_label = "events.EventPage"

    def queryset(self):
        return super().queryset().prefetch_related("tags")

    def to_document(self, page) -> SearchDocument:
        return SearchDocument(
            id=self.document_id(page.pk),
            type=self.type,
            title=page.title,
            url=page.get_url() or page.url_path,
            summary=page.summary,
            body=searchable_text(
                stream_text(page, "body"), page.place_name, page.commune, page.get_format_display()
            ),
            date=timezone.localdate(page.start) if page.start else self.page_date(page),
            tags=[tag.name for tag in page.tags.all()],
            departments=[page.departement] if page.departement else [],
        )


register(EventAdapter())
