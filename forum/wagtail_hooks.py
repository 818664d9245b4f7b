"""Wagtail admin of the forum: categories (managed by the CRESS team), the moderation queue
and the moderation log (filterable, exportable). Who gets in is decided by
``labo.permissions`` rules, not by Django model permissions, so the answer lives in one place.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from labo.accounts import roles
from labo.core.exports import SafeExportIndexView
from labo.core.wagtail_policy import RulePermissionPolicy
from labo.permissions import can, users_with_role

from . import admin_views
from .models import Category, ModerationLog


def _moderators():
    return users_with_role(roles.ANIMATEUR, roles.ADMINISTRATEUR)


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "list-ul"
    menu_label = _("Forum : catégories")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "forum/categories"
    name = "forum_categories"
    form_fields = ["name", "slug", "description", "order", "visibility", "project"]
    list_display = [
        "name",
        Column("visibility", label=_("Visibilité"), accessor="get_visibility_display"),
        "order",
    ]
    search_fields = ["name", "description"]
    search_backend_name = None

    @property
    def permission_policy(self):
        return RulePermissionPolicy(
            Category, "forum.manage_categories", ["add", "change", "delete", "view"], _moderators
        )


class ModerationLogFilterSet(WagtailFilterSet):
    class Meta:
        model = ModerationLog
        fields = ["action", "moderator"]


class ModerationLogViewSet(ModelViewSet):
    model = ModerationLog
    icon = "history"
    menu_label = _("Forum : journal de modération")
    menu_order = 262
    add_to_admin_menu = True
    url_prefix = "forum/journal"
    name = "forum_moderation_log"
    filterset_class = ModerationLogFilterSet
    search_fields = ["reason", "details"]
    search_backend_name = None
    inspect_view_enabled = True
    form_fields = ["reason"]
    list_display = [
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("moderator", label=_("Modérateur"), accessor="moderator"),
        Column("topic", label=_("Sujet"), accessor="topic"),
        Column("target_user", label=_("Membre concerné"), accessor="target_user"),
        Column("reason", label=_("Motif")),
        DateColumn("created_at", label=_("Le")),
    ]
    index_view_class = SafeExportIndexView  # a reason typed as a formula stays text
    list_export = ["get_action_display", "moderator", "topic", "post_id", "target_user",
                   "reason", "details", "created_at"]  # fmt: skip
    export_filename = "journal-moderation-forum"

    @property
    def permission_policy(self):
        # Read-only: the log is append-only.
        return RulePermissionPolicy(ModerationLog, "forum.moderate", ["view"], _moderators)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=ModerationLog.objects.select_related("moderator", "topic", "target_user"),
            **kwargs,
        )


category_viewset = CategoryViewSet()
moderation_log_viewset = ModerationLogViewSet()


@hooks.register("register_admin_viewset")
def register_category_viewset():
    return category_viewset


@hooks.register("register_admin_viewset")
def register_moderation_log_viewset():
    return moderation_log_viewset


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("forum/moderation/", include((admin_views.urlpatterns, "forum_moderation")))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "forum.moderate"))


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Forum : modération"),
        reverse("forum_moderation:queue"),
        icon_name="warning",
        order=261,
    )
