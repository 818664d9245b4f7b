"""Factories of the forum. Text defaults carry the suite's <script> payload so every page
test also checks escaping."""

import factory

from forum import markdown
from forum.models import Category, Post, Report, Topic
from tests.factories import HOSTILE, UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Catégorie {n} {HOSTILE}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    description = f"Description {HOSTILE}"
    visibility = Category.Visibility.PUBLIC


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Sujet {n} {HOSTILE}")
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def first_post(self, create, extracted, **kwargs):
        """Every topic starts with its first post, as ``topic_create`` makes it."""
        if not create or extracted is False:
            return
        post = PostFactory(topic=self, author=self.author)
        Topic.objects.filter(pk=self.pk).update(last_post=post, last_post_at=post.created_at)
        self.last_post = post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory, first_post=False)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Message {n} **gras** {HOSTILE}")
    body_html = factory.LazyAttribute(lambda o: markdown.render(o.body))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPAM
    text = f"Pub {HOSTILE}"
