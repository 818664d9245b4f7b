"""Writes of the notification system.

Everything that leaves the database (live events, e-mails) leaves only after the transaction
commits, so a browser or a mailbox never hears of a notification that a rollback erased.
Every change of a user's unread count (new, read, all read) is broadcast to that user's
channel group; the browser shows the count the server computed.
"""

from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from .consumers import user_group_name
from .models import Notification, NotificationPreference
from .tasks import send_notification_email

MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length
LINK_MAX_LENGTH = Notification._meta.get_field("link").max_length


def notify(recipient, *, kind: str, message: str, link: str = "") -> Notification:
    """Create a notification for ``recipient``; after commit, update their live badge and,
    if they asked for it, e-mail it at once (otherwise the daily digest picks it up)."""
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message[:MESSAGE_MAX_LENGTH],
        link=link[:LINK_MAX_LENGTH],
    )
    _after_commit(broadcast_unread_count, recipient.pk, notification.pk)
    if email_frequency(recipient) == NotificationPreference.EmailFrequency.IMMEDIATELY:
        _after_commit(_enqueue_email, notification.pk)
    return notification


def notify_many(recipients, *, kind: str, message: str, link: str = "") -> list[Notification]:
    """The same notification for many recipients (followers of a topic, a project team) in a
    constant number of queries, whatever the number of recipients."""
    recipients = list({user.pk: user for user in recipients}.values())
    if not recipients:
        return []
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                message=message[:MESSAGE_MAX_LENGTH],
                link=link[:LINK_MAX_LENGTH],
            )
            for user in recipients
        ]
    )
    immediate = set(
        NotificationPreference.objects.filter(
            user__in=[user.pk for user in recipients],
            email_frequency=NotificationPreference.EmailFrequency.IMMEDIATELY,
        ).values_list("user_id", flat=True)
    )
    for notification in notifications:
        # bulk_create sets primary keys on SQLite and PostgreSQL, the two supported engines.
        _after_commit(broadcast_unread_count, notification.recipient_id, notification.pk)
        if notification.recipient_id in immediate:
            _after_commit(_enqueue_email, notification.pk)
    return notifications


def mark_read(notification: Notification) -> bool:
    """Mark one notification read. Returns False when it already was (nothing changes, so
    nothing is broadcast)."""
    if notification.read_at is not None:
        return False
    now = timezone.now()
    # The filter on read_at keeps a concurrent « mark read » from broadcasting twice.
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now
    )
    notification.read_at = now
    if changed:
        _after_commit(broadcast_unread_count, notification.recipient_id)
    return bool(changed)


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        _after_commit(broadcast_unread_count, user.pk)
    return changed


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def email_frequency(user) -> str:
    """The user's e-mail frequency; users who never opened the preferences page get the
    model default (daily digest) without a row being written for them."""
    frequency = (
        NotificationPreference.objects.filter(user=user)
        .values_list("email_frequency", flat=True)
        .first()
    )
    return frequency or NotificationPreference._meta.get_field("email_frequency").default


def get_preference(user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def broadcast_unread_count(user_id: int, notification_id: int | None = None) -> None:
    """Send the user's current unread count to their open pages. Computed at send time, so
    the last event a browser receives always carries the true count."""
    layer = get_channel_layer()
    if layer is None:
        return
    unread = unread_count(user_id)
    if notification_id is not None:
        event = {"type": "notification.created", "id": notification_id, "unread": unread}
    else:
        event = {"type": "notification.unread_count", "unread": unread}
    async_to_sync(layer.group_send)(user_group_name(user_id), event)


def _enqueue_email(notification_id: int) -> None:
    send_notification_email.enqueue(notification_id)


def _after_commit(func, *args) -> None:
    # robust: the data is committed already; a channel layer or task queue that is down must
    # not turn the user's successful request into an error page. The failure is logged.
    transaction.on_commit(partial(func, *args), robust=True)
