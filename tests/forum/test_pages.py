"""Category and topic pages: who sees what, escaping of user text, flat query counts."""

import pytest
from django.urls import reverse

from forum.models import Category
from tests.factories import HOSTILE, UserFactory

from .factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_index_lists_public_categories_escaped(client, topic):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert topic.category.name.split(" <")[0] in content
    assert HOSTILE not in content
    assert "&lt;script&gt;" in content


def test_topic_page_shows_posts_escaped_and_markdown_rendered(client, topic):
    response = client.get(reverse("forum:topic", args=[topic.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<strong>gras</strong>" in content
    assert HOSTILE not in content
    assert 'title="' in content  # exact date on hover


def test_visitor_is_sent_to_login_for_members_category(client, members_category):
    TopicFactory(category=members_category, title="Réservé aux membres")
    response = client.get(reverse("forum:category", args=[members_category.slug]))
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    index = client.get(reverse("forum:index")).content.decode()
    assert "Réservé aux membres" not in index
    assert members_category.slug not in index


def test_member_reads_members_category(client, member, members_category):
    TopicFactory(category=members_category, title="Réservé aux membres")
    client.force_login(member)
    response = client.get(reverse("forum:category", args=[members_category.slug]))
    assert response.status_code == 200
    assert "Réservé aux membres" in response.content.decode()


def test_private_space_is_404_for_outsiders_and_open_to_team(
    client, member, team_member, private_topic, animateur
):
    category = private_topic.category
    client.force_login(member)
    assert client.get(reverse("forum:category", args=[category.slug])).status_code == 404
    assert client.get(reverse("forum:topic", args=[private_topic.pk])).status_code == 404
    post = private_topic.posts.first()
    assert client.get(reverse("forum:post_fragment", args=[post.pk])).status_code == 404
    assert client.get(reverse("forum:reply", args=[private_topic.pk])).status_code == 404
    assert category.slug not in client.get(reverse("forum:index")).content.decode()

    client.force_login(team_member)
    assert client.get(reverse("forum:topic", args=[private_topic.pk])).status_code == 200
    assert category.slug in client.get(reverse("forum:index")).content.decode()

    client.force_login(animateur)
    assert client.get(reverse("forum:topic", args=[private_topic.pk])).status_code == 200


def test_removed_team_member_loses_access(client, team_member, private_topic):
    from projects import services as project_services

    client.force_login(team_member)
    assert client.get(reverse("forum:topic", args=[private_topic.pk])).status_code == 200
    membership = private_topic.category.project.team.memberships.get(user=team_member)
    project_services.team_remove_member(membership)
    assert client.get(reverse("forum:topic", args=[private_topic.pk])).status_code == 404


def test_pinned_topics_come_first(client, public_category):
    TopicFactory(category=public_category, title="Ordinaire")
    TopicFactory(category=public_category, title="Important", is_pinned=True)
    TopicFactory(category=public_category, title="Récent")
    content = client.get(reverse("forum:category", args=[public_category.slug])).content.decode()
    assert content.index("Important") < content.index("Récent") < content.index("Ordinaire")


def test_hidden_topic_is_not_listed_nor_readable(client, member, public_category):
    hidden = TopicFactory(category=public_category, title="Sujet masqué", is_hidden=True)
    client.force_login(member)
    content = client.get(reverse("forum:category", args=[public_category.slug])).content.decode()
    assert "Sujet masqué" not in content
    assert client.get(reverse("forum:topic", args=[hidden.pk])).status_code == 403


def _fill_category(category, count):
    for _ in range(count):
        topic = TopicFactory(category=category)
        topic.tags.add("foncier", "sci")


@pytest.mark.parametrize("logged_in", [False, True])
def test_category_page_query_count_is_flat(client, django_assert_max_num_queries, logged_in):
    user = UserFactory()
    if logged_in:
        client.force_login(user)
    small, large = CategoryFactory(), CategoryFactory()
    _fill_category(small, 10)
    _fill_category(large, 100)
    url_small = reverse("forum:category", args=[small.slug])
    url_large = reverse("forum:category", args=[large.slug])
    client.get(url_small)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the query log is a bounded deque, full after the set-up
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url_small).status_code == 200
    small_count = len(small_queries)
    assert small_count > 3
    with django_assert_max_num_queries(small_count):
        assert client.get(url_large).status_code == 200


def test_topic_page_query_count_is_flat(client, member, django_assert_max_num_queries):
    client.force_login(member)
    small, large = TopicFactory(), TopicFactory()
    authors = UserFactory.create_batch(5)
    PostFactory.create_batch(10, topic=small, author=authors[0])
    # 500 posts by several authors on the large topic: same queries as the small one.
    for index in range(500):
        PostFactory(topic=large, author=authors[index % 5])
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("forum:topic", args=[small.pk]))
    reset_queries()  # the query log is a bounded deque, full after the set-up
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse("forum:topic", args=[small.pk])).status_code == 200
    # Read now: the captured list is a view on a log that the next request clears.
    small_count = len(small_queries)
    assert small_count > 3
    # Both pages already read: a first visit also moves the read marker (one more query).
    client.get(reverse("forum:topic", args=[large.pk]) + "?page=25")
    with django_assert_max_num_queries(small_count):
        assert client.get(reverse("forum:topic", args=[large.pk]) + "?page=25").status_code == 200


def test_unknown_visibility_categories_are_not_leaked_by_index_counts(client, private_topic):
    content = client.get(reverse("forum:index")).content.decode()
    assert private_topic.category.name.split(" <")[0] not in content
    assert Category.objects.count() == 1


def test_public_topics_for_search_exclude_private_members_and_hidden(
    topic, members_category, private_topic
):
    from forum.selectors import public_posts, public_topics

    TopicFactory(category=members_category)
    TopicFactory(category=topic.category, is_hidden=True)
    hidden_post = PostFactory(topic=topic, is_hidden=True)
    assert list(public_topics()) == [topic]
    assert hidden_post not in public_posts(topic)
