"""Mentions and watching notify through the Foundation's notifications; read tracking gives
unread counts and « jump to first unread »."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import WatchLevel
from labo.notifications.models import Notification
from tests.factories import UserFactory

from .factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_mention_notifies_the_member(client, member, topic):
    jules = UserFactory(display_name="Jules Membre")
    client.force_login(member)
    client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Qu'en penses-tu @[jules membre] ?"}
    )
    notification = Notification.objects.get(recipient=jules)
    assert notification.kind == "forum.mention"
    assert notification.link.startswith("/forum/messages/")


def test_mention_of_outsider_in_private_space_is_silent(team_member, private_topic):
    outsider = UserFactory(display_name="Curieux")
    services.post_create(private_topic, team_member, body="Bonjour @[Curieux]")
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_watchers_are_notified_tracking_and_muted_are_not(member, topic):
    watcher, tracker, muted_on_topic = UserFactory(), UserFactory(), UserFactory()
    services.set_topic_watch(watcher, topic, WatchLevel.WATCHING)
    services.set_topic_watch(tracker, topic, WatchLevel.TRACKING)
    services.set_category_watch(muted_on_topic, topic.category, WatchLevel.WATCHING)
    services.set_topic_watch(muted_on_topic, topic, WatchLevel.MUTED)
    services.post_create(topic, member, body="Nouvelle réponse")
    assert Notification.objects.filter(recipient=watcher, kind="forum.post").count() == 1
    assert not Notification.objects.filter(recipient=tracker).exists()
    assert not Notification.objects.filter(recipient=muted_on_topic).exists()
    assert not Notification.objects.filter(recipient=member).exists()


def test_category_watchers_hear_of_new_topics(client, member, public_category):
    watcher = UserFactory()
    services.set_category_watch(watcher, public_category, WatchLevel.WATCHING)
    client.force_login(member)
    client.post(
        reverse("forum:new_topic", args=[public_category.slug]),
        {"title": "Terrain à Auch", "body": "Qui connaît ?"},
    )
    assert "Nouveau sujet" in Notification.objects.get(recipient=watcher).message


def test_watch_form_sets_level_and_refuses_unknown(client, member, topic):
    client.force_login(member)
    client.post(reverse("forum:watch_topic", args=[topic.pk]), {"level": "watching"})
    assert topic.watches.get(user=member).level == "watching"
    response = client.post(
        reverse("forum:watch_topic", args=[topic.pk]), {"level": "<script>"}, follow=True
    )
    assert "Choisissez un niveau de suivi proposé." in response.content.decode()


def test_removed_team_member_stops_being_notified(team_member, private_topic):
    from projects import services as project_services

    services.set_topic_watch(team_member, private_topic, WatchLevel.WATCHING)
    author = UserFactory()
    project = private_topic.category.project
    project_services.team_add_member(project.team, author)
    project_services.team_remove_member(project.team.memberships.get(user=team_member))
    services.post_create(private_topic, author, body="Réunion jeudi")
    assert not Notification.objects.filter(recipient=team_member, kind="forum.post").exists()


def test_unread_counts_and_first_unread(client, member, public_category):
    topic = TopicFactory(category=public_category)
    client.force_login(member)
    client.get(topic.get_absolute_url())
    newer = PostFactory.create_batch(3, topic=topic)
    page = client.get(reverse("forum:category", args=[public_category.slug]))
    listed = next(t for t in page.context["topics"] if t.pk == topic.pk)
    assert listed.unread_count == 3
    assert "3 non lus" in page.content.decode()
    index = client.get(reverse("forum:index")).content.decode()
    assert "1 sujet non lu" in index
    jump = client.get(reverse("forum:first_unread", args=[topic.pk]))
    assert jump["Location"].endswith(f"#message-{newer[0].pk}")
    client.get(topic.get_absolute_url())
    page = client.get(reverse("forum:category", args=[public_category.slug]))
    assert next(t for t in page.context["topics"] if t.pk == topic.pk).unread_count == 0


def test_first_unread_lands_on_the_right_page(client, member, topic):
    PostFactory.create_batch(24, topic=topic)
    services.mark_read(member, topic, topic.posts.order_by("id")[21].pk)
    client.force_login(member)
    target = topic.posts.order_by("id")[22]
    assert client.get(reverse("forum:first_unread", args=[topic.pk]))["Location"].endswith(
        f"?page=2#message-{target.pk}"
    )
