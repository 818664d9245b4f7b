"""Stage meetings and their invitations (.ics attached); minutes stay internal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from projects.tracking.models import Meeting

from .factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db


def test_a_meeting_is_planned_and_invitations_carry_an_ics(
    client, animateur, django_capture_on_commit_callbacks
):
    application = dossier_at("entretien-prealable")
    porteur = porteur_of(application)
    client.force_login(animateur)
    starts = (timezone.localtime() + timedelta(days=7)).replace(hour=14, minute=30)
    response = client.post(
        reverse("tracking_staff:meeting_add", args=[application.pk]),
        {
            "kind": "entretien",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "location": "CRESS Occitanie, Montpellier",
            "participants": [animateur.pk, porteur.pk],
            "agenda": "Présentation du projet",
            "minutes": "Notes internes sensibles",
        },
        follow=True,
    )
    assert "Réunion enregistrée" in response.content.decode()
    meeting = Meeting.objects.get(application=application)
    assert set(meeting.participants.all()) == {animateur, porteur}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tracking_staff:meeting_invite", args=[application.pk, meeting.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([animateur.email, porteur.email])
    message = next(m for m in mail.outbox if m.to == [porteur.email])
    assert "Présentation du projet" in message.body
    assert "sensibles" not in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    event = next(iter(calendar.walk("VEVENT")))
    assert b"sensibles" not in (content if isinstance(content, bytes) else content.encode())
    assert event["location"] == "CRESS Occitanie, Montpellier"
    assert timezone.localtime(event.decoded("dtstart")).hour == 14
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None


def test_a_meeting_needs_a_place_or_a_visio(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    response = client.post(
        reverse("tracking_staff:meeting_add", args=[application.pk]),
        {"kind": "entretien", "starts_at": "2026-12-01T10:00", "duration_minutes": 60},
        follow=True,
    )
    assert "Indiquez un lieu ou un lien de visio" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_standing_committee_stores_the_deliberation(client, instructeur):
    application = dossier_at("commission-permanente")
    client.force_login(instructeur)
    client.post(
        reverse("tracking_staff:meeting_add", args=[application.pk]),
        {
            "kind": "cp",
            "starts_at": "2026-12-12T09:30",
            "duration_minutes": 120,
            "location": "Hôtel de Région, Toulouse",
            "deliberation_date": "2026-12-12",
            "deliberation_number": "CP/2026-12/04.12",
        },
    )
    # The earlier stages' meetings were held on the way here: this is the committee's.
    meeting = Meeting.objects.get(application=application, kind="cp")
    client.post(
        reverse("tracking_staff:meeting", args=[application.pk, meeting.pk]),
        {
            "kind": "cp",
            "starts_at": "2026-12-12T09:30",
            "duration_minutes": 120,
            "location": "Hôtel de Région, Toulouse",
            "deliberation_date": "2026-12-12",
            "deliberation_number": "CP/2026-12/04.13",
            "outcome": "Voté",
        },
    )
    meeting.refresh_from_db()
    assert (meeting.deliberation_number, meeting.outcome) == ("CP/2026-12/04.13", "Voté")
    ics = client.get(reverse("tracking_staff:meeting_ics", args=[application.pk, meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
