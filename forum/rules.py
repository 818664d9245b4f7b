"""Permission rules of the forum, read by ``labo.permissions.can``.

Reading follows the category's visibility: public categories are open to visitors, « membres »
categories to signed-in accounts, a project's private space to its team. CRESS facilitators
(« Animateur CRESS ») and administrators moderate: they read every space, including private
ones, because reports may come from them. Writing needs a verified member account that is not
suspended, in a topic that is not locked.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.accounts import roles
from labo.permissions import ALLOW, deny, has_role, is_staff_role, rule

from .models import Category, Post, Suspension, Topic


def is_moderator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or has_role(user, roles.ANIMATEUR, roles.ADMINISTRATEUR)
    )


def team_page_ids(user) -> set[int]:
    """Pages of the project teams the user belongs to, cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_forum_team_page_ids", None)
    if cached is None:
        from projects.models import ProjectTeamMember

        cached = set(
            ProjectTeamMember.objects.filter(user=user).values_list("team__page_id", flat=True)
        )
        user._forum_team_page_ids = cached
    return cached


def active_suspension(user):
    if not user.is_authenticated:
        return None
    return (
        Suspension.objects.filter(
            user=user, starts_at__lte=timezone.now(), ends_at__gt=timezone.now()
        )
        .order_by("-ends_at")
        .first()
    )


def _read_category(user, category):
    if category.visibility == Category.Visibility.PUBLIC:
        return ALLOW
    if not user.is_authenticated:
        return deny(_("Connectez-vous pour lire cette catégorie du forum."))
    if category.visibility == Category.Visibility.MEMBERS or is_moderator(user):
        return ALLOW
    if category.project_id and category.project_id in team_page_ids(user):
        return ALLOW
    return deny(_("Cet espace est réservé à l'équipe du projet."))


def readable_categories(user):
    """The queryset twin of ``_read_category``."""
    categories = Category.objects.all()
    if is_moderator(user):
        return categories
    if not user.is_authenticated:
        return categories.filter(visibility=Category.Visibility.PUBLIC)
    return categories.filter(
        Q(visibility__in=[Category.Visibility.PUBLIC, Category.Visibility.MEMBERS])
        | Q(visibility=Category.Visibility.PROJECT, project_id__in=team_page_ids(user))
    )


@rule("forum.view_category", anonymous=True, objects=readable_categories)
def view_category(user, category):
    return _read_category(user, category)


def readable_topics(user):
    """The queryset twin of ``view_topic``."""
    topics = Topic.objects.filter(category__in=readable_categories(user))
    if not is_moderator(user):
        topics = topics.filter(is_hidden=False)
    return topics


@rule("forum.view_topic", anonymous=True, objects=readable_topics)
def view_topic(user, topic):
    decision = _read_category(user, topic.category)
    if not decision:
        return decision
    if topic.is_hidden and not is_moderator(user):
        return deny(_("Ce sujet a été masqué par la modération."))
    return ALLOW


def visible_posts_filter(user) -> Q:
    """What ``view_post`` asks of the post itself, once its topic may be read."""
    if is_moderator(user):
        return Q()
    if user.is_authenticated:
        # Authors still see their own hidden posts, with the moderation notice.
        return Q(is_deleted=False) & (Q(is_hidden=False) | Q(author=user))
    return Q(is_deleted=False, is_hidden=False)


def readable_posts(user):
    """The queryset twin of ``view_post``."""
    return Post.objects.filter(topic__in=readable_topics(user)).filter(visible_posts_filter(user))


@rule("forum.view_post", anonymous=True, objects=readable_posts)
def view_post(user, post):
    decision = view_topic(user, post.topic)
    if not decision:
        return decision
    if post.is_deleted and not is_moderator(user):
        return deny(_("Ce message a été supprimé."))
    # A visitor's pk is None, and so is the author of a post whose account was deleted.
    is_author = user.is_authenticated and post.author_id == user.pk
    if post.is_hidden and not (is_moderator(user) or is_author):
        return deny(_("Ce message a été masqué par la modération."))
    return ALLOW


def _may_write(user):
    if not (has_role(user, roles.MEMBRE, roles.PORTEUR) or is_staff_role(user)):
        return deny(_("Confirmez votre adresse e-mail pour écrire sur le forum."))
    suspension = active_suspension(user)
    if suspension is not None:
        return deny(
            _("Votre participation au forum est suspendue jusqu'au %(date)s : %(reason)s")
            % {
                "date": timezone.localtime(suspension.ends_at).strftime("%d/%m/%Y à %H:%M"),
                "reason": suspension.reason,
            }
        )
    return ALLOW


@rule("forum.create_topic")
def create_topic(user, category):
    decision = _read_category(user, category)
    if not decision:
        return decision
    return _may_write(user)


@rule("forum.reply")
def reply(user, topic):
    decision = view_topic(user, topic)
    if not decision:
        return decision
    if topic.is_locked and not is_moderator(user):
        return deny(_("Ce sujet est verrouillé : il n'accepte plus de réponses."))
    return _may_write(user)


@rule("forum.edit_post")
def edit_post(user, post):
    if post.is_deleted:
        return deny(_("Ce message a été supprimé."))
    # Writing implies reading: an author removed from a team no longer edits in its space.
    decision = view_post(user, post)
    if not decision:
        return decision
    if post.author_id != user.pk:
        return deny(_("Vous ne pouvez modifier que vos propres messages."))
    if post.topic.is_locked:
        return deny(_("Ce sujet est verrouillé : ses messages ne se modifient plus."))
    return _may_write(user)


@rule("forum.delete_post")
def delete_post(user, post):
    if post.is_deleted:
        return deny(_("Ce message a déjà été supprimé."))
    decision = view_post(user, post)
    if not decision:
        return decision
    if post.author_id == user.pk or is_moderator(user):
        return ALLOW
    return deny(_("Vous ne pouvez supprimer que vos propres messages."))


@rule("forum.report_post")
def report_post(user, post):
    decision = view_post(user, post)
    if not decision:
        return decision
    if post.author_id == user.pk:
        return deny(_("Vous ne pouvez pas signaler votre propre message."))
    return ALLOW


@rule("forum.watch")
def watch(user, obj):
    return ALLOW


@rule("forum.moderate")
def moderate(user, obj):
    if is_moderator(user):
        return ALLOW
    return deny(_("La modération du forum est réservée à l'équipe de la CRESS."))


@rule("forum.manage_categories")
def manage_categories(user, obj):
    if is_moderator(user):
        return ALLOW
    return deny(_("Les catégories du forum sont gérées par l'équipe de la CRESS."))


@rule("forum.open_project_space")
def open_project_space(user, page):
    from projects.models import ProjectTeamMember
    from projects.rules import is_project_manager, team_role

    if is_project_manager(user) or team_role(user, page) == ProjectTeamMember.Role.ADMIN:
        return ALLOW
    return deny(_("Seuls les administrateurs de l'équipe peuvent ouvrir l'espace privé."))
