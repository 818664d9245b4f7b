from channels.generic.websocket import AsyncJsonWebsocketConsumer


def user_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Tells one signed-in user's open pages that their unread count changed."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group_name = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def notification_created(self, event):
        await self.send_json(
            {"type": "notification.created", "id": event["id"], "unread": event["unread"]}
        )
