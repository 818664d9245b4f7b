"""Every staff view answers 403 to logged-in users without a staff role, sends visitors to
the login page, and 404 for a draft or another call's objects."""

import pytest
from django.urls import reverse

from projects.tracking.models import Meeting
from tests.factories import UserFactory
from tests.tracking.factories import ApplicationDocumentFactory, draft_application

from .factories import dossier_at, porteur_of

pytestmark = pytest.mark.django_db


def staff_urls(application, meeting, document):
    pk = application.pk
    return [
        ("get", reverse("tracking_staff:list")),
        ("get", reverse("tracking_staff:export", args=["csv"])),
        ("get", reverse("tracking_staff:export", args=["xlsx"])),
        ("get", reverse("tracking_staff:board")),
        ("get", reverse("tracking_staff:stats")),
        ("get", reverse("tracking_staff:stats_export")),
        ("get", reverse("tracking_staff:detail", args=[pk])),
        ("get", reverse("tracking_staff:pdf", args=[pk])),
        ("post", reverse("tracking_staff:move", args=[pk])),
        ("post", reverse("tracking_staff:outcome", args=[pk])),
        ("post", reverse("tracking_staff:comment", args=[pk])),
        ("post", reverse("tracking_staff:request_document", args=[pk])),
        ("post", reverse("tracking_staff:staff_in_charge", args=[pk])),
        ("post", reverse("tracking_staff:reviewers", args=[pk])),
        ("post", reverse("tracking_staff:review", args=[pk, 1])),
        ("post", reverse("tracking_staff:meeting_add", args=[pk])),
        ("get", reverse("tracking_staff:meeting", args=[pk, meeting.pk])),
        ("post", reverse("tracking_staff:meeting_invite", args=[pk, meeting.pk])),
        ("get", reverse("tracking_staff:meeting_ics", args=[pk, meeting.pk])),
        ("post", reverse("tracking_staff:decision", args=[pk])),
        ("get", reverse("tracking_staff:document", args=[pk, document.token])),
    ]


@pytest.fixture
def objects():
    application = dossier_at("entretien-prealable")
    meeting = Meeting.objects.create(
        application=application, kind="entretien", starts_at=application.submitted_at,
        location="CRESS", agenda="Ordre du jour",
    )  # fmt: skip
    document = ApplicationDocumentFactory(application=application)
    return application, meeting, document


def test_the_applicant_and_members_get_403_everywhere(client, objects):
    application, meeting, document = objects
    for user in (porteur_of(application), UserFactory()):
        client.force_login(user)
        for method, url in staff_urls(application, meeting, document):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (user, url)


def test_visitors_are_sent_to_the_login_page(client, objects):
    for method, url in staff_urls(*objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/compte/login/" in response["Location"]


def test_staff_reach_every_page(client, animateur, objects):
    client.force_login(animateur)
    for method, url in staff_urls(*objects):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_drafts_and_unknown_objects_are_404_for_staff(client, animateur, objects):
    application, meeting, document = objects
    draft = draft_application(call=application.call)
    other = dossier_at("depose")
    client.force_login(animateur)
    assert client.get(reverse("tracking_staff:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("tracking_staff:pdf", args=[draft.pk])).status_code == 404
    assert client.get(reverse("tracking_staff:detail", args=[999999])).status_code == 404
    # A meeting or a document reached through another dossier's URL.
    assert (
        client.get(reverse("tracking_staff:meeting", args=[other.pk, meeting.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("tracking_staff:document", args=[other.pk, document.token])).status_code
        == 404
    )
