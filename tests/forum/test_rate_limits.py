"""New members are rate limited with an HTTP 429 and a French message; staff are exempt."""

import pytest
from django.urls import reverse

from forum.models import Post, Topic

pytestmark = pytest.mark.django_db


def test_new_member_posts_per_minute(client, member, topic, settings):
    settings.FORUM_LIMITS = {"new_member_posts_per_minute": 2}
    client.force_login(member)
    for body in ("Un", "Deux"):
        assert (
            client.post(reverse("forum:reply", args=[topic.pk]), {"body": body}).status_code == 302
        )
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Trois"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "limite de 2 messages par minute" in content
    assert "Trois" in content  # the form keeps what was typed
    assert Post.objects.filter(author=member).count() == 2


def test_new_member_links_per_post(client, member, topic):
    client.force_login(member)
    body = "https://a.fr https://b.fr https://c.fr"
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": body})
    assert response.status_code == 429
    assert "au plus 2 liens" in response.content.decode()


def test_first_day_topics(client, member, public_category):
    client.force_login(member)
    url = reverse("forum:new_topic", args=[public_category.slug])
    codes = []
    for number in range(4):
        response = client.post(url, {"title": f"Sujet numéro {number}", "body": "Texte"})
        codes.append(response.status_code)
        Post.objects.update(created_at=Post.objects.first().created_at.replace(year=2020))
    assert codes == [302, 302, 302, 429]
    assert "Le premier jour" in response.content.decode()
    assert Topic.objects.count() == 3


def test_staff_are_exempt(client, animateur, topic, settings):
    settings.FORUM_LIMITS = {"new_member_posts_per_minute": 1, "posts_per_minute": 1}
    client.force_login(animateur)
    for body in ("Un", "Deux", "Trois https://a.fr https://b.fr https://c.fr"):
        assert (
            client.post(reverse("forum:reply", args=[topic.pk]), {"body": body}).status_code == 302
        )
