"""Daily reminder to the staff in charge of overdue dossiers (stage due date passed).

Run once a day, like the notification digests: ``manage.py send_tracking_reminders`` (sends
now) or ``--enqueue`` (hands it to the django-tasks worker). One notification per staff
member listing their overdue dossiers; idempotent per day (a second run the same day sends
nothing). The digest or the immediate e-mail then carries it, per the user's preference.
Overdue dossiers nobody is in charge of go to the CRESS animators, so none is forgotten.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from labo.accounts import roles
from labo.notifications.models import Notification
from labo.notifications.services import notify

from ..models import Application

KIND = "tracking.overdue"


def send_overdue_reminders(now=None) -> int:
    now = now or timezone.now()
    overdue = (
        Application.objects.submitted()
        .overdue(now)
        .select_related("stage", "staff_in_charge")
        .order_by("stage_due_at")
    )
    by_user = defaultdict(list)
    animators = None
    for application in overdue:
        if application.staff_in_charge_id and application.staff_in_charge.is_active:
            by_user[application.staff_in_charge].append(application)
            continue
        if animators is None:
            animators = list(
                get_user_model().objects.filter(groups__name=roles.ANIMATEUR, is_active=True)
            )
        for animator in animators:
            by_user[animator].append(application)
    today = timezone.localtime(now).date()
    already = set(
        Notification.objects.filter(kind=KIND, created_at__date=today).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    for user, applications in by_user.items():
        if user.pk in already:
            continue
        references = ", ".join(a.reference for a in applications[:10])
        if len(applications) > 10:
            references += "…"
        message = ngettext(
            "%(count)s dossier en retard : %(references)s.",
            "%(count)s dossiers en retard : %(references)s.",
            len(applications),
        ) % {"count": len(applications), "references": references}
        link = reverse("tracking_staff:list") + "?overdue=on"
        if len(applications) == 1:
            link = reverse("tracking_staff:detail", args=[applications[0].pk])
        notify(user, kind=KIND, message=_("Rappel – %(message)s") % {"message": message}, link=link)
        sent += 1
    return sent


@task()
def send_overdue_reminders_task() -> int:
    return send_overdue_reminders()
