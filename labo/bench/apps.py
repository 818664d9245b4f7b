from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Every benchmark of ``make bench``, installed only by ``labo.settings.bench``: the site
    that runs for people never imports it."""

    name = "labo.bench"
    label = "labo_bench"
    verbose_name = "Mesures de performance"
