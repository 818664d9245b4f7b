from django.core.management.base import BaseCommand

from labo.home.site_setup import ensure_site_structure


class Command(BaseCommand):
    help = "Crée la page d'accueil et les pages obligatoires si elles manquent (idempotent)."

    def handle(self, *args, **options):
        home = ensure_site_structure()
        self.stdout.write(self.style.SUCCESS(f"Site prêt : « {home.title} »."))
