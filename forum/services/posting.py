"""Writing topics and posts, read tracking and watching."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notify, notify_many
from labo.permissions import can

from .. import live, markdown
from ..models import (
    Attachment,
    CategoryWatch,
    Post,
    PostRevision,
    Topic,
    TopicRead,
    TopicWatch,
    WatchLevel,
)


def _display(user) -> str:
    return (user.display_name or user.email) if user else _("Un membre")


@transaction.atomic
def topic_create(category, author, *, title, body, tags=(), project=None, files=()):
    now = timezone.now()
    topic = Topic.objects.create(
        category=category,
        author=author,
        title=title.strip(),
        project=project,
        created_at=now,
        last_post_at=now,
    )
    if tags:
        topic.tags.set(list(tags))
    post = _create_post(topic, author, body, files, now)
    topic.last_post = post
    topic.save(update_fields=["last_post"])
    live.topic_event(topic)
    _notify_new_post(post, new_topic=True)
    return topic


@transaction.atomic
def post_create(topic, author, *, body, files=()):
    now = timezone.now()
    post = _create_post(topic, author, body, files, now)
    refresh_topic(topic)
    live.post_event(post, "post.created")
    live.topic_event(topic, "topic.updated")
    _notify_new_post(post, new_topic=False)
    return post


def _create_post(topic, author, body, files, now):
    post = Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=markdown.render(body),
        created_at=now,
    )
    for uploaded in files:
        attachment_add(post, uploaded)
    # Posting in a topic tracks it (unread counts), unless the member chose otherwise.
    TopicWatch.objects.get_or_create(
        user=author, topic=topic, defaults={"level": WatchLevel.TRACKING}
    )
    mark_read(author, topic, post.pk)
    return post


def attachment_add(post, uploaded) -> Attachment:
    """``uploaded`` was checked by forms.validate_attachment, which set its content type and
    extension from the file's content."""
    return Attachment.objects.create(
        post=post,
        file=uploaded,
        name=uploaded.name[:200],
        content_type=uploaded.checked_content_type,
        extension=uploaded.checked_extension,
        size=uploaded.size,
    )


@transaction.atomic
def post_edit(post, editor, *, body):
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=editor)
    post.body = body
    post.body_html = markdown.render(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    live.post_event(post, "post.edited")
    return post


@transaction.atomic
def post_delete(post, user):
    post.is_deleted = True
    post.deleted_at = timezone.now()
    post.save(update_fields=["is_deleted", "deleted_at"])
    refresh_topic(post.topic)
    live.post_event(post, "post.hidden")
    return post


def refresh_topic(topic) -> None:
    """Recount the visible replies and the last visible post (after a hide, delete, move)."""
    stats = Post.objects.filter(topic=topic, is_hidden=False, is_deleted=False).aggregate(
        n=Count("id"), last=Max("id")
    )
    last = Post.objects.filter(pk=stats["last"]).first() if stats["last"] else None
    fields = {"reply_count": max((stats["n"] or 0) - 1, 0)}
    if last is not None:
        fields.update(last_post=last, last_post_at=last.created_at)
    Topic.objects.filter(pk=topic.pk).update(**fields)
    for name, value in fields.items():
        setattr(topic, name, value)


def mark_read(user, topic, post_id: int) -> None:
    if not user.is_authenticated or not post_id:
        return
    read, created = TopicRead.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read_post_id": post_id}
    )
    if not created and read.last_read_post_id < post_id:
        # The filter keeps two tabs from moving the marker backwards.
        TopicRead.objects.filter(pk=read.pk, last_read_post_id__lt=post_id).update(
            last_read_post_id=post_id
        )


def set_topic_watch(user, topic, level) -> None:
    TopicWatch.objects.update_or_create(user=user, topic=topic, defaults={"level": level})


def set_category_watch(user, category, level) -> None:
    CategoryWatch.objects.update_or_create(user=user, category=category, defaults={"level": level})


def _readers(users, topic):
    # Private spaces: a watcher removed from the team, or a mentioned outsider, hears nothing.
    return [user for user in users if user.is_active and can(user, "forum.view_topic", topic)]


def _notify_new_post(post, *, new_topic: bool) -> None:
    topic = post.topic
    author = post.author
    link = post.get_absolute_url()
    User = get_user_model()

    mentioned = []
    names = markdown.mentioned_names(post.body)
    if names:
        query = Q()
        for name in names:
            query |= Q(display_name__iexact=name)
        mentioned = _readers(User.objects.filter(query).exclude(pk=author.pk), topic)
        for user in mentioned:
            notify(
                user,
                kind="forum.mention",
                message=_("%(author)s vous a mentionné dans « %(topic)s »")
                % {"author": _display(author), "topic": topic.title},
                link=link,
            )

    muted = set(
        TopicWatch.objects.filter(topic=topic, level=WatchLevel.MUTED).values_list(
            "user_id", flat=True
        )
    )
    watcher_ids = set(
        TopicWatch.objects.filter(topic=topic, level=WatchLevel.WATCHING).values_list(
            "user_id", flat=True
        )
    ) | (
        set(
            CategoryWatch.objects.filter(
                category_id=topic.category_id, level=WatchLevel.WATCHING
            ).values_list("user_id", flat=True)
        )
        - muted
    )
    watcher_ids -= {author.pk, *(user.pk for user in mentioned)}
    if not watcher_ids:
        return
    watchers = _readers(User.objects.filter(pk__in=watcher_ids), topic)
    if new_topic:
        message = _("Nouveau sujet de %(author)s dans « %(category)s » : %(topic)s") % {
            "author": _display(author),
            "category": topic.category.name,
            "topic": topic.title,
        }
    else:
        message = _("%(author)s a répondu dans « %(topic)s »") % {
            "author": _display(author),
            "topic": topic.title,
        }
    notify_many(watchers, kind="forum.post", message=message, link=link)
