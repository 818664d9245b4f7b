"""Who reads and writes what on the forum (``forum/rules.py``), as one table of answers; then
a hidden post seen through the pages: its attachment and quotes stay hidden too."""

from datetime import datetime, timedelta
from functools import partial
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forum.models import Attachment, Category, Post, Suspension, Topic
from forum.rules import active_suspension, is_moderator, team_page_ids
from labo.accounts import roles
from labo.permissions import can
from tests.factories import UserFactory
from tests.projects.factories import ProjectPageFactory
from tests.rule_tables import OK, module_world, person, rule_test, with_role

from .factories import CategoryFactory, PostFactory, TopicFactory

LOG_IN = "Connectez-vous pour accéder à cette page."
LOG_IN_CATEGORY = "Connectez-vous pour lire cette catégorie du forum."
TEAM_ONLY = "Cet espace est réservé à l'équipe du projet."
TOPIC_HIDDEN = "Ce sujet a été masqué par la modération."
POST_DELETED = "Ce message a été supprimé."
POST_HIDDEN = "Ce message a été masqué par la modération."
VERIFY = "Confirmez votre adresse e-mail pour écrire sur le forum."
SUSPENDED = "Votre participation au forum est suspendue jusqu'au 31/12/2099 à 18:00 : Insultes"
LOCKED = "Ce sujet est verrouillé : il n'accepte plus de réponses."
LOCKED_EDIT = "Ce sujet est verrouillé : ses messages ne se modifient plus."
OWN_EDIT = "Vous ne pouvez modifier que vos propres messages."
ALREADY_DELETED = "Ce message a déjà été supprimé."
OWN_DELETE = "Vous ne pouvez supprimer que vos propres messages."
OWN_REPORT = "Vous ne pouvez pas signaler votre propre message."
MODERATE = "La modération du forum est réservée à l'équipe de la CRESS."
CATEGORIES = "Les catégories du forum sont gérées par l'équipe de la CRESS."
OPEN_SPACE = "Seuls les administrateurs de l'équipe peuvent ouvrir l'espace privé."


# The role holders here have not confirmed their e-mail address.
_with_role = partial(with_role, verified=False)


def build_world():
    w = SimpleNamespace()
    author = UserFactory()
    w.users = {
        "visiteur": None,
        "membre": UserFactory(),
        "non_verifie": UserFactory(verified=False),
        "porteur": _with_role(roles.PORTEUR),
        "auteur": author,
        "equipe_admin": UserFactory(),
        "equipe": UserFactory(),
        "suspendu": UserFactory(),
        "suspension_future": UserFactory(),
        "suspension_finie": UserFactory(),
        "animateur": _with_role(roles.ANIMATEUR),
        "instructeur": _with_role(roles.INSTRUCTEUR),
        "administrateur": _with_role(roles.ADMINISTRATEUR),
        "superuser": _with_role(None, is_superuser=True),
    }
    w.project = ProjectPageFactory(team=[w.users["equipe_admin"], w.users["equipe"]])
    now = timezone.now()
    end = timezone.make_aware(datetime(2099, 12, 31, 18, 0))
    # Two suspensions at once: the refusal names the one that ends last.
    Suspension.objects.create(
        user=w.users["suspendu"],
        reason="Spam",
        starts_at=now - timedelta(days=2),
        ends_at=end - timedelta(days=30),
    )
    Suspension.objects.create(
        user=w.users["suspendu"], reason="Insultes", starts_at=now - timedelta(days=1), ends_at=end
    )
    Suspension.objects.create(
        user=w.users["suspension_future"],
        reason="Plus tard",
        starts_at=now + timedelta(days=1),
        ends_at=end,
    )
    Suspension.objects.create(
        user=w.users["suspension_finie"],
        reason="Passé",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(seconds=1),
    )

    public = Category(visibility=Category.Visibility.PUBLIC)
    members = Category(visibility=Category.Visibility.MEMBERS)
    private = Category(visibility=Category.Visibility.PROJECT, project_id=w.project.pk)
    topic = Topic(category=public)
    hidden_topic = Topic(category=public, is_hidden=True)
    locked = Topic(category=public, is_locked=True)
    members_topic = Topic(category=members)
    private_topic = Topic(category=private)
    w.objects = {
        "publique": public,
        "membres": members,
        "privee": private,
        "sujet": topic,
        "sujet_masque": hidden_topic,
        "sujet_verrouille": locked,
        "sujet_membres": members_topic,
        "sujet_prive": private_topic,
        "message": Post(topic=topic, author=author),
        "message_masque": Post(topic=topic, author=author, is_hidden=True),
        "message_supprime": Post(topic=topic, author=author, is_deleted=True),
        "message_sujet_masque": Post(topic=hidden_topic, author=author),
        "message_verrouille": Post(topic=locked, author=author),
        "message_prive": Post(topic=private_topic, author=author),
        "projet": w.project,
        "rien": None,
    }
    return w


