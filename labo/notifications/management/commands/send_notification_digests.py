"""Daily digest of notifications.

Schedule once a day, e.g. cron ``0 7 * * * manage.py send_notification_digests`` (sends
now, in this process), or ``--enqueue`` to hand the work to the django-tasks worker
(``manage.py db_worker``). Safe to run twice: a notification is e-mailed at most once.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.notifications.tasks import send_notification_digests


class Command(BaseCommand):
    help = gettext_lazy("Envoie le résumé quotidien des notifications non lues par e-mail.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help=gettext_lazy(
                "Confier l'envoi au worker des tâches au lieu d'envoyer tout de suite."
            ),
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_notification_digests.enqueue()
            self.stdout.write(
                _("Tâche d'envoi des résumés mise en file : %(id)s") % {"id": result.id}
            )
            return
        sent = send_notification_digests.call()
        self.stdout.write(self.style.SUCCESS(_("Résumés envoyés : %(count)s") % {"count": sent}))
