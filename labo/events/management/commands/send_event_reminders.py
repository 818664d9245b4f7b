"""Daily reminders of tomorrow's events: schedule once a day, e.g. cron
``0 9 * * * manage.py send_event_reminders``. The work is enqueued for the django-tasks
worker (run at once by the immediate backend of the embedded configuration). Safe to run
twice: a registration is reminded at most once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.events.tasks import send_event_reminders


class Command(BaseCommand):
    help = gettext_lazy("Envoie le rappel des événements du lendemain aux inscrits.")

    def handle(self, *args, **options):
        result = send_event_reminders.enqueue()
        self.stdout.write(
            self.style.SUCCESS(
                _("Tâche de rappel des événements mise en file : %(id)s") % {"id": result.id}
            )
        )
