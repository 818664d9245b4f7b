"""Factories of calls and dossiers. ``open_viure_call()`` builds an edition with the
preset VIURE pipeline, criteria and documents, as staff would in the admin."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from projects.tracking import presets, workflow
from projects.tracking.models import Application, ApplicationDocument, Review
from tests.factories import HOSTILE, OrganisationFactory, UserFactory
from tests.projects.factories import ProjectPageFactory


def open_viure_call(year=None, **fields):
    now = timezone.now()
    year = year or now.year
    return presets.create_call(
        presets.viure_scheme(),
        year=year,
        opens_at=fields.pop("opens_at", now - timedelta(days=30)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        **fields,
    )


def open_guarantee_call(year=None, **fields):
    now = timezone.now()
    return presets.create_call(
        presets.guarantee_scheme(),
        year=year or now.year,
        opens_at=fields.pop("opens_at", now - timedelta(days=30)),
        closes_at=fields.pop("closes_at", now + timedelta(days=300)),
        **fields,
    )


def project_with_team(*members):
    """A live project page whose team is ``members`` (one new porteur if none given)."""
    members = members or (UserFactory(),)
    return ProjectPageFactory(team=list(members))


def draft_application(call=None, project=None, user=None, **fields):
    call = call or open_viure_call()
    if project is None:
        user = user or UserFactory()
        project = project_with_team(user)
    elif user is None:
        user = project.team.members.first()
    application = workflow.create_draft(
        call, project, user, organisation=fields.pop("organisation", None) or OrganisationFactory()
    )
    defaults = {
        "operation_title": f"Opération {HOSTILE}",
        "operation_summary": f"Résumé {HOSTILE}",
        "operation_description": f"Description {HOSTILE}",
        "amount_requested": Decimal("50000.00"),
        "dwellings": 12,
    }
    defaults.update(fields)
    for name, value in defaults.items():
        setattr(application, name, value)
    application.save()
    return application


def submitted_application(call=None, **fields):
    application = draft_application(call, **fields)
    user = application.project.team.members.first()
    return workflow.submit(application, user)


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    file = factory.django.FileField(filename="statuts.pdf", data=b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    original_name = "statuts.pdf"
    content_type = "application/pdf"
    size = 20


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    reviewer = factory.SubFactory(UserFactory)


__all__ = [
    "Application",
    "ApplicationDocumentFactory",
    "ReviewFactory",
    "draft_application",
    "open_guarantee_call",
    "open_viure_call",
    "project_with_team",
    "submitted_application",
]
