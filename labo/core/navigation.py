"""Main navigation of the site header.

Each entry names its section either by URL name (views) or by Wagtail page type (index pages
editors may move or rename). A section appears once its app provides it, so the header never
links to a page that does not exist.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str = ""
    page_type: str = ""  # "app_label.ModelName" of a Wagtail index page


MAIN_NAVIGATION = [
    NavItem(_("Projets"), page_type="projects.ProjectIndexPage"),
    NavItem(_("Ressources"), page_type="resources.ResourceIndexPage"),
    NavItem(_("Agenda"), page_type="events.EventIndexPage"),
    NavItem(_("Appels"), page_type="tracking.CallIndexPage"),
    NavItem(_("Forum"), url_name="forum:index"),
    NavItem(_("Recherche"), url_name="search:index"),
    NavItem(_("Mon espace"), url_name="accounts:dashboard"),
]


@cache
def _reversed(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def _installed_page_models() -> dict[str, type]:
    models = {}
    for item in MAIN_NAVIGATION:
        if item.page_type:
            try:
                models[item.page_type] = apps.get_model(item.page_type)
            except LookupError:
                continue
    return models


def available_navigation(request=None) -> list[tuple[str, str]]:
    """(label, url) of the sections that exist, in menu order. One query for the pages."""
    from wagtail.models import Page

    page_models = _installed_page_models()
    page_urls = {}
    if page_models:
        content_types = ContentType.objects.get_for_models(*page_models.values())
        type_by_content_type = {
            content_types[model].pk: name for name, model in page_models.items()
        }
        pages = (
            Page.objects.live()
            .filter(content_type_id__in=type_by_content_type)
            .order_by("-depth", "-path")
        )
        for page in pages:
            # Overwritten in reverse tree order: the first, shallowest index page wins.
            page_urls[type_by_content_type[page.content_type_id]] = page.get_url(request)
    items = []
    for item in MAIN_NAVIGATION:
        url = page_urls.get(item.page_type) if item.page_type else _reversed(item.url_name)
        if url:
            items.append((item.label, url))
    return items
