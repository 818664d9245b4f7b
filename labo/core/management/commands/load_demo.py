from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labo.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration en français (idempotent, développement seulement)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Le contenu de démonstration n'est chargé qu'en développement (DEBUG=True) : "
                "ses comptes ont un mot de passe public."
            )
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration prêt."))
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        width = max(len(email) for email, _name, _role in accounts)
        for email, _name, role in accounts:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
