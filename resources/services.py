"""Writes of the resource centre: download counting, member proposals and the answer to
the proposer once the CRESS has decided."""

import os
import secrets

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.models import Collection

from labo.accounts import roles
from labo.notifications.services import notify, notify_many

from .models import RESERVED_SLUGS, ResourceIndexPage, ResourceLink, ResourcePage

PROPOSALS_COLLECTION = "Propositions de ressources"
# 96 random bits: a folder nobody can guess, short enough to leave the file name room in
# Wagtail's 100-character path.
DOCUMENT_TOKEN_BYTES = 12


def unguessable_document_name(name: str) -> str:
    """« rapport.pdf » → « <random token>/rapport.pdf » (Wagtail's field adds ``documents/``):
    the name people download under stays, the path is not guessable from it."""
    return f"{secrets.token_hex(DOCUMENT_TOKEN_BYTES)}/{os.path.basename(name)}"


def record_download(document) -> None:
    """Add one to the document's counter with an UPDATE … SET count = count + 1, so
    simultaneous downloads never lose a count."""
    from .models import DocumentDownloadCount

    if DocumentDownloadCount.objects.filter(document=document).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DocumentDownloadCount.objects.create(document=document, count=1)
    except IntegrityError:
        # Another request created the row between our UPDATE and INSERT.
        DocumentDownloadCount.objects.filter(document=document).update(count=F("count") + 1)


def proposals_collection() -> Collection:
    """Files of proposals wait in a collection only the CRESS may open, so a document is not
    public before its resource is (see site_setup)."""
    existing = Collection.objects.filter(name=PROPOSALS_COLLECTION).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=PROPOSALS_COLLECTION)


@transaction.atomic
def propose_resource(
    user,
    index_page: ResourceIndexPage,
    *,
    title: str,
    summary: str,
    resource_type: str,
    themes,
    file=None,
    url: str = "",
) -> ResourcePage:
    """A member's proposal becomes a draft resource submitted to the « Validation CRESS »
    workflow; nothing is public until an animateur approves it."""
    base_slug = slugify(title)[:70] or "ressource"
    if base_slug in RESERVED_SLUGS:
        base_slug = f"{base_slug}-ressource"
    page = ResourcePage(
        title=title,
        slug=find_available_slug(index_page, base_slug),
        summary=summary,
        resource_type=resource_type,
        live=False,
        owner=user,
        proposed_by=user,
        author_name=str(user),
    )
    page.themes.set(themes)
    if url:
        page.links.add(ResourceLink(url=url, title=title))
    if file is not None:
        document = get_document_model()(
            title=title, file=file, uploaded_by_user=user, collection=proposals_collection()
        )
        document._set_document_file_metadata()
        document.save()
        page.documents.add(page.documents.model(document=document))
    index_page.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    reviewers = Group.objects.get(name=roles.ANIMATEUR).user_set.filter(is_active=True)
    notify_many(
        reviewers,
        kind="resource_proposed",
        message=_("Nouvelle ressource proposée par %(user)s : « %(title)s »")
        % {"user": user, "title": title},
        link=reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )
    return page


def _proposed_resource(workflow_state):
    page = workflow_state.content_object
    if page is None:
        return None
    page = page.specific
    if isinstance(page, ResourcePage) and page.proposed_by_id:
        return page
    return None


@transaction.atomic
def resource_proposal_approved(workflow_state) -> None:
    """The workflow published the resource: its files leave the private collection and the
    proposer hears the news."""
    page = _proposed_resource(workflow_state)
    if page is None:
        return
    root = Collection.get_first_root_node()
    get_document_model().objects.filter(
        pk__in=page.documents.values("document_id"), collection__name=PROPOSALS_COLLECTION
    ).update(collection=root)
    page.refresh_from_db()
    notify(
        page.proposed_by,
        kind="resource_approved",
        message=_("Votre ressource « %(title)s » a été validée par la CRESS et publiée.")
        % {"title": page.title},
        link=page.url or "",
    )


@transaction.atomic
def resource_proposal_rejected(workflow_state) -> None:
    page = _proposed_resource(workflow_state)
    if page is None:
        return
    task_state = workflow_state.current_task_state
    comment = task_state.comment if task_state else ""
    message = _("Votre proposition « %(title)s » n'a pas été retenue par la CRESS.") % {
        "title": page.title
    }
    if comment:
        message = f"{message} {_('Commentaire :')} {comment}"
    index = page.get_parent().specific
    notify(
        page.proposed_by,
        kind="resource_rejected",
        message=message,
        link=index.url + index.reverse_subpage("propose") if index.url else "",
    )
