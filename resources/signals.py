"""Wagtail signals: workflow decisions → the proposer's notification, and every document's
stored name. The logic is in services.py; the receivers only route, so a decision taken in
the Wagtail admin reaches the proposer."""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model_string
from wagtail.signals import workflow_approved, workflow_rejected

from . import services


@receiver(workflow_approved, dispatch_uid="resources_proposal_approved")
def proposal_approved(sender, instance, user=None, **kwargs):
    services.resource_proposal_approved(instance)


@receiver(workflow_rejected, dispatch_uid="resources_proposal_rejected")
def proposal_rejected(sender, instance, user=None, **kwargs):
    services.resource_proposal_rejected(instance)


@receiver(pre_save, sender=get_document_model_string(), dispatch_uid="resources_document_name")
def document_stored_under_a_token(sender, instance, **kwargs):
    """A document's file goes to ``documents/<random token>/<its name>``: the name people see
    (and download under) is kept, but the path cannot be guessed from it. Documents are
    served only by Wagtail's permission-checked view (``WAGTAILDOCS_SERVE_METHOD``); the
    token is the second lock, should a server ever expose the media folder."""
    file = instance.file
    if file and not file._committed:
        file.name = services.unguessable_document_name(file.name)
