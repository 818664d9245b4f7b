import pytest
from django.utils import timezone

from labo.events.models import EventPage, Registration

pytestmark = pytest.mark.django_db


def test_demo_events_are_loaded_once_with_registrations(demo, client):
    events = EventPage.objects.live()
    assert events.count() == 12
    assert events.filter(end__lt=timezone.now()).count() == 4
    assert len(set(events.values_list("departement", flat=True)) - {""}) >= 7
    assert all(
        [org.name for org in event.organisers.all()] == ["CRESS Occitanie"] for event in events
    )
    member = Registration.objects.filter(user__email="membre@labo.demo")
    assert member.count() == 1
    assert member.get().status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(status=Registration.Status.WAITING).count() == 1
    assert client.get("/agenda/").status_code == 200
    assert client.get("/agenda/passes/").status_code == 200
