"""Reports, the automatic hiding threshold, moderator actions in the Wagtail admin, the
moderation log and suspensions."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import ModerationLog, Report, Suspension
from labo.notifications.models import Notification
from tests.factories import HOSTILE, UserFactory

from .factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def _report(client, user, post, reason="spam", text=""):
    client.force_login(user)
    return client.post(
        reverse("forum:report_post", args=[post.pk]), {"reason": reason, "text": text}
    )


def test_one_report_per_user_per_post(client, member, topic):
    post = topic.posts.get()
    _report(client, member, post)
    response = _report(client, member, post)
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_reporting_own_post_is_refused(client, topic):
    post = topic.posts.get()
    response = _report(client, post.author, post)
    assert response.status_code == 403


def test_other_reason_needs_text_and_text_is_escaped(client, member, topic, animateur):
    post = topic.posts.get()
    response = _report(client, member, post, reason="autre")
    assert "Précisez le motif" in response.content.decode()
    _report(client, member, post, reason="autre", text=HOSTILE)
    client.force_login(animateur)
    queue = client.get(reverse("forum_moderation:queue")).content.decode()
    assert HOSTILE not in queue
    assert "&lt;script&gt;" in queue


def test_threshold_hides_post_and_notifies_author(client, topic, settings):
    settings.FORUM_REPORT_THRESHOLD = 3
    post = PostFactory(topic=topic)
    for _ in range(2):
        _report(client, UserFactory(), post)
    post.refresh_from_db()
    assert not post.is_hidden
    _report(client, UserFactory(), post)
    post.refresh_from_db()
    assert post.is_hidden
    assert Notification.objects.filter(recipient=post.author, kind="forum.moderation").exists()
    assert ModerationLog.objects.filter(action="auto_hide", post=post).exists()
    client.logout()
    assert post.body not in client.get(topic.get_absolute_url()).content.decode()


def test_member_cannot_reach_moderation(client, member):
    client.force_login(member)
    response = client.get(reverse("forum_moderation:queue"))
    assert response.status_code in (302, 403)


def test_moderator_hides_and_unhides_with_log(client, animateur, topic):
    post = PostFactory(topic=topic, report_count=1)
    client.force_login(animateur)
    assert client.get(reverse("forum_moderation:queue")).status_code == 200
    client.post(reverse("forum_moderation:post_action", args=[post.pk]),
                {"action": "hide", "reason": "Publicité"})  # fmt: skip
    post.refresh_from_db()
    assert post.is_hidden
    client.post(reverse("forum_moderation:post_action", args=[post.pk]), {"action": "unhide"})
    post.refresh_from_db()
    assert not post.is_hidden
    actions = list(
        ModerationLog.objects.order_by("id").values_list("action", "moderator", "reason")
    )
    assert actions == [("hide", animateur.pk, "Publicité"), ("unhide", animateur.pk, "")]


def test_moderator_topic_actions(client, animateur, member, topic):
    client.force_login(animateur)
    url = reverse("forum_moderation:topic", args=[topic.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert HOSTILE not in page.content.decode()
    target = CategoryFactory()
    for data in (
        {"action": "lock", "reason": "Débat clos"},
        {"action": "pin"},
        {"action": "move", "category": target.pk},
        {"action": "slow_mode", "seconds": 120},
    ):
        assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned and topic.category == target
    assert topic.slow_mode_seconds == 120
    assert ModerationLog.objects.filter(topic=topic).count() == 4
    response = client.post(url, {"action": "move"})
    assert "Choisissez la catégorie de destination." in response.content.decode()


def test_suspension_blocks_posting_with_reason(client, animateur, member, topic):
    client.force_login(animateur)
    client.post(reverse("forum_moderation:suspend"),
                {"email": member.email, "reason": "Insultes répétées", "days": 7})  # fmt: skip
    assert Suspension.objects.get(user=member).created_by == animateur
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Re"})
    assert response.status_code == 403
    assert "suspendue" in response.content.decode()
    assert "Insultes répétées" in response.content.decode()


def test_moderator_deletes_from_topic_page_with_log(client, animateur, topic):
    post = PostFactory(topic=topic)
    client.force_login(animateur)
    client.post(reverse("forum:delete_post", args=[post.pk]), {"reason": "Hors charte"})
    post.refresh_from_db()
    assert post.is_deleted
    assert ModerationLog.objects.get(action="delete").reason == "Hors charte"


def test_admin_viewsets_are_reserved_to_cress(client, animateur, member):
    client.force_login(animateur)
    assert client.get(reverse("forum_categories:index")).status_code == 200
    assert client.get(reverse("forum_moderation_log:index")).status_code == 200
    client.force_login(member)
    assert client.get(reverse("forum_categories:index")).status_code in (302, 403)


def test_services_slow_mode_is_enforced(client, member, topic, animateur):
    services.moderate_topic(topic, animateur, "slow_mode", seconds=600)
    client.force_login(member)
    member.date_joined = member.date_joined.replace(year=2020)
    member.save()
    assert client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Un"}).status_code == 302
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Deux"})
    assert response.status_code == 429
    assert "mode lent" in response.content.decode()
    assert "Deux" in response.content.decode()
