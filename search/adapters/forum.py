"""Forum topics (``forum.Topic``): only topics of public categories that moderators did not
hide, with the text of their visible posts. Members-only categories and the private spaces
of project teams are never indexed, nor are hidden or deleted posts."""

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..documents import SearchDocument
from . import register
from .base import Adapter, searchable_text

SUMMARY_CHARS = 300


class ForumTopicAdapter(Adapter):
    type = "topic"
    label = _("Sujet du forum")
    model_label = "forum.Topic"

    def get_watched_models(self):
        post = apps.get_model("forum", "Post")
        category = apps.get_model("forum", "Category")
        tagged = apps.get_model("forum", "TaggedTopic")
        topic = self.get_model()
        return [
            (post, lambda instance: [instance.topic_id]),
            (tagged, lambda instance: [instance.content_object_id]),
            # A category made private (or public) changes all its topics.
            (
                category,
                lambda instance: list(
                    topic.objects.filter(category_id=instance.pk).values_list("pk", flat=True)
                ),
            ),
        ]

    def queryset(self):
        topic = self.get_model()
        category = apps.get_model("forum", "Category")
        post = apps.get_model("forum", "Post")
        visible_posts = post.objects.filter(is_hidden=False, is_deleted=False).order_by(
            "created_at", "pk"
        )
        return (
            topic.objects.filter(category__visibility=category.Visibility.PUBLIC, is_hidden=False)
            .select_related("category")
            .prefetch_related("tags", Prefetch("posts", queryset=visible_posts))
        )

    def documents(self, pks=None):
        queryset = self.queryset()
        if pks is not None:
            queryset = queryset.filter(pk__in=list(pks))
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), self.batch_size):
            for topic in self.queryset().filter(pk__in=ids[start : start + self.batch_size]):
                yield self.to_document(topic)

    def to_document(self, topic) -> SearchDocument:
        posts = [post.body for post in topic.posts.all()]
        first, rest = (posts[0], posts[1:]) if posts else ("", [])
        moment = topic.last_post_at or topic.created_at
        return SearchDocument(
            id=self.document_id(topic.pk),
            type=self.type,
            title=topic.title,
            url=topic.get_absolute_url(),
            summary=searchable_text(first)[:SUMMARY_CHARS],
            body=searchable_text(
                first[SUMMARY_CHARS:] if len(first) > SUMMARY_CHARS else "", *rest
            ),
            date=timezone.localdate(moment) if moment else None,
            tags=[tag.name for tag in topic.tags.all()],
        )


if apps.is_installed("forum"):
    apps.get_model("forum", "Topic")  # LookupError while the forum has no models yet
    register(ForumTopicAdapter())
