"""Writes of the forum, one function per action; views and the admin stay thin.

Live events and notifications leave only after the transaction commits (``live.publish``
and ``labo.notifications.services``), and carry ids only: the browser fetches the rendered
post through the normal permission-checked view."""

from .moderation import AlreadyReported, moderate_post, moderate_topic, report_create, suspend
from .posting import (
    attachment_add,
    mark_read,
    post_create,
    post_delete,
    post_edit,
    refresh_topic,
    set_category_watch,
    set_topic_watch,
    topic_create,
)

__all__ = [
    "AlreadyReported",
    "attachment_add",
    "mark_read",
    "moderate_post",
    "moderate_topic",
    "post_create",
    "post_delete",
    "post_edit",
    "refresh_topic",
    "report_create",
    "set_category_watch",
    "set_topic_watch",
    "suspend",
    "topic_create",
]
