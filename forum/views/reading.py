from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from labo.permissions import can

from .. import markdown, selectors, services
from ..forms import PostForm, WatchForm
from ..models import Attachment, Category, CategoryWatch, TopicRead, TopicWatch
from ..rules import is_moderator
from .common import (
    POSTS_PER_PAGE,
    TOPICS_PER_PAGE,
    forum_view,
    get_post,
    get_topic,
    page_number,
    require,
)

MAX_LIVE_POSTS = 50


@require_GET
def index(request):
    return render(
        request,
        "forum/index.html",
        {"categories": selectors.category_summaries(request.user)},
    )


@require_GET
@forum_view
def category(request, slug):
    category = get_object_or_404(Category.objects.select_related("project"), slug=slug)
    require(request, "forum.view_category", category)
    paginator = Paginator(selectors.topic_list(request.user, category), TOPICS_PER_PAGE)
    page = paginator.get_page(page_number(request))
    watch_level = ""
    if request.user.is_authenticated:
        watch_level = (
            CategoryWatch.objects.filter(user=request.user, category=category)
            .values_list("level", flat=True)
            .first()
            or ""
        )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page_obj": page,
            "topics": page.object_list,
            "can_create": bool(can(request.user, "forum.create_topic", category)),
            "watch_form": WatchForm(initial={"level": watch_level or "tracking"}),
            "watch_level": watch_level,
        },
    )


def _posts(user, topic):
    return (
        selectors.visible_posts(user, topic)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("id")
    )


@require_GET
@forum_view
def topic(request, pk):
    topic = get_topic(pk)
    require(request, "forum.view_topic", topic)
    paginator = Paginator(_posts(request.user, topic), POSTS_PER_PAGE)
    page = paginator.get_page(page_number(request))
    posts = list(page.object_list)
    watch_level = ""
    if request.user.is_authenticated:
        if posts:
            services.mark_read(request.user, topic, posts[-1].pk)
        watch_level = (
            TopicWatch.objects.filter(user=request.user, topic=topic)
            .values_list("level", flat=True)
            .first()
            or ""
        )
    can_reply = can(request.user, "forum.reply", topic)
    return render(
        request,
        "forum/topic.html",
        {
            "topic": topic,
            "category": topic.category,
            "page_obj": page,
            "posts": posts,
            "tags": list(topic.tags.all()),
            "can_reply": bool(can_reply),
            "reply_refusal": "" if can_reply else can_reply.reason,
            "form": PostForm() if can_reply else None,
            "watch_form": WatchForm(initial={"level": watch_level or "tracking"}),
            "watch_level": watch_level,
            "is_moderator": is_moderator(request.user),
            "last_post_id": posts[-1].pk if posts else 0,
            "on_last_page": not page.has_next(),
        },
    )


@require_GET
@forum_view
def topic_first_unread(request, pk):
    topic = get_topic(pk)
    require(request, "forum.view_topic", topic)
    posts = selectors.visible_posts(request.user, topic)
    last_read = 0
    if request.user.is_authenticated:
        last_read = (
            TopicRead.objects.filter(user=request.user, topic=topic)
            .values_list("last_read_post_id", flat=True)
            .first()
            or 0
        )
    target = posts.filter(id__gt=last_read).order_by("id").first() or posts.order_by("id").last()
    if target is None:
        return redirect(topic)
    return redirect(post_url(request.user, target))


def post_url(user, post):
    before = selectors.visible_posts(user, post.topic).filter(id__lt=post.pk).count()
    page = before // POSTS_PER_PAGE + 1
    url = reverse("forum:topic", args=[post.topic_id])
    if page > 1:
        url += f"?page={page}"
    return f"{url}#message-{post.pk}"


@require_GET
@forum_view
def post(request, pk):
    post = get_post(pk)
    require(request, "forum.view_post", post)
    return redirect(post_url(request.user, post))


def _render_posts(request, topic, posts):
    return render(
        request,
        "forum/includes/post_list.html",
        {
            "posts": posts,
            "topic": topic,
            "can_reply": bool(can(request.user, "forum.reply", topic)),
            "is_moderator": is_moderator(request.user),
        },
    )


@require_GET
@forum_view
def post_fragment(request, pk):
    """One rendered post, fetched by the live topic page after a websocket event."""
    post = get_post(pk)
    require(request, "forum.view_post", post)
    return _render_posts(request, post.topic, _posts(request.user, post.topic).filter(pk=pk))


@require_GET
@forum_view
def posts_after(request, pk):
    """The posts a page missed while its websocket was down (``?apres=<last post id>``)."""
    topic = get_topic(pk)
    require(request, "forum.view_topic", topic)
    try:
        # Clamped: a forged huge id must not overflow the database integer.
        after = min(max(int(request.GET.get("apres", "0")), 0), 2**62)
    except ValueError:
        after = 0
    posts = list(_posts(request.user, topic).filter(id__gt=after)[:MAX_LIVE_POSTS])
    if posts and request.user.is_authenticated:
        services.mark_read(request.user, topic, posts[-1].pk)
    return _render_posts(request, topic, posts)


@require_GET
@forum_view
def attachment(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("post__topic__category", "post__author"), pk=pk
    )
    require(request, "forum.view_post", attachment.post)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@forum_view
def history(request, pk):
    post = get_post(pk)
    require(request, "forum.view_post", post)
    revisions = [
        {"revision": revision, "html": markdown.render(revision.body)}
        for revision in post.revisions.select_related("edited_by")
    ]
    return render(request, "forum/history.html", {"post": post, "revisions": revisions})


@login_required
@require_POST
def preview(request):
    body = request.POST.get("body", "")[:20_000]
    return render(request, "forum/includes/preview.html", {"html": markdown.render(body)})


@login_required
@require_GET
def mention_search(request):
    query = " ".join(request.GET.get("q", "").split())[:60]
    if len(query) < 2:
        return JsonResponse({"results": []})
    users = (
        get_user_model()
        .objects.filter(is_active=True, display_name__icontains=query)
        .exclude(display_name="")
        .order_by("display_name")
        .values_list("display_name", flat=True)[:8]
    )
    return JsonResponse({"results": [{"name": name} for name in users]})
