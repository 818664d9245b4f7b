"""Live topic and category sockets through the real ASGI stack: refusals in connect(),
delivery after commit only, ids only, forged messages ignored, removed team members cut off."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from forum import services
from labo.asgi import application
from tests.factories import UserFactory

from .factories import CategoryFactory, TopicFactory

# serialized_rollback: the private-space tests need the Wagtail tree that migrations create.
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ORIGIN = (b"origin", b"http://testserver")


@database_sync_to_async
def session_cookie_for(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def connect(path, user=None):
    headers = [ORIGIN]
    if user is not None:
        headers.append((b"cookie", (await session_cookie_for(user)).encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def expect_close(communicator, code):
    assert await communicator.receive_output(timeout=2) == {"type": "websocket.close", "code": code}
    await communicator.wait()


@database_sync_to_async
def make_private_topic():
    from forum.models import Category
    from labo.home.site_setup import ensure_site_structure
    from projects.models import ProjectIndexPage
    from tests.projects.factories import ProjectPageFactory

    ensure_site_structure()
    member = UserFactory()
    page = ProjectPageFactory(parent=ProjectIndexPage.objects.get(), team=[member])
    category = CategoryFactory(visibility=Category.Visibility.PROJECT, project=page)
    return TopicFactory(category=category, author=member), member


@database_sync_to_async
def reply(topic, user, body="Nouveau message", roll_back=False):
    try:
        with transaction.atomic():
            post = services.post_create(topic, user, body=body)
            if roll_back:
                raise RuntimeError("rollback")
            return post.pk
    except RuntimeError:
        return None


async def test_public_topic_delivers_post_ids_after_commit_to_visitors():
    topic = await database_sync_to_async(TopicFactory)()
    author = await database_sync_to_async(UserFactory)()
    socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/")
    assert connected
    post_id = await reply(topic, author)
    assert await socket.receive_json_from(timeout=2) == {
        "event": "post.created", "topic_id": topic.pk, "post_id": post_id,
    }  # fmt: skip
    await socket.disconnect()


async def test_no_event_when_the_transaction_rolls_back():
    topic = await database_sync_to_async(TopicFactory)()
    author = await database_sync_to_async(UserFactory)()
    socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
    assert await reply(topic, author, roll_back=True) is None
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_private_topic_refuses_visitors_and_outsiders_in_connect():
    topic, member = await make_private_topic()
    outsider = await database_sync_to_async(UserFactory)()
    socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
    await expect_close(socket, 4403)
    socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/", outsider)
    await expect_close(socket, 4403)
    socket, _ = await connect(f"/ws/forum/categories/{topic.category_id}/", outsider)
    await expect_close(socket, 4403)
    socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/", member)
    assert connected
    await socket.disconnect()


async def test_unknown_topic_is_refused():
    socket, _ = await connect("/ws/forum/topics/999999/")
    await expect_close(socket, 4404)


async def test_removed_team_member_stops_receiving_events():
    topic, member = await make_private_topic()
    colleague = await database_sync_to_async(UserFactory)()

    @database_sync_to_async
    def reshuffle():
        from projects import services as project_services

        team = topic.category.project.team
        project_services.team_add_member(team, colleague)
        project_services.team_remove_member(team.memberships.get(user=member))

    socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/", member)
    assert connected
    await reshuffle()
    await reply(topic, colleague, body="Secret d'équipe")
    await expect_close(socket, 4403)


async def test_forged_messages_are_ignored():
    topic = await database_sync_to_async(TopicFactory)()
    author = await database_sync_to_async(UserFactory)()
    spy, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
    forger, _ = await connect(f"/ws/forum/topics/{topic.pk}/", author)
    await forger.send_to(text_data='{"type": "forum.event", "event": "post.created", "post_id": 1}')
    await forger.send_to(text_data="pas du json")
    await forger.send_to(bytes_data=b"\x00\x01")
    assert await spy.receive_nothing(timeout=0.3)
    assert await forger.receive_nothing(timeout=0.1)
    await spy.disconnect()
    await forger.disconnect()


async def test_category_socket_announces_new_topics():
    category = await database_sync_to_async(CategoryFactory)()
    author = await database_sync_to_async(UserFactory)()
    socket, connected = await connect(f"/ws/forum/categories/{category.pk}/")
    assert connected

    @database_sync_to_async
    def create():
        return services.topic_create(category, author, title="Nouveau sujet", body="Texte").pk

    topic_id = await create()
    assert await socket.receive_json_from(timeout=2) == {
        "event": "topic.created", "topic_id": topic_id,
    }  # fmt: skip
    await socket.disconnect()


async def test_hide_is_announced():
    topic = await database_sync_to_async(TopicFactory)()

    @database_sync_to_async
    def hide():
        from forum.models import Post

        post = Post.objects.select_related("topic").get(topic=topic)
        services.moderate_post(post, None, "hide", reason="test")
        return post.pk

    socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
    post_id = await hide()
    message = await socket.receive_json_from(timeout=2)
    assert message["event"] == "post.hidden" and message["post_id"] == post_id
    await socket.disconnect()