world = module_world(build_world)


MODERATORS = ["animateur", "administrateur", "superuser"]
WRITERS = ["membre", "porteur", "instructeur", *MODERATORS]

TABLE = [
    # Reading categories.
    *[("forum.view_category", who, "publique", OK) for who in ["visiteur", "non_verifie"]],
    ("forum.view_category", "visiteur", "membres", LOG_IN_CATEGORY),
    ("forum.view_category", "non_verifie", "membres", OK),
    ("forum.view_category", "visiteur", "privee", LOG_IN_CATEGORY),
    ("forum.view_category", "membre", "privee", TEAM_ONLY),
    ("forum.view_category", "instructeur", "privee", TEAM_ONLY),
    ("forum.view_category", "equipe", "privee", OK),
    *[("forum.view_category", who, "privee", OK) for who in MODERATORS],
    # Reading topics.
    ("forum.view_topic", "visiteur", "sujet", OK),
    ("forum.view_topic", "visiteur", "sujet_membres", LOG_IN_CATEGORY),
    ("forum.view_topic", "membre", "sujet_prive", TEAM_ONLY),
    ("forum.view_topic", "equipe", "sujet_prive", OK),
    ("forum.view_topic", "visiteur", "sujet_masque", TOPIC_HIDDEN),
    ("forum.view_topic", "membre", "sujet_masque", TOPIC_HIDDEN),
    ("forum.view_topic", "instructeur", "sujet_masque", TOPIC_HIDDEN),
    *[("forum.view_topic", who, "sujet_masque", OK) for who in MODERATORS],
    # Reading posts.
    ("forum.view_post", "visiteur", "message", OK),
    ("forum.view_post", "membre", "message_prive", TEAM_ONLY),
    ("forum.view_post", "membre", "message_sujet_masque", TOPIC_HIDDEN),
    ("forum.view_post", "visiteur", "message_supprime", POST_DELETED),
    ("forum.view_post", "auteur", "message_supprime", POST_DELETED),
    ("forum.view_post", "animateur", "message_supprime", OK),
    ("forum.view_post", "visiteur", "message_masque", POST_HIDDEN),
    ("forum.view_post", "membre", "message_masque", POST_HIDDEN),
    ("forum.view_post", "auteur", "message_masque", OK),
    *[("forum.view_post", who, "message_masque", OK) for who in MODERATORS],
    # Writing.
    *[("forum.create_topic", who, "publique", OK) for who in WRITERS],
    ("forum.create_topic", "visiteur", "publique", LOG_IN),
    ("forum.create_topic", "non_verifie", "publique", VERIFY),
    ("forum.create_topic", "membre", "privee", TEAM_ONLY),
    ("forum.create_topic", "equipe", "privee", OK),
    ("forum.create_topic", "suspendu", "publique", SUSPENDED),
    ("forum.create_topic", "suspension_future", "publique", OK),
    ("forum.create_topic", "suspension_finie", "publique", OK),
    *[("forum.reply", who, "sujet", OK) for who in WRITERS],
    ("forum.reply", "non_verifie", "sujet", VERIFY),
    ("forum.reply", "suspendu", "sujet", SUSPENDED),
    ("forum.reply", "membre", "sujet_masque", TOPIC_HIDDEN),
    ("forum.reply", "membre", "sujet_prive", TEAM_ONLY),
    ("forum.reply", "membre", "sujet_verrouille", LOCKED),
    ("forum.reply", "instructeur", "sujet_verrouille", LOCKED),
    *[("forum.reply", who, "sujet_verrouille", OK) for who in MODERATORS],
    # Editing and deleting.
    ("forum.edit_post", "auteur", "message", OK),
    ("forum.edit_post", "auteur", "message_supprime", POST_DELETED),
    ("forum.edit_post", "animateur", "message", OWN_EDIT),
    ("forum.edit_post", "auteur", "message_verrouille", LOCKED_EDIT),
    # Out of the team (removed, or never in it), the author no longer reads its private
    # space: nor edits or deletes there.
    ("forum.edit_post", "auteur", "message_prive", TEAM_ONLY),
    ("forum.delete_post", "auteur", "message", OK),
    ("forum.delete_post", "animateur", "message", OK),
    ("forum.delete_post", "superuser", "message", OK),
    ("forum.delete_post", "membre", "message", OWN_DELETE),
    ("forum.delete_post", "instructeur", "message", OWN_DELETE),
    ("forum.delete_post", "auteur", "message_supprime", ALREADY_DELETED),
    ("forum.delete_post", "animateur", "message_supprime", ALREADY_DELETED),
    ("forum.delete_post", "auteur", "message_prive", TEAM_ONLY),
    # Reports.
    ("forum.report_post", "membre", "message", OK),
    ("forum.report_post", "auteur", "message", OWN_REPORT),
    ("forum.report_post", "membre", "message_masque", POST_HIDDEN),
    ("forum.report_post", "membre", "message_prive", TEAM_ONLY),
    ("forum.watch", "non_verifie", "sujet", OK),
    ("forum.watch", "visiteur", "sujet", LOG_IN),
    # Moderation.
    *[("forum.moderate", who, "rien", OK) for who in MODERATORS],
    *[("forum.moderate", who, "rien", MODERATE) for who in ["membre", "instructeur", "equipe"]],
    *[("forum.manage_categories", who, "rien", OK) for who in MODERATORS],
    ("forum.manage_categories", "instructeur", "rien", CATEGORIES),
    ("forum.manage_categories", "membre", "rien", CATEGORIES),
    # A project's private space.
    ("forum.open_project_space", "equipe_admin", "projet", OK),
    ("forum.open_project_space", "animateur", "projet", OK),
    ("forum.open_project_space", "administrateur", "projet", OK),
    ("forum.open_project_space", "equipe", "projet", OPEN_SPACE),
    ("forum.open_project_space", "membre", "projet", OPEN_SPACE),
    ("forum.open_project_space", "instructeur", "projet", OPEN_SPACE),
]


