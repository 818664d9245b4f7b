"""Body of ``manage.py send_tracking_reminders`` (the command module itself must live in
projects/tracking/management/commands/, which imports ``Command`` from here)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class RemindersCommand(BaseCommand):
    help = gettext_lazy(
        "Rappelle aux chargés de suivi leurs dossiers en retard (à lancer une fois par jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help=gettext_lazy(
                "Confier l'envoi au worker des tâches au lieu d'envoyer tout de suite."
            ),
        )

    def handle(self, *args, enqueue=False, **options):
        from .reminders import send_overdue_reminders_task

        if enqueue:
            result = send_overdue_reminders_task.enqueue()
            self.stdout.write(_("Tâche de rappel mise en file : %(id)s") % {"id": result.id})
            return
        sent = send_overdue_reminders_task.call()
        self.stdout.write(self.style.SUCCESS(_("Rappels envoyés : %(count)s") % {"count": sent}))
