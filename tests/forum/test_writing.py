"""Writing: topics, replies, quotes, edits with history, soft delete, attachments, and bad
input refused with a French message at the field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum.models import Attachment, Post, PostRevision, Topic, TopicWatch
from tests.factories import HOSTILE
from tests.quality.test_uploads import (
    PDF,
    docx,
    docx_bomb,
    docx_of_many_entries,
    plain_zip,
    png_header,
    tiny_png,
)

from .factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png")


def test_member_creates_topic_with_tags_and_attachment(client, member, public_category):
    client.force_login(member)
    response = client.post(
        reverse("forum:new_topic", args=[public_category.slug]),
        {
            "title": f"Recherche de terrain {HOSTILE}",
            "body": "Bonjour **tout le monde**",
            "tags": "foncier, gers",
            "attachments": [_png()],
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert sorted(topic.tags.names()) == ["foncier", "gers"]
    post = topic.posts.get()
    assert post.attachments.get().content_type == "image/png"
    assert TopicWatch.objects.get(user=member, topic=topic).level == "tracking"
    page = client.get(topic.get_absolute_url()).content.decode()
    assert HOSTILE not in page
    assert "<strong>tout le monde</strong>" in page
    image = client.get(reverse("forum:attachment", args=[post.attachments.get().pk]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "Un sujet", "body": "   "}, "body", "Écrivez votre message."),
        ({"title": "", "body": "Texte"}, "title", "Donnez un titre à votre sujet."),
        ({"title": "x" * 300, "body": "Texte"}, "title", "Le titre est trop long"),
        ({"title": "Un sujet", "body": "a" * 100_000}, "body", "Votre message est trop long"),
        (
            {"title": "Un sujet", "body": "Texte", "tags": ",".join(f"t{i}" for i in range(9))},
            "tags",
            "Au plus 5 mots-clés.",
        ),  # fmt: skip
    ],
)
def test_bad_topic_input_is_refused_in_french_and_kept(
    client, member, public_category, data, field, message
):
    client.force_login(member)
    response = client.post(reverse("forum:new_topic", args=[public_category.slug]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Topic.objects.count() == 0
    if data.get("title") and len(data["title"]) < 200:
        assert data["title"] in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"<script>alert(1)</script>"),
        ("doc.pdf", b"MZ\x90\x00 not a pdf"),
        ("tableur.xlsx", b"PK\x03\x04 broken zip"),
    ],
)
def test_disguised_files_are_refused(client, member, topic, name, content):
    client.force_login(member)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Voici", "attachments": [upload]}
    )
    assert response.status_code == 200
    assert "n'est pas un type" in " ".join(response.context["form"].errors["attachments"])
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.png", png_header(), "Cette image compte trop de pixels"),
        ("rapport.docx", docx_bomb(), "fois son poids, la limite est de 100 fois"),
        ("rapport.docx", docx_of_many_entries(), "fichiers, la limite est de 2\xa0000"),
        ("rapport.docx", docx({"[Content_Types].xml": "<Types/>"}), "n'est pas un type"),
        ("photo.png", tiny_png() + plain_zip(), "contient aussi une archive ZIP cachée"),
        ("statuts.zip", PDF, "renommez-le en « .pdf »"),
    ],
)
def test_attachments_go_through_the_one_upload_checker(client, member, topic, name, content,
                                                       message):  # fmt: skip
    """Bombs, office archives without a document, polyglots and names that lie are refused
    as on every other upload (labo.core.uploads)."""
    client.force_login(member)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]),
        {"body": "Voici", "attachments": [SimpleUploadedFile(name, content)]},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert Attachment.objects.count() == 0


def test_an_office_document_is_stored_with_the_type_its_entries_show(client, member, topic):
    client.force_login(member)
    client.post(
        reverse("forum:reply", args=[topic.pk]),
        {"body": "Voici", "attachments": [SimpleUploadedFile("rapport.docx", docx())]},
    )
    attachment = Attachment.objects.get()
    assert attachment.extension == ".docx"
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_too_large_file_is_refused(client, member, topic, settings):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 10
    client.force_login(member)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"x" * 100)
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Voici", "attachments": [upload]}
    )
    assert "dépasse la taille maximale" in " ".join(response.context["form"].errors["attachments"])


def test_reply_and_quote(client, member, topic):
    client.force_login(member)
    first = topic.posts.get()
    form = client.get(reverse("forum:reply", args=[topic.pk]) + f"?citer={first.pk}")
    assert "&gt; Message" in form.content.decode()
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Je réponds"})
    reply = Post.objects.latest("id")
    assert response["Location"].endswith(f"#message-{reply.pk}")
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.last_post == reply


def test_locked_topic_refuses_replies(client, member, topic):
    topic.is_locked = True
    topic.save()
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Encore moi"})
    assert response.status_code == 403
    assert "verrouillé" in response.content.decode()
    assert topic.posts.count() == 1


def test_unverified_account_cannot_post(client, topic):
    from tests.factories import UserFactory

    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Bonjour"})
    assert response.status_code == 403
    assert "Confirmez votre adresse e-mail" in response.content.decode()


def test_outsider_cannot_post_in_private_space(client, member, private_topic):
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[private_topic.pk]), {"body": "Intrus"})
    assert response.status_code == 404
    assert private_topic.posts.count() == 1


def test_edit_keeps_history_and_shows_modifie(client, topic):
    post = topic.posts.get()
    client.force_login(post.author)
    old_body = post.body
    response = client.post(reverse("forum:edit_post", args=[post.pk]), {"body": "Corrigé"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Corrigé" and post.edited_at is not None
    assert PostRevision.objects.get(post=post).body == old_body
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "modifié" in page
    history = client.get(reverse("forum:history", args=[post.pk])).content.decode()
    assert "Corrigé" in history and HOSTILE not in history


def test_cannot_edit_someone_elses_post(client, member, topic):
    post = topic.posts.get()
    client.force_login(member)
    response = client.post(reverse("forum:edit_post", args=[post.pk]), {"body": "Piraté"})
    assert response.status_code == 403
    assert "vos propres messages" in response.content.decode()
    post.refresh_from_db()
    assert post.body != "Piraté"


def test_soft_delete_own_post(client, topic):
    reply = PostFactory(topic=topic, body="À supprimer")
    client.force_login(reply.author)
    client.post(reverse("forum:delete_post", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.is_deleted
    assert "À supprimer" not in client.get(topic.get_absolute_url()).content.decode()
    assert client.get(reverse("forum:post_fragment", args=[reply.pk])).status_code == 403


def test_preview_renders_sanitised_markdown(client, member):
    client.force_login(member)
    response = client.post(reverse("forum:preview"), {"body": f"**ok** {HOSTILE}"})
    content = response.content.decode()
    assert "<strong>ok</strong>" in content
    assert "<script>" not in content


def test_mention_autocomplete(client, member):
    from tests.factories import UserFactory

    UserFactory(display_name="Jules Membre")
    client.force_login(member)
    assert client.get(reverse("forum:mention_search"), {"q": "jules"}).json() == {
        "results": [{"name": "Jules Membre"}]
    }
    assert client.get(reverse("forum:mention_search"), {"q": "j"}).json() == {"results": []}


def test_team_admin_opens_private_space(client, project, team_member):
    from forum.models import Category

    client.force_login(team_member)
    response = client.post(reverse("forum:open_space", args=[project.pk]))
    space = Category.objects.get(project=project)
    assert space.visibility == Category.Visibility.PROJECT
    assert response["Location"] == reverse("forum:category", args=[space.slug])
    client.post(reverse("forum:open_space", args=[project.pk]))
    assert Category.objects.filter(project=project).count() == 1


def test_posts_after_returns_only_newer_visible_posts(client, topic):
    first = topic.posts.get()
    newer = PostFactory(topic=topic, body="Plus récent")
    PostFactory(topic=topic, body="Masqué", is_hidden=True)
    response = client.get(reverse("forum:posts_after", args=[topic.pk]), {"apres": first.pk})
    content = response.content.decode()
    assert f'id="message-{newer.pk}"' in content
    assert "Masqué" not in content
    assert f'id="message-{first.pk}"' not in content
    assert (
        client.get(reverse("forum:posts_after", args=[topic.pk]), {"apres": "x"}).status_code == 200
    )


def test_topic_factory_puts_first_post(topic):
    assert TopicFactory._meta.model.objects.get(pk=topic.pk).last_post is not None


def test_hostile_tags_and_huge_ids_are_inert(client, member, public_category):
    client.force_login(member)
    client.post(
        reverse("forum:new_topic", args=[public_category.slug]),
        {"title": "Sujet avec mots-clés", "body": "Texte", "tags": f"ok, {HOSTILE}"},
    )
    topic = Topic.objects.get()
    for url in (reverse("forum:category", args=[public_category.slug]), topic.get_absolute_url()):
        content = client.get(url).content.decode()
        assert HOSTILE not in content
        assert "&lt;script&gt;" in content
    huge = "9" * 40
    assert (
        client.get(reverse("forum:posts_after", args=[topic.pk]), {"apres": huge}).status_code
        == 200
    )
    assert client.get(f"/forum/messages/{huge}/").status_code == 404
    assert client.get(topic.get_absolute_url(), {"page": huge}).status_code == 200


def test_topic_changed_is_sent_after_commit(member, topic, django_capture_on_commit_callbacks):
    from forum import services
    from forum.signals import topic_changed

    received = []

    def receiver(sender, topic_id, **kwargs):
        received.append(topic_id)

    topic_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.post_create(topic, member, body="Nouveau")
        assert received == []
        for callback in callbacks:
            callback()
        assert topic.pk in received
    finally:
        topic_changed.disconnect(receiver)
