import pytest
from django.urls import reverse

from forum import services
from forum.models import Category
from tests.factories import HOSTILE

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_dashboard_lists_unread_followed_topics_and_opens_private_space(
    client, team_member, project, topic
):
    services.set_topic_watch(team_member, topic, "watching")
    services.mark_read(team_member, topic, topic.posts.get().pk)
    PostFactory(topic=topic)
    client.force_login(team_member)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 message non lu" in content
    assert HOSTILE not in content
    assert reverse("forum:open_space", args=[project.pk]) in content
    client.post(reverse("forum:open_space", args=[project.pk]))
    space = Category.objects.get(project=project)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("forum:category", args=[space.slug]) in content


def test_plain_team_member_cannot_open_the_space(client, project):
    from tests.projects.factories import make_team_member

    colleague = make_team_member(project)
    client.force_login(colleague)
    response = client.post(reverse("forum:open_space", args=[project.pk]))
    assert response.status_code == 403
    assert not Category.objects.filter(project=project).exists()
