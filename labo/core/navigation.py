"""Main navigation of the site header.

Each entry names the URL of its section. A section appears once its app provides that URL
(projects, resources, agenda and forum arrive with their own apps), so the header never
links to a page that does not exist.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str


MAIN_NAVIGATION = [
    NavItem(_("Projets"), "projects:index"),
    NavItem(_("Ressources"), "resources:index"),
    NavItem(_("Agenda"), "events:index"),
    NavItem(_("Forum"), "forum:index"),
    NavItem(_("Recherche"), "search:index"),
    NavItem(_("Mon espace"), "accounts:dashboard"),
]


@cache
def available_navigation() -> tuple[tuple[str, str], ...]:
    items = []
    for item in MAIN_NAVIGATION:
        try:
            items.append((item.label, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    return tuple(items)
