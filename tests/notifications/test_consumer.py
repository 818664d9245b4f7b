"""The live badge's websocket, through the real ASGI stack (origin check, session auth)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from labo.asgi import application
from labo.notifications.consumers import NotificationConsumer
from labo.notifications.services import mark_all_read, notify
from tests.factories import NotificationFactory, UserFactory

# serialized_rollback: a plain flush re-runs post_migrate (role groups with new ids), which
# collides with the serialized data the other transactional tests reload.
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PATH = "/ws/notifications/"
ORIGIN = (b"origin", b"http://testserver")


@database_sync_to_async
def session_cookie_for(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect_as(user):
    headers = [ORIGIN]
    if user is not None:
        headers.append((b"cookie", (await session_cookie_for(user)).encode()))
    communicator = WebsocketCommunicator(application, PATH, headers=headers)
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


@database_sync_to_async
def notify_and_commit(user, message="Nouvelle réponse"):
    with transaction.atomic():
        return notify(user, kind="test", message=message).pk


@database_sync_to_async
def notify_and_roll_back(user):
    try:
        with transaction.atomic():
            notify(user, kind="test", message="Jamais envoyée")
            raise RuntimeError("rollback")
    except RuntimeError:
        pass


async def test_anonymous_connection_is_refused_with_4401():
    communicator, _connected = await connect_as(None)
    assert await communicator.receive_output(timeout=1) == {
        "type": "websocket.close",
        "code": 4401,
    }
    await communicator.wait()


async def test_inactive_user_is_refused_with_4403():
    user = await database_sync_to_async(UserFactory)()
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), PATH)
    user.is_active = False
    communicator.scope["user"] = user
    await communicator.connect()
    assert await communicator.receive_output(timeout=1) == {
        "type": "websocket.close",
        "code": 4403,
    }
    await communicator.wait()


async def test_foreign_origin_is_refused():
    user = await database_sync_to_async(UserFactory)()
    cookie = (await session_cookie_for(user)).encode()
    communicator = WebsocketCommunicator(
        application, PATH, headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie)]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_user_receives_own_event_and_not_others():
    alice = await database_sync_to_async(UserFactory)()
    bob = await database_sync_to_async(UserFactory)()
    alice_socket, alice_connected = await connect_as(alice)
    bob_socket, bob_connected = await connect_as(bob)
    assert alice_connected and bob_connected

    notification_id = await notify_and_commit(alice)

    assert await alice_socket.receive_json_from(timeout=2) == {
        "type": "notification.created",
        "id": notification_id,
        "unread": 1,
    }
    assert await bob_socket.receive_nothing(timeout=0.3)
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_no_event_when_the_transaction_rolls_back():
    user = await database_sync_to_async(UserFactory)()
    socket, connected = await connect_as(user)
    assert connected

    await notify_and_roll_back(user)

    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_mark_all_read_sends_the_new_count():
    user = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(NotificationFactory.create_batch)(2, recipient=user)
    socket, _ = await connect_as(user)

    await database_sync_to_async(mark_all_read)(user)

    assert await socket.receive_json_from(timeout=2) == {
        "type": "notification.unread_count",
        "unread": 0,
    }
    await socket.disconnect()


async def test_sync_message_replies_with_the_unread_count():
    user = await database_sync_to_async(UserFactory)()
    await database_sync_to_async(NotificationFactory.create_batch)(3, recipient=user)
    await database_sync_to_async(NotificationFactory)()  # someone else's
    socket, _ = await connect_as(user)

    await socket.send_json_to({"type": "sync"})
    assert await socket.receive_json_from(timeout=2) == {
        "type": "notification.unread_count",
        "unread": 3,
    }
    await socket.send_json_to({"type": "anything else"})
    assert await socket.receive_nothing(timeout=0.2)
    await socket.disconnect()
