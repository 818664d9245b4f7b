"""The interface both backends implement, and the parsing shared by them."""

from abc import ABC, abstractmethod
from collections.abc import Iterable

from ..documents import FACETS, SearchDocument, SearchResults, Suggestion

PER_PAGE = 10
MAX_PAGE = 1000
SUGGESTIONS = 8
CLOSEST_TITLES = 5
# The header suggests titles of these types (forum topics are found by the search itself).
SUGGESTION_TYPES = ("project", "resource", "event")


class SearchBackendError(Exception):
    """The engine could not be reached or refused a request. Views show a French message."""


def clean_filters(filters) -> dict[str, list[str]]:
    """Known facets only, each with a short list of short string values."""
    cleaned = {}
    for name in FACETS:
        values = (filters or {}).get(name) or []
        if isinstance(values, str):
            values = [values]
        values = [str(value)[:100] for value in values if value][:20]
        if values:
            cleaned[name] = list(dict.fromkeys(values))
    return cleaned


class BaseBackend(ABC):
    name = ""

    # Writing
    @abstractmethod
    def index_documents(self, documents: Iterable[SearchDocument]) -> int:
        """Each backend implements this."""

    @abstractmethod
    def delete_documents(self, document_ids: Iterable[str]) -> None:
        """Each backend implements this."""

    @abstractmethod
    def rebuild(self, documents: Iterable[SearchDocument], total: int | None = None, progress=None):
        """Replace the whole index by ``documents``; ``progress(n)`` is called as they go."""

    def refresh(self) -> None:
        """Make the last writes visible to searches (a no-op on the database)."""
        return None

    # Reading
    @abstractmethod
    def search(
        self,
        query: str = "",
        filters=None,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> SearchResults:
        """Each backend implements this."""

    @abstractmethod
    def suggest(self, prefix: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        """Each backend implements this."""

    @abstractmethod
    def closest_titles(self, query: str, limit: int = CLOSEST_TITLES) -> list[Suggestion]:
        """Each backend implements this."""

    @abstractmethod
    def count(self) -> int:
        """Each backend implements this."""
