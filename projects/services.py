"""Writes of the projects app: creating a project with its team, team membership and
invitations, contact messages, and what the CRESS validation changes for a team.

Views stay thin and call these functions; the functions keep Wagtail's page and collection
permissions in step with the team rows (see ``models.teams``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowState,
)

from labo.accounts import roles
from labo.notifications.services import notify, notify_many
from labo.notifications.tasks import subject_line

from .models import ProjectInvitation, ProjectPage, ProjectTeam, ProjectTeamMember

PROJECTS_COLLECTION = "Projets"
TEAM_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


class Status:
    DRAFT = "brouillon"
    IN_REVIEW = "en_validation"
    CHANGES_REQUESTED = "a_modifier"
    PUBLISHED = "publie"

    LABELS = {
        DRAFT: gettext_lazy("Brouillon"),
        IN_REVIEW: gettext_lazy("En validation"),
        CHANGES_REQUESTED: gettext_lazy("Modifications demandées"),
        PUBLISHED: gettext_lazy("Publié"),
    }


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _unique_slug(index, title):
    base = slugify(title)[:70] or "projet"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def project_create(*, user, index, title, commune, habitat_type, stage) -> ProjectPage:
    """A draft project page under ``index``, owned by ``user`` who becomes its team admin."""
    page = ProjectPage(
        title=title,
        slug=_unique_slug(index, title),
        summary="",
        commune=commune,
        stage=stage,
        owner=user,
        live=False,
    )
    index.add_child(instance=page)
    page.habitat_types.set([habitat_type])
    page.save_revision(user=user, log_action=True)
    team = team_create(page)
    team_add_member(team, user, ProjectTeamMember.Role.ADMIN)
    return page


def team_create(page) -> ProjectTeam:
    group = Group.objects.create(name=f"Équipe projet n°{page.pk}")
    # Team members may change their page; publishing comes after the CRESS validation.
    GroupPagePermission.objects.create(
        group=group, page=page, permission=_page_permission("change_page")
    )
    parent = Collection.get_first_root_node()
    projects_collection = parent.get_children().filter(name=PROJECTS_COLLECTION).first()
    if projects_collection is None:
        projects_collection = parent.add_child(instance=Collection(name=PROJECTS_COLLECTION))
    collection = projects_collection.add_child(
        instance=Collection(name=f"{page.title[:200]} (n°{page.pk})")
    )
    for app_label, codename in TEAM_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return ProjectTeam.objects.create(page=page, group=group, collection=collection)


def team_add_member(team, user, role=ProjectTeamMember.Role.MEMBER) -> ProjectTeamMember:
    membership, created = ProjectTeamMember.objects.get_or_create(
        team=team, user=user, defaults={"role": role}
    )
    user.groups.add(team.group, Group.objects.get(name=roles.PORTEUR))
    return membership


@transaction.atomic
def team_remove_member(membership) -> None:
    user, team = membership.user, membership.team
    membership.delete()
    user.groups.remove(team.group)
    if not ProjectTeamMember.objects.filter(user=user).exists():
        user.groups.remove(Group.objects.get(name=roles.PORTEUR))


def is_last_admin(membership) -> bool:
    return (
        membership.role == ProjectTeamMember.Role.ADMIN
        and not ProjectTeamMember.objects.filter(
            team_id=membership.team_id, role=ProjectTeamMember.Role.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def invitation_send(*, team, email, invited_by, accept_url) -> ProjectInvitation:
    """Record the invitation and e-mail its link; a member who already has an account also
    gets an in-app notification."""
    from django.contrib.auth import get_user_model

    email = email.strip().lower()
    invitation = ProjectInvitation.objects.create(team=team, email=email, invited_by=invited_by)
    link = accept_url(invitation)
    context = {"invitation": invitation, "project": team.page, "inviter": invited_by, "link": link}
    send_mail(
        subject_line(
            _("Invitation à rejoindre l'équipe du projet « %(project)s »")
            % {"project": team.page.title}
        ),
        render_to_string("projects/emails/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    # Only the account that proved it owns the address (allauth's verified flow): an address
    # merely typed on an account must not receive someone else's invitation.
    existing = (
        get_user_model()
        .objects.filter(emailaddress__email__iexact=email, emailaddress__verified=True)
        .first()
    )
    if existing is not None:
        notify(
            existing,
            kind="project_invitation",
            message=_("%(inviter)s vous invite dans l'équipe du projet « %(project)s ».")
            % {"inviter": invited_by, "project": team.page.title},
            # The e-mail needs the absolute link; in the app, the path (the notification
            # redirect follows local paths only).
            link=_local_path(link),
        )
    return invitation


def _local_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@transaction.atomic
def invitation_accept(invitation, user) -> ProjectTeamMember:
    membership = team_add_member(invitation.team, user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    notify_team(
        invitation.team.page,
        kind="project_team",
        message=_("%(user)s a rejoint l'équipe du projet « %(project)s ».")
        % {"user": user, "project": invitation.team.page.title},
        exclude=user,
    )
    return membership


def team_users(page):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        project_memberships__team__page_id=page.pk, is_active=True
    )


def notify_team(page, *, kind, message, link="", exclude=None):
    recipients = team_users(page)
    if exclude is not None:
        recipients = recipients.exclude(pk=exclude.pk)
    return notify_many(list(recipients), kind=kind, message=message, link=link)


def team_allow_direct_publication(page) -> None:
    """After the first CRESS validation the team publishes its later edits directly; every
    edit stays a revision in Wagtail's history."""
    team = ProjectTeam.objects.filter(page_id=page.pk).first()
    if team is None or team.can_publish:
        return
    GroupPagePermission.objects.get_or_create(
        group=team.group, page_id=page.pk, permission=_page_permission("publish_page")
    )
    team.can_publish = True
    team.save(update_fields=["can_publish"])


def contact_team(page, *, name, email, message) -> int:
    """E-mail a visitor's message to the team. The team's addresses are never shown: the
    visitor's address goes in Reply-To so the team answers if it wishes."""
    from django.core.mail import EmailMessage

    recipients = list(team_users(page).values_list("email", flat=True))
    if not recipients:
        return 0
    body = render_to_string(
        "projects/emails/contact.txt",
        {"project": page, "name": name, "email": email, "message": message},
    )
    mail = EmailMessage(
        subject_line(_("Message pour le projet « %(project)s »") % {"project": page.title}),
        body,
        settings.DEFAULT_FROM_EMAIL,
        bcc=recipients,
        reply_to=[email],
    )
    return mail.send()


def statuses(pages) -> dict[int, str]:
    """Publication status of each page, in one query whatever the number of pages."""
    pages = list(pages)
    workflow_status = dict(
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .values_list("object_id", "status")
    )
    result = {}
    for page in pages:
        state = workflow_status.get(str(page.pk))
        if state == WorkflowState.STATUS_IN_PROGRESS:
            result[page.pk] = Status.IN_REVIEW
        elif state == WorkflowState.STATUS_NEEDS_CHANGES:
            result[page.pk] = Status.CHANGES_REQUESTED
        elif page.live:
            result[page.pk] = Status.PUBLISHED
        else:
            result[page.pk] = Status.DRAFT
    return result
