"""The « Validation CRESS » moderation workflow shared by every kind of page that members
submit (first publication of a project page, resource proposals): one Wagtail workflow whose
single task is approved by the Animateur CRESS group."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from labo.accounts import roles

WORKFLOW_NAME = "Validation CRESS"
TASK_NAME = "Validation par l'équipe de la CRESS"


@transaction.atomic
def cress_validation_workflow() -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([Group.objects.get(name=roles.ANIMATEUR)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def apply_cress_validation(page: Page) -> None:
    """Pages below ``page`` go through the CRESS validation before they are published."""
    workflow = cress_validation_workflow()
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
