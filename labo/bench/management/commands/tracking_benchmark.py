"""Staff listing and XLSX export timings over 5,000 seeded dossiers (``make bench``)."""

from django.core.management.base import BaseCommand

from labo.bench.tracking import run


class Command(BaseCommand):
    help = "Mesure la liste des dossiers et l’export XLSX sur 5 000 dossiers."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5000)

    def handle(self, *args, count=5000, **options):
        run(count=count, out=self.stdout)
