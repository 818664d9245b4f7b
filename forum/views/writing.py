from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labo.core.submissions import SubmissionGuard
from labo.permissions import can

from .. import limits, markdown, services
from ..forms import EditPostForm, PostForm, ReportForm, TopicForm, WatchForm
from ..models import Category
from .common import forum_view, get_post, get_topic, require
from .reading import post_url


@login_required
@require_http_methods(["GET", "POST"])
@forum_view
def new_topic(request, slug):
    category = get_object_or_404(Category, slug=slug)
    require(request, "forum.create_topic", category)
    guard = SubmissionGuard(request)
    if earlier := guard.earlier_result():
        return redirect(earlier)  # the same form sent twice: one topic
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            limits.check_topic(request.user, data["body"])
        except limits.RateLimited as error:
            guard.release()
            # 429 with the form as typed: nothing the member wrote is lost.
            return render(request, "forum/topic_form.html",
                          {"category": category, "form": form, "rate_limit_message": error.message},
                          status=429)  # fmt: skip
        topic = services.topic_create(
            category,
            request.user,
            title=data["title"],
            body=data["body"],
            tags=data["tags"],
            project=data["project"],
            files=data["attachments"],
        )
        messages.success(request, _("Votre sujet est publié."))
        return redirect(guard.done(topic.get_absolute_url()))
    guard.release()
    return render(request, "forum/topic_form.html", {"category": category, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@forum_view
def reply(request, pk):
    topic = get_topic(pk)
    require(request, "forum.reply", topic)
    initial = {}
    quoted = request.GET.get("citer")
    if quoted and quoted.isdigit():
        quoted_post = get_post(int(quoted))
        if quoted_post.topic_id == topic.pk and can(request.user, "forum.view_post", quoted_post):
            author = quoted_post.author.display_name if quoted_post.author else _("Un membre")
            initial["body"] = markdown.quote(author, quoted_post.body)
    guard = SubmissionGuard(request)
    if earlier := guard.earlier_result():
        return redirect(earlier)  # the same reply sent twice: one post
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            limits.check_post(request.user, form.cleaned_data["body"], topic)
        except limits.RateLimited as error:
            guard.release()
            return render(request, "forum/reply_form.html",
                          {"topic": topic, "form": form, "rate_limit_message": error.message},
                          status=429)  # fmt: skip
        post = services.post_create(
            topic,
            request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
        )
        messages.success(request, _("Votre réponse est publiée."))
        return redirect(guard.done(post_url(request.user, post)))
    guard.release()
    return render(request, "forum/reply_form.html", {"topic": topic, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@forum_view
def edit_post(request, pk):
    post = get_post(pk)
    require(request, "forum.edit_post", post)
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        services.post_edit(post, request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Votre message est modifié."))
        return redirect(post)
    return render(request, "forum/edit_form.html", {"post": post, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@forum_view
def delete_post(request, pk):
    post = get_post(pk)
    require(request, "forum.delete_post", post)
    if request.method == "POST":
        if post.author_id != request.user.pk:
            from ..models import ModerationLog

            services.moderate_post(post, request.user, ModerationLog.Action.DELETE,
                                   reason=request.POST.get("reason", "")[:300])  # fmt: skip
        else:
            services.post_delete(post, request.user)
        messages.success(request, _("Le message est supprimé."))
        return redirect(post.topic)
    return render(request, "forum/delete_confirm.html", {"post": post})


@login_required
@require_http_methods(["GET", "POST"])
@forum_view
def report_post(request, pk):
    post = get_post(pk)
    require(request, "forum.report_post", post)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                post,
                request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except services.AlreadyReported:
            messages.info(request, _("Vous avez déjà signalé ce message."))
        else:
            messages.success(request, _("Merci : l'équipe de modération va relire ce message."))
        return redirect(post.topic)
    return render(request, "forum/report_form.html", {"post": post, "form": form})


def _watch(request, obj, setter, action):
    require(request, action, obj)
    form = WatchForm(request.POST)
    if form.is_valid():
        setter(request.user, obj, form.cleaned_data["level"])
        messages.success(request, _("Vos préférences de suivi sont enregistrées."))
    else:
        messages.error(request, form.errors["level"][0])
    return redirect(obj)


@login_required
@require_POST
@forum_view
def watch_topic(request, pk):
    topic = get_topic(pk)
    return _watch(request, topic, services.set_topic_watch, "forum.view_topic")


@login_required
@require_POST
@forum_view
def watch_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    require(request, "forum.view_category", category)
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_category_watch(request.user, category, form.cleaned_data["level"])
        messages.success(request, _("Vos préférences de suivi sont enregistrées."))
    else:
        messages.error(request, form.errors["level"][0])
    return redirect("forum:category", slug=category.slug)


@login_required
@require_POST
@forum_view
def open_project_space(request, project_id):
    from projects.models import ProjectPage

    page = get_object_or_404(ProjectPage, pk=project_id)
    require(request, "forum.open_project_space", page)
    space = Category.objects.filter(project=page).first()
    if space is None:
        base = slugify(f"espace-{page.slug}")[:120] or f"espace-{page.pk}"
        slug = base if not Category.objects.filter(slug=base).exists() else f"{base}-{page.pk}"
        space = Category.objects.create(
            name=_("Espace de l'équipe « %(project)s »") % {"project": page.title},
            slug=slug,
            description=_("Espace privé : seuls les membres de l'équipe du projet y ont accès."),
            visibility=Category.Visibility.PROJECT,
            project=page,
            order=1000,
        )
        messages.success(request, _("L'espace privé de l'équipe est ouvert."))
    return redirect("forum:category", slug=space.slug)
