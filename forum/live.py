"""Channel groups of the forum and the events sent to them. Events carry ids only; the
browser fetches the rendered post through the permission-checked views."""

import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .signals import announce_topic_change

logger = logging.getLogger(__name__)


def topic_group(topic_id: int) -> str:
    return f"forum.topic.{topic_id}"


def category_group(category_id: int) -> str:
    return f"forum.category.{category_id}"


def _send(group: str, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group, {"type": "forum.event", **payload})


def publish(group: str, payload: dict) -> None:
    # robust: the write is committed; a channel layer that is down must not turn the
    # member's successful post into an error page.
    transaction.on_commit(partial(_send, group, payload), robust=True)


def post_event(post, event: str) -> None:
    announce_topic_change(post.topic_id)
    publish(
        topic_group(post.topic_id),
        {"event": event, "topic_id": post.topic_id, "post_id": post.pk},
    )


def topic_event(topic, event: str = "topic.created") -> None:
    announce_topic_change(topic.pk)
    publish(category_group(topic.category_id), {"event": event, "topic_id": topic.pk})
