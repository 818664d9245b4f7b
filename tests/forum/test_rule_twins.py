"""The forum's read rules and their queryset twins give the same answer, user by user and object
by object: a list page (built from the twin) never shows what the page of the object (asked of
the rule) refuses, nor hides what it allows. Cost: one small world, three tests, under a second."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from forum.models import Category, Post, Topic
from labo.accounts import roles
from labo.permissions import allowed_objects, can
from tests.factories import UserFactory
from tests.projects.factories import ProjectPageFactory

from .factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

MODELS = {"forum.view_category": Category, "forum.view_topic": Topic, "forum.view_post": Post}


@pytest.fixture
def world(site):
    from projects.models import ProjectIndexPage

    team_member, author = UserFactory(), UserFactory()
    index = ProjectIndexPage.objects.get()
    ours = ProjectPageFactory(parent=index, team=[team_member])
    theirs = ProjectPageFactory(parent=index)
    categories = [
        CategoryFactory(),
        CategoryFactory(visibility=Category.Visibility.MEMBERS),
        CategoryFactory(visibility=Category.Visibility.PROJECT, project=ours),
        CategoryFactory(visibility=Category.Visibility.PROJECT, project=theirs),
    ]
    for category in categories:
        TopicFactory(category=category)
        topic = TopicFactory(category=category, author=author)
        PostFactory(topic=topic, author=author, is_hidden=True)
        PostFactory(topic=topic, author=author, is_deleted=True)
        TopicFactory(category=category, is_hidden=True)
    inactive = UserFactory()
    inactive.is_active = False
    inactive.save()
    superuser = UserFactory()
    superuser.is_superuser = True
    superuser.save()
    users = [AnonymousUser(), UserFactory(verified=False), UserFactory(), team_member, author,
             inactive, superuser]  # fmt: skip
    for role in (roles.ANIMATEUR, roles.ADMINISTRATEUR, roles.INSTRUCTEUR):
        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
        users.append(user)
    return users


@pytest.mark.parametrize("action", sorted(MODELS))
def test_the_rule_and_its_queryset_twin_agree(world, action):
    objects = list(MODELS[action].objects.all())
    disagreements = []
    for user in world:
        listed = set(allowed_objects(user, action).values_list("pk", flat=True))
        for obj in objects:
            if bool(can(user, action, obj)) != (obj.pk in listed):
                disagreements.append((str(user), obj.pk, bool(can(user, action, obj))))
    assert not disagreements
    # The world is not trivial: both answers occur for the action.
    assert 0 < len(allowed_objects(world[0], action)) < len(objects)
