"""Base classes of the adapters."""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.utils.html import strip_tags
from django.utils.text import Truncator

from ..documents import SearchDocument

BODY_MAX_CHARS = 20_000


def searchable_text(*parts) -> str:
    """Plain text from strings, rich text and StreamField values, HTML tags removed."""
    texts = []
    for part in parts:
        if not part:
            continue
        texts.append(" ".join(strip_tags(str(part)).split()))
    return Truncator(" ".join(texts)).chars(BODY_MAX_CHARS, truncate="")


def stream_text(instance, field_name: str) -> str:
    """The searchable content of a StreamField, as Wagtail's own search sees it."""
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field_name)
    try:
        return searchable_text(*field.get_searchable_content(value))
    except Exception:  # noqa: BLE001 - a broken block must not stop indexing the page
        return ""


class Adapter(ABC):
    """One searchable type. ``queryset()`` holds only what the public may find: the single
    place where privacy is decided for this type."""

    type: str = ""
    label: str = ""  # singular French label, lazily translated
    model_label: str = ""  # "app_label.ModelName"
    batch_size = 500

    def get_model(self):
        try:
            return apps.get_model(self.model_label)
        except (LookupError, ValueError):
            return None

    def get_watched_models(self) -> list[tuple[type, str]]:
        """(model, function of an instance → pks of indexed objects) for related models whose
        changes reindex objects, e.g. a forum post reindexes its topic."""
        return []

    @abstractmethod
    def queryset(self):
        """Each adapter implements this."""

    @abstractmethod
    def to_document(self, obj) -> SearchDocument:
        """Each adapter implements this."""

    def document_id(self, pk) -> str:
        return f"{self.type}:{pk}"

    def documents(self, pks: Iterable | None = None) -> Iterator[SearchDocument]:
        queryset = self.queryset()
        if pks is not None:
            queryset = queryset.filter(pk__in=list(pks))
        for obj in queryset.order_by("pk").iterator(chunk_size=self.batch_size):
            yield self.to_document(obj)

    def count(self) -> int:
        return self.queryset().count()


class PageAdapter(Adapter):
    """A Wagtail page type: only live pages without view restrictions are searchable."""

    def queryset(self):
        model = self.get_model()
        return model.objects.live().public()

    def page_date(self, page):
        moment = page.last_published_at or page.first_published_at
        return moment.date() if moment else None

    def documents(self, pks=None):
        # iterator() would drop prefetch_related on old Django; chunks keep memory bounded.
        queryset = self.queryset()
        if pks is not None:
            queryset = queryset.filter(pk__in=list(pks))
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), self.batch_size):
            chunk = ids[start : start + self.batch_size]
            for page in self.queryset().filter(pk__in=chunk).order_by("pk"):
                yield self.to_document(page)
