"""Rate limits for new members, and the slow mode of a topic. The database is the counter
(posts and topics already carry their dates), so limits hold across server processes and a
cache flush cannot reset them. Staff roles are exempt.

Limits are read from ``settings.FORUM_LIMITS`` when it exists, else from ``DEFAULTS``.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labo.permissions import is_staff_role

from .markdown import count_links
from .models import Post, Topic

DEFAULTS = {
    "new_member_days": 7,
    "new_member_posts_per_minute": 3,
    "posts_per_minute": 10,
    "new_member_links_per_post": 2,
    "first_day_topics": 3,
}


class RateLimited(Exception):
    """Carries the French message shown with the HTTP 429 answer."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def limit(name: str) -> int:
    return {**DEFAULTS, **getattr(settings, "FORUM_LIMITS", {})}[name]


def _exempt(user) -> bool:
    return user.is_staff or is_staff_role(user)


def is_new_member(user) -> bool:
    return user.date_joined > timezone.now() - timedelta(days=limit("new_member_days"))


def check_post(user, body: str, topic=None) -> None:
    """Raise RateLimited if ``user`` may not post ``body`` now."""
    if _exempt(user):
        return
    now = timezone.now()
    new = is_new_member(user)
    per_minute = limit("new_member_posts_per_minute" if new else "posts_per_minute")
    recent = Post.objects.filter(author=user, created_at__gte=now - timedelta(minutes=1)).count()
    if recent >= per_minute:
        raise RateLimited(
            ngettext(
                "Vous avez atteint la limite de %(n)d message par minute. "
                "Patientez un peu avant de publier à nouveau.",
                "Vous avez atteint la limite de %(n)d messages par minute. "
                "Patientez un peu avant de publier à nouveau.",
                per_minute,
            )
            % {"n": per_minute}
        )
    if new and count_links(body) > limit("new_member_links_per_post"):
        links = limit("new_member_links_per_post")
        raise RateLimited(
            ngettext(
                "Les nouveaux membres peuvent mettre au plus %(n)d lien par message.",
                "Les nouveaux membres peuvent mettre au plus %(n)d liens par message.",
                links,
            )
            % {"n": links}
        )
    if topic is not None and topic.slow_mode_seconds:
        since = now - timedelta(seconds=topic.slow_mode_seconds)
        if Post.objects.filter(author=user, topic=topic, created_at__gte=since).exists():
            raise RateLimited(
                _("Ce sujet est en mode lent : attendez %(n)d secondes entre deux messages.")
                % {"n": topic.slow_mode_seconds}
            )


def check_topic(user, body: str) -> None:
    check_post(user, body)
    if _exempt(user):
        return
    if user.date_joined > timezone.now() - timedelta(days=1):
        allowed = limit("first_day_topics")
        if Topic.objects.filter(author=user, created_at__gte=user.date_joined).count() >= allowed:
            raise RateLimited(
                ngettext(
                    "Le premier jour, un nouveau membre peut ouvrir %(n)d sujet. "
                    "Revenez demain pour en ouvrir d'autres.",
                    "Le premier jour, un nouveau membre peut ouvrir %(n)d sujets. "
                    "Revenez demain pour en ouvrir d'autres.",
                    allowed,
                )
                % {"n": allowed}
            )
