"""What the backends store and return: one flat ``SearchDocument`` per searchable object
(id, type, title, summary, body, url, tags, themes, department, stage, date, visibility),
and the ``SearchResults`` of a query."""

import datetime
from dataclasses import dataclass, field

# Facet names, in display order. Their values are stable codes (a theme's slug, a
# département's INSEE code…); ``facets.py`` turns them into French labels.
FACETS = ("type", "theme", "department", "stage", "resource_type", "tag", "year")
SORTS = ("relevance", "date")


@dataclass
class SearchDocument:
    id: str  # "<type>:<pk>", unique across types
    type: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    date: datetime.date | None = None
    themes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    resource_types: list[str] = field(default_factory=list)

    def facet_values(self) -> dict[str, list[str]]:
        return {
            "type": [self.type],
            "theme": _unique(self.themes),
            "department": _unique(self.departments),
            "stage": _unique(self.stages),
            "resource_type": _unique(self.resource_types),
            "tag": _unique(tag.strip().lower()[:100] for tag in self.tags if tag.strip()),
            "year": [str(self.date.year)] if self.date else [],
        }


def _unique(values) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


@dataclass
class Hit:
    id: str
    type: str
    title: str
    url: str
    summary: str
    date: datetime.date | None
    # Safe HTML: the escaped passage with <mark> around the matching words, or "".
    highlight: str = ""
    title_highlight: str = ""  # safe HTML of the title with <mark>, or ""
    score: float = 0.0


@dataclass
class FacetCount:
    value: str
    count: int
    selected: bool = False
    label: str = ""


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]]
    page: int = 1
    per_page: int = 10

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class Suggestion:
    title: str
    url: str
    type: str
