"""Pages of the forum. Each view asks ``labo.permissions.can`` before reading or writing;
every action works as a plain form post with a redirect, the websocket only adds live
updates on top."""

from .reading import (
    attachment,
    category,
    history,
    index,
    mention_search,
    post,
    post_fragment,
    posts_after,
    preview,
    topic,
    topic_first_unread,
)
from .writing import (
    delete_post,
    edit_post,
    new_topic,
    open_project_space,
    reply,
    report_post,
    watch_category,
    watch_topic,
)

__all__ = [
    "attachment",
    "category",
    "delete_post",
    "edit_post",
    "history",
    "index",
    "mention_search",
    "new_topic",
    "open_project_space",
    "post",
    "post_fragment",
    "posts_after",
    "preview",
    "reply",
    "report_post",
    "topic",
    "topic_first_unread",
    "watch_category",
    "watch_topic",
]
