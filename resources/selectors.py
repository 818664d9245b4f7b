"""Reads of the resource centre. Every list is built with a fixed number of queries, whatever
the number of resources (tests/resources/test_query_counts.py holds us to it)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from wagtail.models import Page

from .models import (
    ResourceDocument,
    ResourcePage,
    Theme,
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


def with_downloads(qs):
    """Each resource's download total, as ``downloads``."""
    return qs.annotate(downloads=_downloads_subquery())


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
