"""« Forum » in Mon espace: the followed topics with unread posts, and the private spaces of
the user's project teams (opened here by a team administrator)."""

from django.urls import reverse

from labo.permissions import can

from . import selectors
from .models import Category, TopicWatch, WatchLevel

MAX_TOPICS = 10


def forum_section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    from projects.models import ProjectPage

    followed = TopicWatch.objects.filter(
        user=user, level__in=[WatchLevel.WATCHING, WatchLevel.TRACKING]
    ).values("topic_id")
    topics = [
        topic
        for topic in selectors.with_read_state(
            selectors.readable_topics(user).filter(pk__in=followed), user
        ).order_by("-last_post_at")[:MAX_TOPICS]
        if topic.unread_count
    ]
    spaces = []
    projects = ProjectPage.objects.filter(team__memberships__user=user).order_by("title")
    existing = {
        category.project_id: category for category in Category.objects.filter(project__in=projects)
    }
    for project in projects:
        space = existing.get(project.pk)
        spaces.append(
            {
                "project": project,
                "url": reverse("forum:category", args=[space.slug]) if space else "",
                "open_url": ""
                if space or not can(user, "forum.open_project_space", project)
                else reverse("forum:open_space", args=[project.pk]),
            }
        )
    return {"topics": topics, "spaces": spaces}
