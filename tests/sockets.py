"""Websockets through the real ASGI stack, driven from a synchronous test.

``drive_sockets`` runs the test's coroutine with ``async_to_sync`` from the test's own thread,
so every ``database_sync_to_async`` call of the consumers comes back to that thread and sees
the test's transaction: no transactional test, no serialized database to restore (those
cost 4–10 s each). Events sent ``on_commit`` are released with
``django_capture_on_commit_callbacks(execute=True)``; callbacks registered in a savepoint
that rolls back are dropped by Django exactly as they are at a real commit.
"""

from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

ORIGIN = (b"origin", b"http://testserver")


def session_cookie_for(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def open_socket(path, cookie=None, origin=ORIGIN):
    """The communicator and whether the handshake was accepted."""
    from labo.asgi import application

    headers = [origin]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _subprotocol = await communicator.connect()
    return communicator, connected


def drive_sockets(coroutine_function):
    # Channels closes "old" connections around each database call; here that connection is
    # the one holding the test's transaction (PostgreSQL would really close it).
    with mock.patch("channels.db.close_old_connections", lambda: None):
        return async_to_sync(coroutine_function)()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``await committed(function)`` runs ``function`` in a transaction of its own, as a view
    would, and then releases what it sent on commit. With ``roll_back=True`` the transaction
    is rolled back instead (its events must never leave) and None is returned."""

    class _RolledBack(Exception):
        pass

    @database_sync_to_async
    def run(function, roll_back=False):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    result = function()
                    if roll_back:
                        raise _RolledBack
                    return result
            except _RolledBack:
                return None

    return run
