import pytest

from forum.models import Category
from tests.factories import UserFactory
from tests.projects.factories import ProjectPageFactory

from .factories import CategoryFactory, TopicFactory


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def public_category(db):
    return CategoryFactory()


@pytest.fixture
def members_category(db):
    return CategoryFactory(visibility=Category.Visibility.MEMBERS)


@pytest.fixture
def team_member(db):
    return UserFactory()


@pytest.fixture
def project(site, team_member):
    from projects.models import ProjectIndexPage

    index = ProjectIndexPage.objects.get()
    return ProjectPageFactory(parent=index, team=[team_member])


@pytest.fixture
def private_category(project):
    return CategoryFactory(visibility=Category.Visibility.PROJECT, project=project)


@pytest.fixture
def topic(public_category):
    return TopicFactory(category=public_category)


@pytest.fixture
def private_topic(private_category, team_member):
    return TopicFactory(category=private_category, author=team_member)
