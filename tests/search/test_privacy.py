"""Only public, published content is ever indexed: drafts, restricted pages, members-only and
private forum spaces, hidden topics and posts, and application dossiers never are."""

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction

from search.adapters import adapters_for_model, all_adapters
from search.backends import get_backend
from search.indexing import rebuild

from .content import make_event, make_project, make_resource

pytestmark = pytest.mark.django_db

forum_factories = pytest.importorskip("tests.forum.factories")


def found_ids(query=""):
    return {hit.id for hit in get_backend().search(query, per_page=100).hits}


def test_draft_pages_are_never_indexed(site):
    make_project(title="Projet brouillon secret", live=False)
    make_resource(title="Ressource brouillon secrète", live=False)
    make_event(title="Événement brouillon secret", live=False)
    rebuild()
    assert get_backend().search("brouillon").total == 0
    assert get_backend().suggest("brouil") == []


def test_restricted_pages_are_never_indexed(site):
    page = make_project(title="Projet réservé aux connectés")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    rebuild()
    assert get_backend().search("réservé").total == 0


def test_pages_under_a_restricted_parent_are_never_indexed(site):
    resource = make_resource(title="Ressource sous restriction")
    PageViewRestriction.objects.create(
        page=resource.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    rebuild()
    assert get_backend().search("restriction").total == 0


def test_only_public_forum_categories_are_indexed(site):
    Category = apps.get_model("forum", "Category")
    public = forum_factories.TopicFactory(
        title="Sujet public sur le foncier",
        category=forum_factories.CategoryFactory(visibility=Category.Visibility.PUBLIC),
    )
    forum_factories.TopicFactory(
        title="Sujet réservé aux membres foncier",
        category=forum_factories.CategoryFactory(visibility=Category.Visibility.MEMBERS),
    )
    project = make_project(title="Projet avec espace privé")
    forum_factories.TopicFactory(
        title="Sujet de l'espace privé foncier",
        category=forum_factories.CategoryFactory(
            visibility=Category.Visibility.PROJECT, project=project
        ),
    )
    rebuild()
    assert found_ids("foncier") == {f"topic:{public.pk}"}
    # The header suggests projects, resources and events only.
    assert get_backend().suggest("sujet") == []


def test_hidden_topics_and_hidden_or_deleted_posts_are_never_indexed(site):
    forum_factories.TopicFactory(title="Sujet masqué foncier", is_hidden=True)
    topic = forum_factories.TopicFactory(title="Sujet visible")
    forum_factories.PostFactory(topic=topic, body="Message masqué motsecretun", is_hidden=True)
    forum_factories.PostFactory(topic=topic, body="Message supprimé motsecretdeux", is_deleted=True)
    forum_factories.PostFactory(topic=topic, body="Réponse visible sur la gouvernance")
    rebuild()
    assert get_backend().search("masqué foncier").total == 0
    assert get_backend().search("motsecretun").total == 0
    assert get_backend().search("motsecretdeux").total == 0
    assert found_ids("gouvernance") == {f"topic:{topic.pk}"}


def test_application_dossiers_are_never_indexed():
    indexed = {adapter.get_model()._meta.app_label for adapter in all_adapters()}
    assert "tracking" not in indexed
    if apps.is_installed("projects.tracking"):
        for model in apps.get_app_config("tracking").get_models():
            assert adapters_for_model(model) == []
