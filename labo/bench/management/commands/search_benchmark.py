"""``manage.py search_benchmark``: see ``labo/bench/search.py``."""

from django.core.management.base import BaseCommand

from labo.bench.search import run


class Command(BaseCommand):
    help = "Mesure les temps de recherche (p50/p95) sur 10 000 documents, sans rien garder."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, documents, repeat, **options):
        run(count=documents, repeat=repeat, out=self.stdout.write)
