import asyncio
import threading

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from labo.notifications.consumers import user_group_name


class GroupListener:
    """A channel subscribed to one user's notification group, as an open page would be.

    It receives on one event loop of its own, as a server would: the Redis layer binds each
    channel's receive buffer to the loop of its first receive."""

    def __init__(self, user):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.layer = get_channel_layer()
        self.group = user_group_name(user.pk)
        self.channel = self._run(self.layer.new_channel())
        async_to_sync(self.layer.group_add)(self.group, self.channel)

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def receive(self, timeout=0.5):
        async def _receive():
            try:
                return await asyncio.wait_for(self.layer.receive(self.channel), timeout)
            except TimeoutError:
                return None

        return self._run(_receive())

    def receive_all(self, timeout=0.2):
        events = []
        while (event := self.receive(timeout)) is not None:
            events.append(event)
        return events

    def close(self):
        async_to_sync(self.layer.group_discard)(self.group, self.channel)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


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
