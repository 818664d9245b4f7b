"""Reports and moderation actions. Every action writes a ModerationLog row (who, what,
when, why) in the same transaction as the change itself."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notify

from .. import live
from ..models import ModerationLog, Post, Report, Suspension
from ..signals import announce_topic_change
from .posting import refresh_topic

Action = ModerationLog.Action


class AlreadyReported(Exception):
    pass


def report_threshold() -> int:
    return getattr(settings, "FORUM_REPORT_THRESHOLD", 3)


def _log(moderator, action, *, topic=None, post=None, target_user=None, reason="", details=""):
    return ModerationLog.objects.create(
        moderator=moderator,
        action=action,
        topic=topic,
        post=post,
        target_user=target_user,
        reason=reason,
        details=details[:300],
    )


@transaction.atomic
def report_create(post, reporter, *, reason, text=""):
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason, text=text)
    except IntegrityError as error:
        raise AlreadyReported from error
    count = Report.objects.filter(post=post, resolved_at__isnull=True).count()
    Post.objects.filter(pk=post.pk).update(report_count=count)
    post.report_count = count
    if count >= report_threshold() and not post.is_hidden:
        post.is_hidden = True
        post.hidden_reason = _("Masqué après plusieurs signalements, en attente de modération.")
        post.save(update_fields=["is_hidden", "hidden_reason"])
        refresh_topic(post.topic)
        _log(None, Action.AUTO_HIDE, topic=post.topic, post=post, target_user=post.author,
             reason=_("%(n)d signalements") % {"n": count})  # fmt: skip
        live.post_event(post, "post.hidden")
        if post.author is not None:
            notify(
                post.author,
                kind="forum.moderation",
                message=_(
                    "Votre message dans « %(topic)s » a été masqué après plusieurs "
                    "signalements ; l'équipe de modération va le relire."
                )
                % {"topic": post.topic.title},
                link=post.get_absolute_url(),
            )
    return report


@transaction.atomic
def moderate_post(post, moderator, action, *, reason=""):
    if action == Action.HIDE:
        post.is_hidden = True
        post.hidden_reason = reason or _("Masqué par la modération.")
        event = "post.hidden"
    elif action == Action.UNHIDE:
        post.is_hidden = False
        post.hidden_reason = ""
        Report.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        post.report_count = 0
        event = "post.edited"
    elif action == Action.DELETE:
        post.is_deleted = True
        post.deleted_at = timezone.now()
        event = "post.hidden"
    else:
        raise ValueError(action)
    post.save(update_fields=["is_hidden", "hidden_reason", "is_deleted", "deleted_at",
                             "report_count"])  # fmt: skip
    if action != Action.UNHIDE:
        Report.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    refresh_topic(post.topic)
    _log(moderator, action, topic=post.topic, post=post, target_user=post.author, reason=reason)
    live.post_event(post, event)
    return post


@transaction.atomic
def moderate_topic(topic, moderator, action, *, reason="", category=None, seconds=None):
    details = ""
    if action in (Action.LOCK, Action.UNLOCK):
        topic.is_locked = action == Action.LOCK
    elif action in (Action.PIN, Action.UNPIN):
        topic.is_pinned = action == Action.PIN
    elif action in (Action.HIDE_TOPIC, Action.UNHIDE_TOPIC):
        topic.is_hidden = action == Action.HIDE_TOPIC
    elif action == Action.MOVE:
        details = f"{topic.category} → {category}"
        topic.category = category
    elif action == Action.SLOW_MODE:
        topic.slow_mode_seconds = max(int(seconds or 0), 0)
        details = _("%(n)d secondes") % {"n": topic.slow_mode_seconds}
    else:
        raise ValueError(action)
    topic.save()
    _log(moderator, action, topic=topic, target_user=topic.author, reason=reason,
         details=details)  # fmt: skip
    announce_topic_change(topic.pk)
    live.publish(live.topic_group(topic.pk), {"event": "topic.changed", "topic_id": topic.pk})
    return topic


@transaction.atomic
def suspend(user, moderator, *, reason, days):
    suspension = Suspension.objects.create(
        user=user,
        reason=reason,
        ends_at=timezone.now() + timedelta(days=days),
        created_by=moderator,
    )
    _log(moderator, Action.SUSPEND, target_user=user, reason=reason,
         details=_("%(n)d jours") % {"n": days})  # fmt: skip
    notify(
        user,
        kind="forum.moderation",
        message=_("Votre participation au forum est suspendue pendant %(n)d jours : %(reason)s")
        % {"n": days, "reason": reason},
        link="/forum/",
    )
    return suspension
