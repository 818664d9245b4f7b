"""Daily reminder to the staff in charge of overdue dossiers; once a day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labo.notifications.models import Notification
from projects.tracking.models import Application
from projects.tracking.staff.reminders import KIND, send_overdue_reminders

from .factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db


def test_overdue_dossiers_are_reminded_once_a_day(instructeur, animateur):
    late = dossier_at("entretien-prealable")
    on_time = dossier_at("entretien-prealable")
    orphan = dossier_at("depose")
    Application.objects.filter(pk=late.pk).update(
        staff_in_charge=instructeur, stage_due_at=timezone.now() - timedelta(days=3)
    )
    Application.objects.filter(pk=on_time.pk).update(staff_in_charge=instructeur)
    Application.objects.filter(pk=orphan.pk).update(stage_due_at=timezone.now() - timedelta(days=1))
    assert send_overdue_reminders() == 2
    reminder = Notification.objects.get(recipient=instructeur, kind=KIND)
    assert late.reference in reminder.message and on_time.reference not in reminder.message
    assert orphan.reference in Notification.objects.get(recipient=animateur, kind=KIND).message
    assert not Notification.objects.filter(recipient=porteur_of(late), kind=KIND).exists()
    assert send_overdue_reminders() == 0
