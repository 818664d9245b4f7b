"""A form that creates something is acted on once (#15, finding 7: a double submit created
duplicate topics, posts and structures). The token comes from the rendered page, as in a
browser; the second POST of the same page leads to what the first one created."""

import re
import threading

import pytest
from django.core.cache import cache
from django.urls import reverse

from forum.models import Post, Topic
from labo.accounts.models import Organisation
from labo.core import submissions
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="envoi" value="([^"]+)"')


def token_of(client, url):
    return TOKEN.search(client.get(url).content.decode())[1]


def send_twice(client, url, data):
    data = {**data, "envoi": token_of(client, url)}
    return client.post(url, data), client.post(url, data)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_topic_sent_twice_is_created_once(client, member):
    url = reverse("forum:new_topic", args=[CategoryFactory().slug])
    first, second = send_twice(client, url, {"title": "Terrain à Auch", "body": "Bonjour"})
    topic = Topic.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == topic.get_absolute_url()


def test_a_reply_sent_twice_is_posted_once(client, member):
    topic = TopicFactory()
    url = reverse("forum:reply", args=[topic.pk])
    before = Post.objects.filter(topic=topic).count()
    first, second = send_twice(client, url, {"body": "Je suis intéressée."})
    assert Post.objects.filter(topic=topic).count() == before + 1
    assert first["Location"] == second["Location"]


def test_a_structure_sent_twice_is_created_once(client, member):
    url = reverse("accounts:organisation_create")
    data = {
        "name": "Les Tilleuls",
        "kind": "porteur",
        "legal_form": "coop_habitants",
        "ess_status": "de_droit",
        "departement": "12",
    }
    first, second = send_twice(client, url, data)
    organisation = Organisation.objects.get()
    assert first["Location"] == second["Location"]
    assert second["Location"] == reverse("accounts:organisation_detail", args=[organisation.pk])


def test_a_refused_form_sent_again_corrected_is_acted_on(client, member):
    url = reverse("forum:new_topic", args=[CategoryFactory().slug])
    token = token_of(client, url)
    refused = client.post(url, {"title": "", "body": "Bonjour", "envoi": token})
    assert refused.status_code == 200
    corrected = client.post(url, {"title": "Terrain à Auch", "body": "Bonjour", "envoi": token})
    assert corrected.status_code == 302
    assert Topic.objects.count() == 1


def test_someone_elses_token_leads_nowhere(client, member):
    url = reverse("forum:new_topic", args=[CategoryFactory().slug])
    token = token_of(client, url)
    client.post(url, {"title": "Le mien", "body": "Bonjour", "envoi": token})
    client.force_login(UserFactory())
    client.post(url, {"title": "Le sien", "body": "Bonjour", "envoi": token})
    assert sorted(Topic.objects.values_list("title", flat=True)) == ["Le mien", "Le sien"]


def test_the_second_of_two_simultaneous_posts_waits_for_the_first(client, member, monkeypatch):
    """The first request holds the claim while it works; the second waits, then follows it."""
    monkeypatch.setattr(submissions, "POLL_SECONDS", 0.01)
    url = reverse("forum:new_topic", args=[CategoryFactory().slug])
    token = token_of(client, url)
    key = f"labo:submission:{member.pk}:{token}"
    cache.set(key, submissions.PENDING)
    finished = threading.Timer(0.3, lambda: cache.set(key, "/forum/sujets/1/"))
    finished.start()
    response = client.post(url, {"title": "Terrain", "body": "Bonjour", "envoi": token})
    finished.join()
    assert response.status_code == 302
    assert response["Location"] == "/forum/sujets/1/"
    assert not Topic.objects.exists()
