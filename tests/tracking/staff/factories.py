"""Helpers of the staff-side tests: a submitted dossier moved to a given stage, staff
members with their roles."""

from django.contrib.auth.models import Group

from labo.accounts import roles
from projects.tracking.models import CallStage
from tests.factories import UserFactory
from tests.tracking.factories import open_viure_call, submitted_application
from tests.tracking.guards import advance


def with_role(role_name, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role_name))
    return user


def stage(call, code):
    return CallStage.objects.get(call=call, code=code)


def dossier_at(code="depose", call=None, **fields):
    """A submitted dossier moved (by an administrator) up to the stage ``code``."""
    application = submitted_application(call or current_call(), **fields)
    admin = with_role(roles.ADMINISTRATEUR)
    while application.stage.code != code:
        advance(application, admin)
    return application


def porteur_of(application):
    return application.project.team.members.first()


def current_call():
    from django.utils import timezone

    from projects.tracking.models import Call

    return (
        Call.objects.filter(scheme__short_name="VIURE", year=timezone.now().year).first()
        or open_viure_call()
    )


def immediate_emails(user):
    """The user asked for each notification by e-mail at once (default: daily digest)."""
    from labo.notifications.models import NotificationPreference
    from labo.notifications.services import get_preference

    preference = get_preference(user)
    preference.email_frequency = NotificationPreference.EmailFrequency.IMMEDIATELY
    preference.save()
    return user
