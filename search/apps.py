from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from labo.core.registry import register_demo_context, register_demo_loader

        from . import indexing
        from .adapters import load_adapters

        load_adapters()
        indexing.connect_signals()
        # Demo content is created by many loaders, some outside any transaction: rebuilding
        # the index once they have all run leaves it exact.
        register_demo_loader("search", indexing.rebuild_quietly, order=10_000)
        register_demo_context("search", indexing.sync_paused)
