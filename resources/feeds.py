"""RSS and Atom feeds of new resources, for the whole library or one theme, served by the
routes of ResourceIndexPage (/ressources/flux/rss/, /ressources/flux/foncier/atom/…)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Theme
from .selectors import published_resources

FEED_SIZE = 30


class ResourceRssFeed(Feed):
    def get_object(self, request, index_page, theme=None):
        # A new Feed instance serves each request (see the routes), so keeping the
        # request here is safe; item links need it to resolve the site.
        self.request = request
        theme = get_object_or_404(Theme, slug=theme) if theme else None
        return index_page, theme

    def title(self, obj):
        index_page, theme = obj
        if theme:
            return _("Nouvelles ressources – %(theme)s – Labo de l'habitat des communs") % {
                "theme": theme.name
            }
        return _("Nouvelles ressources – Labo de l'habitat des communs")

    def link(self, obj):
        index_page, theme = obj
        url = index_page.get_url(self.request)
        return f"{url}?theme={theme.slug}" if theme else url

    def description(self, obj):
        index_page, theme = obj
        if theme:
            return _("Les dernières ressources publiées sur le thème « %(theme)s ».") % {
                "theme": theme.name
            }
        return _("Les dernières ressources publiées dans le centre de ressources du Labo.")

    subtitle = description

    def items(self, obj):
        _index, theme = obj
        qs = published_resources()
        if theme:
            qs = qs.filter(themes=theme)
        return (
            qs.select_related("author_organisation")
            .prefetch_related("themes")
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_author_name(self, item):
        if item.author_organisation:
            return item.author_organisation.name
        return item.author_name or None


class ResourceAtomFeed(ResourceRssFeed):
    feed_type = Atom1Feed
