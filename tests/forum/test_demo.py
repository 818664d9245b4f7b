import pytest

from forum.demo import CATEGORIES, TOPICS
from forum.models import Category, Post, Topic

pytestmark = pytest.mark.django_db


def test_demo_forum_is_loaded_once_with_a_private_space(demo, client):
    assert Category.objects.exclude(visibility="projet").count() == len(CATEGORIES) == 6
    assert Topic.objects.count() >= len(TOPICS) >= 30
    assert Post.objects.count() > 2 * len(TOPICS)
    space = Category.objects.get(visibility="projet")
    assert space.project.slug == "maison-des-possibles"
    assert client.get("/forum/").status_code == 200
    assert space.name not in client.get("/forum/").content.decode()
    client.login(email="porteur@labo.demo", password="demo-labo-2026")
    assert client.get(f"/forum/categories/{space.slug}/").status_code == 200
    client.login(email="membre@labo.demo", password="demo-labo-2026")
    assert client.get(f"/forum/categories/{space.slug}/").status_code == 404
    topic = Topic.objects.filter(category__visibility="public").first()
    assert client.get(topic.get_absolute_url()).status_code == 200
