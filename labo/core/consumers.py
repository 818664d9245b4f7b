"""The websocket answer to a path no route matches."""

from channels.generic.websocket import AsyncWebsocketConsumer

# Like HTTP's 404, in the 4000–4999 range left to applications.
CLOSE_NOT_FOUND = 4404


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Channels' router raises on a path it does not know, which the server reports as an
    error and the browser sees as a failed handshake it keeps retrying: the socket is
    accepted and closed with 4404 instead."""

    async def connect(self):
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)
