"""The moderation queue in the Wagtail admin: reported and hidden posts with their actions,
a page per topic (lock, pin, hide, move, slow mode) and the suspension of a member. Every
action goes through ``services`` and is logged; access is asked of ``can("forum.moderate")``
on each request, whatever Django permissions the account has."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labo.core.forms import SingleLineTextChecks
from labo.permissions import require

from . import services
from .models import Category, ModerationLog, Post, Suspension, Topic

Action = ModerationLog.Action
POST_ACTIONS = {Action.HIDE, Action.UNHIDE, Action.DELETE}
TOPIC_ACTIONS = {Action.LOCK, Action.UNLOCK, Action.PIN, Action.UNPIN, Action.HIDE_TOPIC,
                 Action.UNHIDE_TOPIC, Action.MOVE, Action.SLOW_MODE}  # fmt: skip


class TopicModerationForm(SingleLineTextChecks, forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[(a.value, a.label) for a in Action if a in TOPIC_ACTIONS],
    )
    reason = forms.CharField(label=gettext_lazy("Motif"), required=False, max_length=1000)
    category = forms.ModelChoiceField(
        label=gettext_lazy("Nouvelle catégorie"), queryset=Category.objects.all(), required=False
    )
    seconds = forms.IntegerField(
        label=gettext_lazy("Délai minimal entre deux messages (secondes, 0 pour arrêter)"),
        required=False,
        min_value=0,
        max_value=86_400,
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == Action.MOVE and not data.get("category"):
            self.add_error("category", _("Choisissez la catégorie de destination."))
        if data.get("action") == Action.SLOW_MODE and data.get("seconds") is None:
            self.add_error("seconds", _("Indiquez un délai en secondes."))
        return data


class SuspensionForm(SingleLineTextChecks, forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail du membre"))
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=300)
    days = forms.IntegerField(label=gettext_lazy("Durée (jours)"), min_value=1, max_value=3650)

    def clean_email(self):
        user = get_user_model().objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("Aucun compte n'a cette adresse e-mail."))
        self.user = user
        return self.cleaned_data["email"]


def queue(request):
    require(request.user, "forum.moderate")
    posts = (
        Post.objects.filter(Q(report_count__gt=0) | Q(is_hidden=True), is_deleted=False)
        .select_related("topic__category", "author")
        .prefetch_related("reports__reporter")
        .order_by("-report_count", "-id")[:100]
    )
    return render(
        request,
        "forum/admin/queue.html",
        {
            "posts": posts,
            "suspension_form": SuspensionForm(),
            "suspensions": Suspension.objects.select_related("user", "created_by")[:20],
            "log": ModerationLog.objects.select_related("moderator", "topic", "target_user")[:30],
        },
    )


@require_POST
def post_action(request, pk):
    require(request.user, "forum.moderate")
    post = get_object_or_404(Post.objects.select_related("topic", "author"), pk=pk)
    action = request.POST.get("action")
    if action not in POST_ACTIONS:
        messages.error(request, _("Action inconnue."))
    else:
        services.moderate_post(post, request.user, action,
                               reason=request.POST.get("reason", "")[:1000])  # fmt: skip
        messages.success(request, _("Action enregistrée : %(action)s.") % {
            "action": Action(action).label})  # fmt: skip
    return redirect("forum_moderation:queue")


def topic(request, pk):
    require(request.user, "forum.moderate")
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    form = TopicModerationForm(request.POST or None, initial={"seconds": topic.slow_mode_seconds})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.moderate_topic(topic, request.user, data["action"], reason=data["reason"],
                                category=data["category"], seconds=data["seconds"])  # fmt: skip
        messages.success(request, _("Action enregistrée : %(action)s.") % {
            "action": Action(data["action"]).label})  # fmt: skip
        return redirect("forum_moderation:topic", pk=topic.pk)
    return render(request, "forum/admin/topic.html", {"topic": topic, "form": form})


@require_POST
def suspend(request):
    require(request.user, "forum.moderate")
    form = SuspensionForm(request.POST)
    if form.is_valid():
        services.suspend(form.user, request.user, reason=form.cleaned_data["reason"],
                         days=form.cleaned_data["days"])  # fmt: skip
        messages.success(request, _("Le membre est suspendu."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("forum_moderation:queue")


urlpatterns = [
    path("", queue, name="queue"),
    path("messages/<id:pk>/", post_action, name="post_action"),
    path("sujets/<id:pk>/", topic, name="topic"),
    path("suspendre/", suspend, name="suspend"),
]
