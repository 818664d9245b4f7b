"""Reactions to Wagtail's « Validation CRESS » workflow on project pages.

Wagtail only reports workflow decisions through signals, so these receivers are the thin
bridge to ``services``: the team hears the decision (with the reviewer's comment), and after
the first approval the team may publish its later edits directly."""

from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_rejected, workflow_approved, workflow_submitted

from labo.accounts import roles

from . import services
from .models import ProjectPage


def _project_of(workflow_state):
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, ProjectPage) else None


def _admin_link(page):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@receiver(workflow_submitted, sender=WorkflowState)
def on_submitted(sender, instance, user=None, **kwargs):
    page = _project_of(instance)
    if page is None:
        return
    from django.contrib.auth import get_user_model

    from labo.notifications.services import notify_many

    animateurs = get_user_model().objects.filter(groups__name=roles.ANIMATEUR, is_active=True)
    notify_many(
        list(animateurs),
        kind="project_validation",
        message=_("Le projet « %(project)s » attend la validation de la CRESS.")
        % {"project": page.title},
        link=_admin_link(page),
    )


@receiver(workflow_approved, sender=WorkflowState)
def on_approved(sender, instance, user=None, **kwargs):
    page = _project_of(instance)
    if page is None:
        return
    services.team_allow_direct_publication(page)
    page.refresh_from_db()
    services.notify_team(
        page,
        kind="project_validation",
        message=_(
            "La CRESS a validé le projet « %(project)s » : il est publié. Vos prochaines "
            "modifications seront publiées directement."
        )
        % {"project": page.title},
        link=page.url or _admin_link(page),
    )


def on_task_rejected(sender, instance, user=None, **kwargs):
    page = _project_of(instance.workflow_state)
    if page is None:
        return
    comment = (instance.comment or "").strip()
    message = _("La CRESS demande des modifications sur le projet « %(project)s ».") % {
        "project": page.title
    }
    if comment:
        message = f"{message} {_('Commentaire :')} {comment}"
    services.notify_team(page, kind="project_validation", message=message, link=_admin_link(page))


def connect():
    # task_rejected is sent with the specific task state class as sender: connect without a
    # sender and check the instance instead.
    task_rejected.connect(_any_task_rejected, dispatch_uid="projects_task_rejected")


def _any_task_rejected(sender, instance, user=None, **kwargs):
    if isinstance(instance, TaskState):
        on_task_rejected(sender, instance, user=user, **kwargs)