test_rule = rule_test(TABLE)


@pytest.mark.django_db
def test_visitors_have_no_team_no_suspension_and_do_not_moderate(world):
    visitor = AnonymousUser()
    assert team_page_ids(visitor) == set()
    assert active_suspension(visitor) is None
    assert not is_moderator(visitor)
    assert active_suspension(person(world, "suspendu")).reason == "Insultes"
    assert active_suspension(person(world, "suspension_finie")) is None


@pytest.mark.django_db
def test_teams_are_read_once_per_request(world, django_assert_num_queries):
    equipe = person(world, "equipe")
    with django_assert_num_queries(1):
        assert team_page_ids(equipe) == {world.project.pk}
        assert team_page_ids(equipe) == {world.project.pk}


@pytest.mark.django_db
def test_a_hidden_post_of_a_deleted_account_stays_hidden_from_visitors(world):
    post = Post(topic=world.objects["sujet"], author=None, is_hidden=True)
    decision = can(AnonymousUser(), "forum.view_post", post)
    assert decision.reason == POST_HIDDEN


# --- a hidden post through the pages -----------------------------------------------------


@pytest.fixture
def hidden_post(db):
    author = UserFactory()
    topic = TopicFactory(category=CategoryFactory(), author=author)
    post = PostFactory(topic=topic, author=author, body="Texte masqué zq-secret")
    attachment = Attachment.objects.create(
        post=post,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 zq-secret"),
        name="plan.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=18,
    )
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason="Hors sujet")
    return SimpleNamespace(post=post, topic=topic, attachment=attachment, author=author)


def test_the_attachment_of_a_hidden_post_is_not_served(client, hidden_post):
    client.force_login(UserFactory())
    response = client.get(reverse("forum:attachment", args=[hidden_post.attachment.pk]))
    assert response.status_code == 403
    assert "zq-secret" not in response.content.decode()
    assert POST_HIDDEN in response.content.decode()
    client.force_login(hidden_post.author)
    response = client.get(reverse("forum:attachment", args=[hidden_post.attachment.pk]))
    assert response.status_code == 200


def test_a_hidden_post_cannot_be_quoted(client, hidden_post):
    client.force_login(UserFactory())
    url = reverse("forum:reply", args=[hidden_post.topic.pk])
    response = client.get(url, {"citer": hidden_post.post.pk})
    assert response.status_code == 200
    assert "zq-secret" not in response.content.decode()
    client.force_login(hidden_post.author)
    response = client.get(url, {"citer": hidden_post.post.pk})
    assert "zq-secret" in response.content.decode()
