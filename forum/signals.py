"""``topic_changed(sender=Topic, topic_id=…)`` is sent after the commit of every write that can
change what the public sees of a topic: new topic or post, edit, delete, hide, lock, move.
A change of a category's visibility in the admin does not send it. The search index listens:
its receiver re-reads the topic and decides with ``forum.selectors.public_topics()``."""

from functools import partial

from django.db import transaction
from django.dispatch import Signal

topic_changed = Signal()


def _send(topic_id):
    from .models import Topic

    topic_changed.send(sender=Topic, topic_id=topic_id)


def announce_topic_change(topic_id: int) -> None:
    transaction.on_commit(partial(_send, topic_id), robust=True)
