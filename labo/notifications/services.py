"""Writes of the notification system. Live events leave only after the transaction commits,
so a browser never hears of a notification that a rollback erased."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .consumers import user_group_name
from .models import Notification


def notify(recipient, *, kind: str, message: str, link: str = "") -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, message=message[:500], link=link
    )
    transaction.on_commit(lambda: broadcast_unread_count(recipient.pk, notification.pk))
    return notification


def broadcast_unread_count(user_id: int, notification_id: int | None = None) -> None:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        user_group_name(user_id),
        {"type": "notification.created", "id": notification_id, "unread": unread},
    )
