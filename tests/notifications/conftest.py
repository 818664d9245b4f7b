import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from labo.notifications.consumers import user_group_name


class GroupListener:
    """A channel subscribed to one user's notification group, as an open page would be."""

    def __init__(self, user):
        self.layer = get_channel_layer()
        self.group = user_group_name(user.pk)
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(self.group, self.channel)

    def receive(self, timeout=0.5):
        async def _receive():
            try:
                return await asyncio.wait_for(self.layer.receive(self.channel), timeout)
            except TimeoutError:
                return None

        return async_to_sync(_receive)()

    def receive_all(self, timeout=0.2):
        events = []
        while (event := self.receive(timeout)) is not None:
            events.append(event)
        return events

    def close(self):
        async_to_sync(self.layer.group_discard)(self.group, self.channel)


@pytest.fixture
def listen():
    listeners = []

    def _listen(user):
        listener = GroupListener(user)
        listeners.append(listener)
        return listener

    yield _listen
    for listener in listeners:
        listener.close()
