"""Live topic and category pages. A socket joins a topic's (or category's) group only after
``can()`` allowed the user to read it. Events carry ids; the page fetches the rendered post
through the permission-checked views. The right to read is asked again before each event,
whatever the topic was at connection time: a member removed from the project team, or a
visitor of a topic since moved to a private space or hidden, stops hearing it at once."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from labo.permissions import can

from . import live

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


@database_sync_to_async
def _load(model_name, pk):
    from .models import Category, Topic

    if model_name == "topic":
        return Topic.objects.select_related("category").filter(pk=pk).first()
    return Category.objects.filter(pk=pk).first()


@database_sync_to_async
def _may_read(user, obj, action):
    if obj is None:
        return False
    # Reload: a moderator may have moved or hidden the topic since the socket opened.
    obj.refresh_from_db()
    if hasattr(obj, "category"):
        obj.category.refresh_from_db()
    user._forum_team_page_ids = None
    user._labo_role_names = None
    return bool(can(user, action, obj))


class _ForumConsumer(AsyncJsonWebsocketConsumer):
    model_name = ""
    action = ""

    async def connect(self):
        user = self.scope.get("user")
        obj = await _load(self.model_name, self.scope["url_route"]["kwargs"]["pk"])
        if obj is None:
            await self._refuse(CLOSE_NOT_FOUND)
            return
        if user is None or not await database_sync_to_async(can)(user, self.action, obj):
            # Visitors may read public topics live; everyone else gets the rule's answer.
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.obj = obj
        self.user = user
        self.group_name = self.group_for(obj.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def _refuse(self, code):
        # Accept then close with our code: the script stops retrying on 44xx.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Browsers have nothing to tell us: the page fetches missed posts over HTTP. Anything
        # sent (forged events, broken JSON, binary) is ignored, never echoed to the group.
        if text_data:
            try:
                json.loads(text_data)
            except ValueError:
                return

    async def forum_event(self, event):
        if not await _may_read(self.user, self.obj, self.action):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        payload = {key: value for key, value in event.items() if key != "type"}
        await self.send_json(payload)


class TopicConsumer(_ForumConsumer):
    model_name = "topic"
    action = "forum.view_topic"

    @staticmethod
    def group_for(pk):
        return live.topic_group(pk)


class CategoryConsumer(_ForumConsumer):
    model_name = "category"
    action = "forum.view_category"

    @staticmethod
    def group_for(pk):
        return live.category_group(pk)
