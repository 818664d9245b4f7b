"""Live unread count. Each signed-in user's sockets join a group of their own, so an event
sent for one user can never reach another; the database stays the truth and every event
carries the count the server computed."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from labo.permissions import can

# Close codes the browser script understands (notifications.js stops retrying on 4401).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403


def user_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


@database_sync_to_async
def _unread_count(user_id: int) -> int:
    from .models import Notification

    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Tells one signed-in user's open pages that their unread count changed."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self._refuse(CLOSE_UNAUTHENTICATED)
            return
        if not await database_sync_to_async(can)(user, "notifications.listen"):
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.user_id = user.pk
        self.group_name = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def _refuse(self, code):
        # Accept, then close with our code: a handshake refused outright reaches the browser
        # as a bare 1006 and the script would keep reconnecting; 4401/4403 tell it to stop.
        # Nothing is sent before the close and the socket never joins a group.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # The only message a browser may send: « tell me my count » (after a reconnect,
        # events may have been missed). Anything else is ignored.
        if content.get("type") == "sync" and hasattr(self, "user_id"):
            await self.send_json(
                {"type": "notification.unread_count", "unread": await _unread_count(self.user_id)}
            )

    async def notification_created(self, event):
        await self.send_json(
            {"type": "notification.created", "id": event["id"], "unread": event["unread"]}
        )

    async def notification_unread_count(self, event):
        await self.send_json({"type": "notification.unread_count", "unread": event["unread"]})
