"""E-mails of the notification system, run by django-tasks.

In the embedded configuration the immediate backend runs a task as soon as it is enqueued; in
production the django-tasks database backend stores it and ``manage.py db_worker`` runs it,
so a slow mail server never slows a page down.

- ``send_notification_email``: one e-mail for one notification, for users whose preference
  is « immédiatement ». Enqueued by ``services.notify`` after commit.
- ``send_notification_digests``: the daily digest. Run it once a day, either from cron
  (``manage.py send_notification_digests``) or by enqueueing it for the worker
  (``manage.py send_notification_digests --enqueue``). It is idempotent: a notification is
  e-mailed at most once (``emailed_at``), so a second run the same day sends nothing.
"""

import logging
import re
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django_tasks import task

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

# A digest lists at most this many notifications; the rest are counted and one click away.
DIGEST_MAX_ITEMS = 50
Frequency = NotificationPreference.EmailFrequency


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def subject_line(text: str) -> str:
    # A subject is one header line: collapse newlines (which would raise BadHeaderError)
    # and keep it short enough for a mailbox list.
    text = re.sub(r"\s+", " ", str(text)).strip()
    prefix = gettext("[Labo de l'habitat des communs]")
    return f"{prefix} {Truncator(text).chars(120)}"


def _frequency_of(user) -> str:
    preference = getattr(user, "notification_preference", None)
    return preference.email_frequency if preference else Frequency.DAILY


def _build_message(user, subject, template, context, connection=None):
    context = {
        **context,
        "user": user,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "list_url": absolute_url(reverse("notifications:list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        connection=connection,
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification now. Returns whether an e-mail left."""
    notification = (
        Notification.objects.select_related("recipient__notification_preference")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at or notification.read_at:
        # Deleted, already e-mailed (a retried task), or already read on the site while the
        # task waited in the queue: an e-mail would only be noise.
        return False
    user = notification.recipient
    if not (user.is_active and user.email) or _frequency_of(user) != Frequency.IMMEDIATELY:
        return False
    # Claim the notification first so two workers never send it twice.
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        message = _build_message(
            user,
            subject_line(notification.message),
            "notification",
            {
                "notification": notification,
                "open_url": absolute_url(reverse("notifications:open", args=[notification.pk])),
            },
        )
    try:
        message.send()
    except Exception:
        # Give the notification back to a later attempt (task retry or the digest).
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        raise
    return True


def pending_digest_notifications():
    """Unread, never e-mailed notifications of active users on the daily digest, including
    users who never saved a preference (the default is the daily digest)."""
    return (
        Notification.objects.filter(
            read_at__isnull=True,
            emailed_at__isnull=True,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .filter(
            Q(recipient__notification_preference__isnull=True)
            | Q(recipient__notification_preference__email_frequency=Frequency.DAILY)
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )


@task()
def send_notification_digests() -> int:
    """Send each daily-digest user one e-mail listing their new unread notifications, then
    mark those notifications e-mailed. Returns the number of e-mails sent.

    Query count does not grow with the number of users: one read, one update per batch of
    sent digests; every e-mail goes through one SMTP connection.
    """
    sent_ids: list[int] = []
    sent = 0
    connection = get_connection()
    with connection, translation.override(settings.LANGUAGE_CODE):
        for _user_id, group in groupby(
            pending_digest_notifications().iterator(chunk_size=2000),
            key=lambda n: n.recipient_id,
        ):
            notifications = list(group)
            user = notifications[0].recipient
            count = len(notifications)
            subject = subject_line(
                ngettext(
                    "Votre résumé : %(count)s nouvelle notification",
                    "Votre résumé : %(count)s nouvelles notifications",
                    count,
                )
                % {"count": count}
            )
            shown = notifications[:DIGEST_MAX_ITEMS]
            items = [(n, absolute_url(reverse("notifications:open", args=[n.pk]))) for n in shown]
            message = _build_message(
                user,
                subject,
                "digest",
                {"items": items, "count": count, "more": count - len(shown)},
                connection=connection,
            )
            try:
                message.send()
            except Exception:
                # One bad address must not deprive everyone else of their digest; this
                # user's notifications stay pending for the next run.
                logger.exception("Notification digest to user %s failed", user.pk)
                continue
            sent += 1
            sent_ids.extend(n.pk for n in notifications)
    # Only notifications of digests that actually left are marked (those past the list limit
    # were counted in the e-mail); the emailed_at filter keeps a concurrent run from
    # overwriting an earlier timestamp.
    now = timezone.now()
    for start in range(0, len(sent_ids), 500):
        Notification.objects.filter(
            pk__in=sent_ids[start : start + 500], emailed_at__isnull=True
        ).update(emailed_at=now)
    return sent
