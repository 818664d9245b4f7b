"""Reads of the resource centre. Every list is built with a fixed number of queries, whatever
the number of resources (tests/resources/test_query_counts.py holds us to it)."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from wagtail.models import Page

from .choices import Sort
from .models import (
    ResourceDocument,
    ResourcePage,
    ResourcePageTag,
    Theme,
)


@dataclass
class LibraryFilters:
    """Validated filter values; each list is OR-ed inside, the lists are AND-ed together."""

    types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    tag: str = ""
    year: int | None = None
    sort: str = Sort.RECENT

    @property
    def active(self) -> bool:
        return bool(
            self.types or self.themes or self.stages or self.audiences or self.tag or self.year
        )


def _downloads_subquery():
    return Coalesce(
        Subquery(
            ResourceDocument.objects.filter(page=OuterRef("pk"))
            .values("page")
            .annotate(total=Sum("document__download_count__count"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def published_resources():
    """Live resources visitors may see (pages under a view restriction are left out)."""
    return ResourcePage.objects.live().public()


def library_resources(filters: LibraryFilters, published=None):
    """The library listing. M2M filters are EXISTS subqueries rather than joins, so a
    resource matching two themes is listed once and its download total is not doubled.
    ``published`` lets a view reuse one published_resources() (it queries the view
    restrictions as soon as it is built)."""
    qs = published if published is not None else published_resources()
    if filters.types:
        qs = qs.filter(resource_type__in=filters.types)
    if filters.themes:
        qs = qs.filter(
            Exists(
                ResourcePage.themes.through.objects.filter(
                    resourcepage_id=OuterRef("pk"), theme__slug__in=filters.themes
                )
            )
        )
    if filters.stages:
        qs = qs.filter(
            Exists(
                ResourcePage.stages.through.objects.filter(
                    resourcepage_id=OuterRef("pk"), resourcestage_id__in=filters.stages
                )
            )
        )
    if filters.audiences:
        qs = qs.filter(
            Exists(
                ResourcePage.audiences.through.objects.filter(
                    resourcepage_id=OuterRef("pk"), resourceaudience_id__in=filters.audiences
                )
            )
        )
    if filters.tag:
        qs = qs.filter(
            Exists(
                ResourcePageTag.objects.filter(
                    content_object_id=OuterRef("pk"), tag__slug=filters.tag
                )
            )
        )
    if filters.year:
        qs = qs.filter(publication_date__year=filters.year)
    qs = qs.annotate(downloads=_downloads_subquery())
    ordering = {
        Sort.RECENT: ["-publication_date", "-pk"],
        Sort.OLDEST: ["publication_date", "pk"],
        Sort.TITLE: ["title", "pk"],
        Sort.DOWNLOADS: ["-downloads", "-publication_date", "-pk"],
    }[filters.sort]
    return with_listing_relations(qs.order_by(*ordering))


def with_listing_relations(qs):
    return qs.select_related("author_organisation").prefetch_related(
        "themes", "stages", "audiences", "tags"
    )


def most_downloaded(limit: int = 5, published=None):
    """The resources downloaded most, for the library sidebar (none when nothing was
    downloaded yet: an empty podium says nothing)."""
    published = published if published is not None else published_resources()
    return list(
        published.annotate(downloads=_downloads_subquery())
        .filter(downloads__gt=0)
        .order_by("-downloads", "title")
        .only("id", "title", "url_path", "path", "depth")[:limit]
    )


def publication_years(published=None) -> list[int]:
    published = published if published is not None else published_resources()
    return [d.year for d in published.dates("publication_date", "year", "DESC")]


def used_tags(limit: int = 30, published=None):
    """The most used tags of published resources, for the tag filter."""
    from taggit.models import Tag

    published = published if published is not None else published_resources()
    # Filter and Count use the same join, so only uses by published resources are counted.
    return list(
        Tag.objects.filter(resources_resourcepagetag_items__content_object__in=published)
        .annotate(uses=Count("resources_resourcepagetag_items"))
        .order_by("-uses", "name")[:limit]
    )


def resource_detail_relations(page: ResourcePage):
    """Everything the detail page shows, in a fixed number of queries."""
    documents = list(
        ResourceDocument.objects.filter(page=page)
        .select_related("document", "document__download_count")
        .order_by("sort_order")
    )
    related = list(
        published_resources()
        .filter(pk__in=page.related_resources.values("resource_id"))
        .order_by("title")
    )
    projects = list(
        Page.objects.live()
        .public()
        .filter(pk__in=page.related_projects.values("project_id"))
        .order_by("title")
    )
    return {"documents": documents, "related_resources": related, "related_projects": projects}


def themes():
    return list(Theme.objects.all())
