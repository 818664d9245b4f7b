import datetime

import feedparser
import pytest
from django.utils import timezone

from resources.models import Theme

from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(index):
    foncier = Theme.objects.get(slug="foncier")
    now = timezone.now()
    old = ResourcePageFactory(
        title="Ancienne fiche",
        themes=[foncier],
        first_published_at=now - datetime.timedelta(days=9),
    )
    new = ResourcePageFactory(
        title="Nouveau guide",
        themes=[Theme.objects.get(slug="juridique")],
        first_published_at=now - datetime.timedelta(days=1),
    )
    ResourcePageFactory(title="Brouillon caché", live=False)
    return old, new


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_lists_new_resources_first(client, published, kind):
    response = client.get(f"/ressources/flux/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Nouvelles ressources – Labo de l'habitat des communs"
    assert [entry.title for entry in feed.entries] == ["Nouveau guide", "Ancienne fiche"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + published[1].url
    assert "<script>" not in response.content.decode()
    assert feedparser.parse(response.content).entries[0].summary.startswith("Résumé")
    assert [tag.term for tag in entry.tags] == ["Juridique"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_theme_feed(client, published, kind):
    response = client.get(f"/ressources/flux/foncier/{kind}/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert "Foncier" in feed.feed.title
    assert [entry.title for entry in feed.entries] == ["Ancienne fiche"]


def test_unknown_theme_feed_is_404(client, index):
    assert client.get("/ressources/flux/astrologie/rss/").status_code == 404


def test_library_advertises_its_feeds(client, index):
    content = client.get("/ressources/?theme=foncier").content.decode()
    assert 'type="application/rss+xml"' in content
    assert 'href="/ressources/flux/foncier/rss/"' in content
