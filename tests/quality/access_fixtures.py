"""One real world for the access matrix, and the real value of every URL parameter in it.

Two project teams, A and B. Every parameterised URL points at an object of team A (or of
the users around it), so the matrix reads « may this role reach *team A's* object? »:
``PORTEUR_OWN`` is team A's porteur, ``PORTEUR_OTHER`` team B's. Team A holds a published
project, a second published project, an unpublished one, a submitted VIURE dossier (with
files, a document request, an internal and a shared comment, a review, a meeting), a draft
VIURE dossier, a submitted and a draft guarantee dossier with loans, a private forum space
with a topic, a post and an attachment, a structure (organisation) and notifications.

``ROUTE_OBJECTS`` maps a route (``"ns:name"``, or ``"page:<page model>:<route>"`` for the
routes of Wagtail routable pages) to the function giving its kwargs. A route may have
variants, ``"ns:name[variant]"``, when the same URL must be checked on two objects (a draft
and a submitted dossier, a public and a private forum topic).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from forum.models import Attachment, Category
from labo.accounts import roles
from labo.accounts.models import Membership, OrganisationInvitation, PersonalDataExport
from labo.events.site_setup import ensure_agenda
from labo.home.site_setup import ensure_site_structure
from projects.models import ProjectIndexPage, ProjectInvitation
from projects.tracking.models import (
    Application,
    CallIndexPage,
    Comment,
    Decision,
    DocumentRequest,
    Meeting,
    Visibility,
)
from resources.models import ResourceIndexPage
from tests.events.factories import EventPageFactory, RegistrationFactory
from tests.factories import NotificationFactory, OrganisationFactory, UserFactory
from tests.forum.factories import CategoryFactory, PostFactory, TopicFactory
from tests.projects.factories import ProjectPageFactory
from tests.resources.factories import ResourceDocumentFactory, ResourcePageFactory
from tests.tracking.applicant.helpers import call_page
from tests.tracking.factories import (
    ApplicationDocumentFactory,
    ReviewFactory,
    draft_application,
    open_guarantee_call,
    open_viure_call,
    submitted_application,
)
from tests.tracking.guarantees.factories import loan_for

# The columns of every row of the table, in this order.
VISITEUR = "visiteur"
MEMBRE = "membre"
PORTEUR_OWN = "porteur (ce projet)"
PORTEUR_OTHER = "porteur (autre projet)"
ANIMATEUR = "animateur CRESS"
INSTRUCTEUR = "instructeur Région"
ADMINISTRATEUR = "administrateur"
ROLES = (VISITEUR, MEMBRE, PORTEUR_OWN, PORTEUR_OTHER, ANIMATEUR, INSTRUCTEUR, ADMINISTRATEUR)


def _with_role(role_name, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role_name))
    return user


def build_world():
    w = SimpleNamespace()
    w.home = ensure_site_structure()
    w.project_index = ProjectIndexPage.objects.get()
    w.resource_index = ResourceIndexPage.objects.get()
    w.agenda = ensure_agenda()
    w.call_index = CallIndexPage.objects.first()

    w.porteur_own = _with_role(roles.PORTEUR)
    w.porteur_other = _with_role(roles.PORTEUR)
    w.users = {
        VISITEUR: None,
        MEMBRE: UserFactory(),
        PORTEUR_OWN: w.porteur_own,
        PORTEUR_OTHER: w.porteur_other,
        ANIMATEUR: _with_role(roles.ANIMATEUR),
        INSTRUCTEUR: _with_role(roles.INSTRUCTEUR),
        ADMINISTRATEUR: _with_role(roles.ADMINISTRATEUR),
    }
    colleague = UserFactory()  # a second member of team A's structure

    # --- projects ------------------------------------------------------------------------
    index = w.project_index
    w.project_a = ProjectPageFactory(parent=index, team=[w.porteur_own])
    w.project_a2 = ProjectPageFactory(parent=index, team=[w.porteur_own])
    w.project_a_unpublished = ProjectPageFactory(
        parent=index, team=[w.porteur_own], live=False, title="Projet zq-projet-non-publie"
    )
    w.project_b = ProjectPageFactory(parent=index, team=[w.porteur_other])
    w.project_b_unpublished = ProjectPageFactory(parent=index, team=[w.porteur_other], live=False)
    w.invitation = ProjectInvitation.objects.create(
        team=w.project_a.team, email="invitee@exemple.fr", invited_by=w.porteur_own
    )

    # --- structures ----------------------------------------------------------------------
    w.org_a = OrganisationFactory()
    Membership.objects.create(user=w.porteur_own, organisation=w.org_a, role=Membership.Role.ADMIN)
    # Team A's porteur's archive of their data, ready to download.
    w.data_export = PersonalDataExport.objects.create(
        user=w.porteur_own, status=PersonalDataExport.Status.READY, finished_at=timezone.now()
    )
    w.data_export.file.save("archive.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    # An invitation to team A's structure, sent to an address none of the roles owns.
    w.org_invitation = OrganisationInvitation.objects.create(
        organisation=w.org_a, email="invitee@example.org", invited_by=w.porteur_own
    )
    w.org_a_colleague = Membership.objects.create(
        user=colleague, organisation=w.org_a, role=Membership.Role.MEMBER
    )
    w.org_b = OrganisationFactory()
    Membership.objects.create(
        user=w.porteur_other, organisation=w.org_b, role=Membership.Role.ADMIN
    )

    # --- calls and dossiers --------------------------------------------------------------
    w.viure = open_viure_call()
    w.viure_page = call_page(w.viure)
    w.guarantee = open_guarantee_call()
    w.guarantee_page = call_page(w.guarantee)
    w.call_index = CallIndexPage.objects.get()

    w.app_submitted = submitted_application(
        w.viure, project=w.project_a, user=w.porteur_own, organisation=w.org_a
    )
    w.app_draft = draft_application(
        w.viure,
        project=w.project_a2,
        user=w.porteur_own,
        organisation=w.org_a,
        operation_title="Opération zq-dossier-brouillon",
    )
    w.app_other = submitted_application(
        w.viure, project=w.project_b, user=w.porteur_other, organisation=w.org_b
    )
    # A third project of team A, whose VIURE dossier the Region has granted.
    w.project_a3 = ProjectPageFactory(parent=index, team=[w.porteur_own])
    w.app_decided = submitted_application(
        w.viure, project=w.project_a3, user=w.porteur_own, organisation=w.org_a
    )
    Application.objects.filter(pk=w.app_decided.pk).update(
        stage=w.viure.stages.get(code="convention")
    )
    w.decision = Decision.objects.create(
        application=w.app_decided,
        body=Decision.Body.STANDING_COMMITTEE,
        result=Decision.Result.GRANTED,
        date=datetime.date(2025, 12, 12),
        deliberation_number="CP/2025-12/11.07",
        amount_granted=Decimal("45000.00"),
        conditions="Condition zq-condition-interne",
        message_to_applicant="La convention suit.",
    )
    w.document = ApplicationDocumentFactory(application=w.app_submitted, uploaded_by=w.porteur_own)
    w.staff_document = ApplicationDocumentFactory(
        application=w.app_submitted, staff_only=True, original_name="zq-piece-interne.pdf"
    )
    w.draft_document = ApplicationDocumentFactory(application=w.app_draft)
    w.document_request = DocumentRequest.objects.create(
        application=w.app_submitted,
        requested_by=w.users[ANIMATEUR],
        label="Attestation",
        due_date=timezone.localdate() + datetime.timedelta(days=15),
    )
    w.internal_comment = Comment.objects.create(
        application=w.app_submitted,
        author=w.users[INSTRUCTEUR],
        body="Avis zq-commentaire-interne",
        visibility=Visibility.INTERNAL,
    )
    w.review = ReviewFactory(
        application=w.app_submitted,
        reviewer=w.users[INSTRUCTEUR],
        comment="Avis zq-avis-instructeur",
    )
    w.meeting = Meeting.objects.create(
        application=w.app_submitted,
        kind=Meeting.Kind.PRIOR_INTERVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="Maison de l'ESS, Toulouse",
        minutes="Compte rendu zq-compte-rendu-interne",
        created_by=w.users[ANIMATEUR],
    )

    w.guarantee_submitted = submitted_application(
        w.guarantee, project=w.project_a, user=w.porteur_own, organisation=w.org_a
    )
    w.guarantee_loan = loan_for(w.guarantee_submitted)
    w.guarantee_draft = draft_application(
        w.guarantee, project=w.project_a2, user=w.porteur_own, organisation=w.org_a
    )
    w.guarantee_draft_loan = loan_for(w.guarantee_draft, amount=Decimal("80000.00"))

    # --- forum ---------------------------------------------------------------------------
    w.public_category = CategoryFactory()
    w.public_topic = TopicFactory(category=w.public_category, author=w.porteur_own)
    w.private_category = CategoryFactory(
        visibility=Category.Visibility.PROJECT, project=w.project_a
    )
    w.private_topic = TopicFactory(
        category=w.private_category, author=w.porteur_own, title="Sujet zq-sujet-prive"
    )
    w.private_post = PostFactory(
        topic=w.private_topic, author=w.porteur_own, body="Message zq-message-prive"
    )
    w.public_post = w.public_topic.last_post
    w.attachment = Attachment.objects.create(
        post=w.private_post,
        file=ContentFile(b"%PDF-1.4\n", name="plan.pdf"),
        name="plan.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=9,
    )

    # --- notifications, agenda, resources -------------------------------------------------
    w.notification = NotificationFactory(
        recipient=w.porteur_own, message="Notification zq-notification-a"
    )
    w.event = EventPageFactory(parent=w.agenda, registration_enabled=True, capacity=10)
    RegistrationFactory(event=w.event, user=w.porteur_own)
    w.resource = ResourcePageFactory(parent=w.resource_index)
    w.resource_attachment = ResourceDocumentFactory(page=w.resource)
    return w


def _app(pk_of):
    return lambda w: {"pk": pk_of(w).pk}


# Route → kwargs (or, for routable pages, ``_page`` plus kwargs) taken from the world.
ROUTE_OBJECTS = {
    "accounts:data_archive_download": lambda w: {"token": str(w.data_export.token)},
    "accounts:organisation_invitation": lambda w: {"token": str(w.org_invitation.token)},
    "accounts:organisation_invitation_cancel": lambda w: {
        "pk": w.org_a.pk,
        "invitation_pk": w.org_invitation.pk,
    },
    "public_media": lambda w: {"path": w.resource_attachment.document.file.name},
    # Mon espace: team A's structure, and a plain member of it for remove/role.
    "accounts:organisation_detail": lambda w: {"pk": w.org_a.pk},
    "accounts:organisation_edit": lambda w: {"pk": w.org_a.pk},
    "accounts:organisation_add_member": lambda w: {"pk": w.org_a.pk},
    "accounts:organisation_leave": lambda w: {"pk": w.org_a.pk},
    "accounts:organisation_remove_member": lambda w: {
        "pk": w.org_a.pk,
        "membership_pk": w.org_a_colleague.pk,
    },
    "accounts:organisation_change_role": lambda w: {
        "pk": w.org_a.pk,
        "membership_pk": w.org_a_colleague.pk,
    },
    # Notifications: team A's porteur's own notification.
    "notifications:mark_read": lambda w: {"pk": w.notification.pk},
    "notifications:open": lambda w: {"pk": w.notification.pk},
    # Forum: team A's private space by default, the public one as a variant.
    "forum:category": lambda w: {"slug": w.private_category.slug},
    "forum:category[public]": lambda w: {"slug": w.public_category.slug},
    "forum:new_topic": lambda w: {"slug": w.private_category.slug},
    "forum:new_topic[public]": lambda w: {"slug": w.public_category.slug},
    "forum:watch_category": lambda w: {"slug": w.private_category.slug},
    "forum:topic": lambda w: {"pk": w.private_topic.pk},
    "forum:topic[public]": lambda w: {"pk": w.public_topic.pk},
    "forum:first_unread": lambda w: {"pk": w.private_topic.pk},
    "forum:reply": lambda w: {"pk": w.private_topic.pk},
    "forum:reply[public]": lambda w: {"pk": w.public_topic.pk},
    "forum:watch_topic": lambda w: {"pk": w.private_topic.pk},
    "forum:posts_after": lambda w: {"pk": w.private_topic.pk},
    "forum:post": lambda w: {"pk": w.private_post.pk},
    "forum:post[public]": lambda w: {"pk": w.public_post.pk},
    "forum:post_fragment": lambda w: {"pk": w.private_post.pk},
    "forum:edit_post": lambda w: {"pk": w.private_post.pk},
    "forum:edit_post[public]": lambda w: {"pk": w.public_post.pk},
    "forum:delete_post": lambda w: {"pk": w.private_post.pk},
    "forum:delete_post[public]": lambda w: {"pk": w.public_post.pk},
    "forum:report_post": lambda w: {"pk": w.private_post.pk},
    "forum:report_post[public]": lambda w: {"pk": w.public_post.pk},
    "forum:history": lambda w: {"pk": w.private_post.pk},
    "forum:attachment": lambda w: {"pk": w.attachment.pk},
    "forum:open_space": lambda w: {"project_id": w.project_a.pk},
    # Forum moderation screens, our own views inside the Wagtail admin.
    "forum_moderation:post_action": lambda w: {"pk": w.private_post.pk},
    "forum_moderation:topic": lambda w: {"pk": w.private_topic.pk},
    # Applicant side: the submitted VIURE dossier, the draft as a variant.
    "tracking_applicant:start": lambda w: {"call_pk": w.viure.pk},
    "tracking_applicant:detail": _app(lambda w: w.app_submitted),
    "tracking_applicant:detail[brouillon]": _app(lambda w: w.app_draft),
    "tracking_applicant:step": lambda w: {"pk": w.app_draft.pk, "slug": "structure"},
    "tracking_applicant:submit": _app(lambda w: w.app_draft),
    "tracking_applicant:accept_late": _app(lambda w: w.app_draft),
    "tracking_applicant:withdraw": _app(lambda w: w.app_submitted),
    "tracking_applicant:receipt": _app(lambda w: w.app_submitted),
    "tracking_applicant:receipt[brouillon]": _app(lambda w: w.app_draft),
    "tracking_applicant:detail[decision]": _app(lambda w: w.app_decided),
    "tracking_applicant:withdraw[decision]": _app(lambda w: w.app_decided),
    "tracking_applicant:decision_pdf": _app(lambda w: w.app_decided),
    "tracking_applicant:decision_pdf[sans-decision]": _app(lambda w: w.app_submitted),
    "tracking_staff:detail[decision]": _app(lambda w: w.app_decided),
    "tracking_applicant:document_delete": lambda w: {
        "pk": w.app_draft.pk,
        "token": w.draft_document.token,
    },
    "tracking_applicant:request_upload": lambda w: {
        "pk": w.app_submitted.pk,
        "request_pk": w.document_request.pk,
    },
    "tracking_applicant:document": lambda w: {"token": w.document.token},
    "tracking_applicant:document[interne]": lambda w: {"token": w.staff_document.token},
    "tracking_applicant:document[brouillon]": lambda w: {"token": w.draft_document.token},
    # Staff side: the submitted VIURE dossier, the draft as a variant where it matters.
    "tracking_staff:export": lambda w: {"fmt": "xlsx"},
    "tracking_staff:export[csv]": lambda w: {"fmt": "csv"},
    "tracking_staff:detail": _app(lambda w: w.app_submitted),
    "tracking_staff:detail[brouillon]": _app(lambda w: w.app_draft),
    "tracking_staff:pdf": _app(lambda w: w.app_submitted),
    "tracking_staff:move": _app(lambda w: w.app_submitted),
    "tracking_staff:outcome": _app(lambda w: w.app_submitted),
    "tracking_staff:comment": _app(lambda w: w.app_submitted),
    "tracking_staff:request_document": _app(lambda w: w.app_submitted),
    "tracking_staff:staff_in_charge": _app(lambda w: w.app_submitted),
    "tracking_staff:reviewers": _app(lambda w: w.app_submitted),
    "tracking_staff:review": lambda w: {"pk": w.app_submitted.pk, "review_pk": w.review.pk},
    "tracking_staff:meeting_add": _app(lambda w: w.app_submitted),
    "tracking_staff:meeting": lambda w: {"pk": w.app_submitted.pk, "meeting_pk": w.meeting.pk},
    "tracking_staff:meeting_invite": lambda w: {
        "pk": w.app_submitted.pk,
        "meeting_pk": w.meeting.pk,
    },
    "tracking_staff:meeting_ics": lambda w: {
        "pk": w.app_submitted.pk,
        "meeting_pk": w.meeting.pk,
    },
    "tracking_staff:decision": _app(lambda w: w.app_submitted),
    "tracking_staff:decision_correct": _app(lambda w: w.app_submitted),
    "tracking_staff:decision_annul": _app(lambda w: w.app_submitted),
    "tracking_staff:revert": _app(lambda w: w.app_submitted),
    "tracking_staff:document": lambda w: {"pk": w.app_submitted.pk, "token": w.document.token},
    "tracking_staff:document[interne]": lambda w: {
        "pk": w.app_submitted.pk,
        "token": w.staff_document.token,
    },
    "tracking_staff:document[brouillon]": lambda w: {
        "pk": w.app_draft.pk,
        "token": w.draft_document.token,
    },
    # Loan guarantees: the submitted guarantee dossier, the draft as a variant.
    "loan_guarantees:loans": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:loans[brouillon]": _app(lambda w: w.guarantee_draft),
    "loan_guarantees:loan_row": _app(lambda w: w.guarantee_draft),
    "loan_guarantees:loan_preview": lambda w: {
        "pk": w.guarantee_draft.pk,
        "_query": "prefix=loans-0",
    },
    "loan_guarantees:schedule_xlsx": lambda w: {
        "pk": w.guarantee_submitted.pk,
        "loan_pk": w.guarantee_loan.pk,
    },
    "loan_guarantees:instruction": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:exemption": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:quotites": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:freeze": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:follow_up": _app(lambda w: w.guarantee_submitted),
    "loan_guarantees:guarantee_claim": _app(lambda w: w.guarantee_submitted),
    # Staff lists of the Wagtail admin, as CSV exports (personal data).
    "structures:index[export]": lambda w: {"_query": "export=csv"},
    "event_registrations:index[export]": lambda w: {"_query": "export=csv"},
    "forum_moderation_log:index[export]": lambda w: {"_query": "export=csv"},
    # Routes of Wagtail routable pages.
    "page:projects.ProjectIndexPage:team": lambda w: {
        "_page": w.project_index,
        "project_id": w.project_a.pk,
    },
    "page:projects.ProjectIndexPage:team[non publié]": lambda w: {
        "_page": w.project_index,
        "project_id": w.project_a_unpublished.pk,
    },
    "page:projects.ProjectIndexPage:invitation": lambda w: {
        "_page": w.project_index,
        "token": str(w.invitation.token),
    },
    "page:resources.ResourceIndexPage:theme_feed_rss": lambda w: {
        "_page": w.resource_index,
        "theme": "juridique",
    },
    "page:resources.ResourceIndexPage:theme_feed_atom": lambda w: {
        "_page": w.resource_index,
        "theme": "juridique",
    },
    "page:resources.ResourcePage:download": lambda w: {
        "_page": w.resource,
        "attachment_id": w.resource_attachment.pk,
    },
}

# Which page serves the parameterless routes of each routable page model.
ROUTABLE_PAGE = {
    "projects.ProjectIndexPage": lambda w: w.project_index,
    "projects.ProjectPage": lambda w: w.project_a,
    "events.EventIndexPage": lambda w: w.agenda,
    "events.EventPage": lambda w: w.event,
    "resources.ResourceIndexPage": lambda w: w.resource_index,
    "resources.ResourcePage": lambda w: w.resource,
}

# One page of each type (the key of the page table), plus unpublished ones of team A.
PAGE_OBJECTS = {
    "home.HomePage": lambda w: w.home,
    "home.LegalPage": lambda w: _first_child(w.home, "home.LegalPage"),
    "home.AccessibilityPage": lambda w: _first_child(w.home, "home.AccessibilityPage"),
    "events.EventIndexPage": lambda w: w.agenda,
    "events.EventPage": lambda w: w.event,
    "projects.ProjectIndexPage": lambda w: w.project_index,
    "projects.ProjectPage": lambda w: w.project_a,
    "projects.ProjectPage[non publié]": lambda w: w.project_a_unpublished,
    "tracking.CallIndexPage": lambda w: w.call_index,
    "tracking.CallPage": lambda w: w.viure_page,
    "resources.ResourceIndexPage": lambda w: w.resource_index,
    "resources.ResourcePage": lambda w: w.resource,
}


def _first_child(page, label):
    from django.apps import apps

    model = apps.get_model(label)
    return model.objects.child_of(page).first()
