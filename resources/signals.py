"""Wagtail workflow signals → the proposer's notification. The logic is in services.py; the
receivers only route, so a decision taken in the Wagtail admin reaches the proposer."""

from django.dispatch import receiver
from wagtail.signals import workflow_approved, workflow_rejected

from . import services


@receiver(workflow_approved, dispatch_uid="resources_proposal_approved")
def proposal_approved(sender, instance, user=None, **kwargs):
    services.resource_proposal_approved(instance)


@receiver(workflow_rejected, dispatch_uid="resources_proposal_rejected")
def proposal_rejected(sender, instance, user=None, **kwargs):
    services.resource_proposal_rejected(instance)
