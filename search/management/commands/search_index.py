"""``manage.py search_index --rebuild``: rebuild the whole search index from the adapters.

On Elasticsearch a new versioned index is filled with bulk requests, then the alias is
swapped (no downtime); on the database backend the table is refilled in one transaction.
``--count`` prints what is indexed per type."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.adapters import all_adapters
from search.backends import backend_name, get_backend
from search.indexing import all_documents, count_documents


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche (projets, ressources, événements, forum)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Tout réindexer.")
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, rebuild=False, no_progress=False, **options):
        backend = get_backend()
        if not rebuild:
            self.stdout.write(f"Moteur : {backend_name()}")
            for adapter in all_adapters():
                self.stdout.write(f"  {adapter.type} : {adapter.count()} document(s) publics")
            self.stdout.write(f"Documents dans l'index : {backend.count()}")
            self.stdout.write("Utilisez --rebuild pour reconstruire l'index.")
            return
        total = count_documents()
        bar = tqdm(
            total=total,
            unit="doc",
            desc="Indexation",
            file=self.stderr._out if hasattr(self.stderr, "_out") else None,
            disable=no_progress,
        )
        try:
            written = backend.rebuild(all_documents(), total=total, progress=bar.update)
        except Exception as error:
            raise CommandError(f"La reconstruction de l'index a échoué : {error}") from error
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(f"{written} document(s) indexé(s) sur {total} ({backend_name()}).")
        )
