"""Live topic and category sockets through the real ASGI stack: refusals in connect(),
delivery after commit only, ids only, forged messages ignored, removed team members cut off.
Driven from synchronous tests (see tests/sockets.py)."""

import pytest
from channels.db import database_sync_to_async

from forum import services
from tests.factories import UserFactory
from tests.sockets import drive_sockets, open_socket, session_cookie_for

from .factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


async def connect(path, user=None):
    cookie = await database_sync_to_async(session_cookie_for)(user) if user else None
    return await open_socket(path, cookie)


async def expect_close(communicator, code):
    assert await communicator.receive_output(timeout=2) == {"type": "websocket.close", "code": code}
    await communicator.wait()


@pytest.fixture
def private_topic(site):
    from forum.models import Category
    from projects.models import ProjectIndexPage
    from tests.projects.factories import ProjectPageFactory

    member = UserFactory()
    page = ProjectPageFactory(parent=ProjectIndexPage.objects.get(), team=[member])
    category = CategoryFactory(visibility=Category.Visibility.PROJECT, project=page)
    return TopicFactory(category=category, author=member), member


def test_public_topic_delivers_post_ids_after_commit_to_visitors(committed):
    topic = TopicFactory()
    author = UserFactory()

    async def scenario():
        socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/")
        assert connected
        post_id = await committed(lambda: services.post_create(topic, author, body="Nouveau").pk)
        assert await socket.receive_json_from(timeout=2) == {
            "event": "post.created", "topic_id": topic.pk, "post_id": post_id,
        }  # fmt: skip
        await socket.disconnect()

    drive_sockets(scenario)


def test_no_event_when_the_transaction_rolls_back(committed):
    topic = TopicFactory()
    author = UserFactory()

    async def scenario():
        socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
        created = await committed(
            lambda: services.post_create(topic, author, body="Annulé").pk, roll_back=True
        )
        assert created is None
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    drive_sockets(scenario)


def test_private_topic_refuses_visitors_and_outsiders_in_connect(private_topic):
    topic, member = private_topic
    outsider = UserFactory()

    async def scenario():
        socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
        await expect_close(socket, 4403)
        socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/", outsider)
        await expect_close(socket, 4403)
        socket, _ = await connect(f"/ws/forum/categories/{topic.category_id}/", outsider)
        await expect_close(socket, 4403)
        socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/", member)
        assert connected
        await socket.disconnect()

    drive_sockets(scenario)


def test_unknown_topic_is_refused():
    async def scenario():
        socket, _ = await connect("/ws/forum/topics/999999/")
        await expect_close(socket, 4404)

    drive_sockets(scenario)


def test_removed_team_member_stops_receiving_events(private_topic, committed):
    from projects import services as project_services

    topic, member = private_topic
    colleague = UserFactory()
    team = topic.category.project.team

    def reshuffle():
        project_services.team_add_member(team, colleague)
        project_services.team_remove_member(team.memberships.get(user=member))

    async def scenario():
        socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/", member)
        assert connected
        await committed(reshuffle)
        await committed(lambda: services.post_create(topic, colleague, body="Secret d'équipe"))
        await expect_close(socket, 4403)

    drive_sockets(scenario)


def test_a_topic_moved_to_a_private_space_stops_reaching_outsiders(private_topic, committed):
    """Public when the socket opened, private at the next event: the right to read is asked
    again before each event, whatever the topic was at connection time."""
    from forum.models import Topic

    private_category = private_topic[0].category
    member = private_topic[1]
    topic = TopicFactory()
    outsider = UserFactory()

    def move_to_private_space():
        Topic.objects.filter(pk=topic.pk).update(category=private_category)

    async def scenario():
        socket, connected = await connect(f"/ws/forum/topics/{topic.pk}/", outsider)
        assert connected
        await committed(move_to_private_space)
        await committed(lambda: services.post_create(topic, member, body="Secret d'équipe"))
        await expect_close(socket, 4403)

    drive_sockets(scenario)


def test_forged_messages_are_ignored():
    topic = TopicFactory()
    author = UserFactory()

    async def scenario():
        spy, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
        forger, _ = await connect(f"/ws/forum/topics/{topic.pk}/", author)
        await forger.send_to(
            text_data='{"type": "forum.event", "event": "post.created", "post_id": 1}'
        )
        await forger.send_to(text_data="pas du json")
        await forger.send_to(bytes_data=b"\x00\x01")
        assert await spy.receive_nothing(timeout=0.3)
        assert await forger.receive_nothing(timeout=0.1)
        await spy.disconnect()
        await forger.disconnect()

    drive_sockets(scenario)


def test_category_socket_announces_new_topics(committed):
    category = CategoryFactory()
    author = UserFactory()

    async def scenario():
        socket, connected = await connect(f"/ws/forum/categories/{category.pk}/")
        assert connected
        topic_id = await committed(
            lambda: services.topic_create(category, author, title="Nouveau sujet", body="Texte").pk
        )
        assert await socket.receive_json_from(timeout=2) == {
            "event": "topic.created", "topic_id": topic_id,
        }  # fmt: skip
        await socket.disconnect()

    drive_sockets(scenario)


def test_hide_is_announced(committed):
    from forum.models import Post

    topic = TopicFactory()
    post = Post.objects.select_related("topic").get(topic=topic)

    def hide():
        services.moderate_post(post, None, "hide", reason="test")
        return post.pk

    async def scenario():
        socket, _ = await connect(f"/ws/forum/topics/{topic.pk}/")
        post_id = await committed(hide)
        message = await socket.receive_json_from(timeout=2)
        assert message["event"] == "post.hidden" and message["post_id"] == post_id
        await socket.disconnect()

    drive_sockets(scenario)
