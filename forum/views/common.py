from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from labo.permissions import can

from ..models import Category, Post, Topic

TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20


class LoginRequired(Exception):
    pass


def require(request, action, obj=None):
    """Refuse with the rule's French reason. Visitors are sent to the login page; private
    spaces answer 404 to outsiders so that their existence does not leak."""
    decision = can(request.user, action, obj)
    if decision:
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    category = getattr(obj, "category", None) or getattr(
        getattr(obj, "topic", None), "category", None
    )
    if isinstance(obj, Category):
        category = obj
    if (
        category is not None
        and category.is_private
        and not can(request.user, "forum.view_category", category)
    ):
        raise Http404
    raise PermissionDenied(decision.reason)


def login_redirect(request):
    return redirect_to_login(request.get_full_path())


def get_topic(pk):
    return get_object_or_404(Topic.objects.select_related("category", "author"), pk=pk)


def get_post(pk):
    return get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)


def page_number(request) -> int:
    try:
        return max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        return 1


def forum_view(func):
    """Turns a refusal for a visitor into the login page, with the way back."""
    from functools import wraps

    @wraps(func)
    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except LoginRequired:
            return login_redirect(request)

    return wrapper
