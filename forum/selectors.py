"""Reads of the forum. Every list is filtered by what the user may read in the query itself,
so no private title ever reaches a template, and list pages cost a fixed number of queries."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Category, Post, Topic, TopicRead
from .rules import readable_categories, readable_topics, visible_posts_filter


def visible_posts(user, topic):
    """The posts of a topic the user may read (``view_post``), the topic itself already read."""
    return Post.objects.filter(topic=topic).filter(visible_posts_filter(user))


def with_read_state(topics, user):
    """Adds ``last_read_id`` and ``unread_count`` to each topic (0 for visitors)."""
    if not user.is_authenticated:
        return topics.annotate(
            last_read_id=Value(0, output_field=IntegerField()),
            unread_count=Value(0, output_field=IntegerField()),
        )
    last_read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]
    unread = (
        Post.objects.filter(
            topic=OuterRef("pk"),
            is_deleted=False,
            is_hidden=False,
            id__gt=OuterRef("last_read_id"),
        )
        .values("topic")
        .annotate(n=Count("id"))
        .values("n")
    )
    return topics.annotate(
        last_read_id=Coalesce(Subquery(last_read), Value(0), output_field=IntegerField())
    ).annotate(unread_count=Coalesce(Subquery(unread), Value(0), output_field=IntegerField()))


def topic_list(user, category):
    topics = (
        readable_topics(user)
        .filter(category=category)
        .select_related("author", "last_post__author", "project")
        .prefetch_related("tags")
    )
    return with_read_state(topics, user).order_by("-is_pinned", "-last_post_at", "-id")


def category_summaries(user):
    """The readable categories with their topic count and, for members, how many topics have
    unread posts: three queries whatever the number of categories."""
    categories = list(readable_categories(user).select_related("project"))
    topics = readable_topics(user).filter(category__in=categories)
    counts = dict(topics.values_list("category").annotate(n=Count("id")).order_by())
    unread = {}
    if user.is_authenticated:
        last_read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
            "last_read_post_id"
        )[:1]
        unread = dict(
            topics.annotate(
                last_read_id=Coalesce(Subquery(last_read), Value(0), output_field=IntegerField())
            )
            .filter(
                Exists(
                    Post.objects.filter(
                        topic=OuterRef("pk"),
                        id__gt=OuterRef("last_read_id"),
                        is_hidden=False,
                        is_deleted=False,
                    )
                )
            )
            .values_list("category")
            .annotate(n=Count("id"))
            .order_by()
        )
    for category in categories:
        category.topic_count = counts.get(category.pk, 0)
        category.unread_topics = unread.get(category.pk, 0)
    return categories


def public_topics():
    """Topics anyone may read, for the search index: in a public category and not hidden.
    A topic leaves this set when it is hidden or moved to a members-only or private space."""
    return Topic.objects.filter(
        category__visibility=Category.Visibility.PUBLIC, is_hidden=False
    ).select_related("category", "author")


def public_posts(topic):
    """The posts of a public topic that anyone may read (not hidden, not deleted)."""
    return Post.objects.filter(topic=topic, is_hidden=False, is_deleted=False).order_by("id")
