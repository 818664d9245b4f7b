"""The live badge's websocket, through the real ASGI stack (origin check, session auth).
Driven from synchronous tests (see tests/sockets.py)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from labo.notifications.consumers import NotificationConsumer
from labo.notifications.services import mark_all_read, notify
from tests.factories import NotificationFactory, UserFactory
from tests.sockets import drive_sockets, open_socket, session_cookie_for

pytestmark = pytest.mark.django_db

PATH = "/ws/notifications/"


async def connect_as(user):
    cookie = await database_sync_to_async(session_cookie_for)(user) if user else None
    return await open_socket(PATH, cookie)


def test_anonymous_connection_is_refused_with_4401():
    async def scenario():
        communicator, _connected = await connect_as(None)
        assert await communicator.receive_output(timeout=1) == {
            "type": "websocket.close",
            "code": 4401,
        }
        await communicator.wait()

    drive_sockets(scenario)


def test_inactive_user_is_refused_with_4403():
    user = UserFactory()
    user.is_active = False

    async def scenario():
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), PATH)
        communicator.scope["user"] = user
        await communicator.connect()
        assert await communicator.receive_output(timeout=1) == {
            "type": "websocket.close",
            "code": 4403,
        }
        await communicator.wait()

    drive_sockets(scenario)


def test_foreign_origin_is_refused():
    cookie = session_cookie_for(UserFactory())

    async def scenario():
        _communicator, connected = await open_socket(
            PATH, cookie, origin=(b"origin", b"https://evil.example")
        )
        assert not connected

    drive_sockets(scenario)


def test_user_receives_own_event_and_not_others(committed):
    alice = UserFactory()
    bob = UserFactory()

    async def scenario():
        alice_socket, alice_connected = await connect_as(alice)
        bob_socket, bob_connected = await connect_as(bob)
        assert alice_connected and bob_connected

        notification_id = await committed(
            lambda: notify(alice, kind="test", message="Nouvelle réponse").pk
        )

        assert await alice_socket.receive_json_from(timeout=2) == {
            "type": "notification.created",
            "id": notification_id,
            "unread": 1,
        }
        assert await bob_socket.receive_nothing(timeout=0.3)
        await alice_socket.disconnect()
        await bob_socket.disconnect()

    drive_sockets(scenario)


def test_no_event_when_the_transaction_rolls_back(committed):
    user = UserFactory()

    async def scenario():
        socket, connected = await connect_as(user)
        assert connected
        await committed(lambda: notify(user, kind="test", message="Jamais envoyée"), roll_back=True)
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    drive_sockets(scenario)


def test_mark_all_read_sends_the_new_count(committed):
    user = UserFactory()
    NotificationFactory.create_batch(2, recipient=user)

    async def scenario():
        socket, _ = await connect_as(user)
        await committed(lambda: mark_all_read(user))
        assert await socket.receive_json_from(timeout=2) == {
            "type": "notification.unread_count",
            "unread": 0,
        }
        await socket.disconnect()

    drive_sockets(scenario)


def test_sync_message_replies_with_the_unread_count():
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory()  # someone else's

    async def scenario():
        socket, _ = await connect_as(user)
        await socket.send_json_to({"type": "sync"})
        assert await socket.receive_json_from(timeout=2) == {
            "type": "notification.unread_count",
            "unread": 3,
        }
        await socket.send_json_to({"type": "anything else"})
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()

    drive_sockets(scenario)
