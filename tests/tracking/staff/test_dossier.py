"""The dossier page and its actions: transitions by role with the expected stage, outcomes,
stale clicks, comments with visibility, document requests, staff in charge."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from labo.notifications.models import Notification
from projects.tracking.models import Comment, HistoryEntry, Outcome, Visibility
from projects.tracking.presets import guarantee_scheme
from tests.factories import HOSTILE
from tests.tracking.guards import satisfy_guards

from .factories import dossier_at, immediate_emails, porteur_of, stage

pytestmark = pytest.mark.django_db


def detail(application):
    return reverse("tracking_staff:detail", args=[application.pk])


def move(client, application, expected=None, to=None, **data):
    from projects.tracking import workflow

    target = to or workflow.next_stage(application)
    return client.post(
        reverse("tracking_staff:move", args=[application.pk]),
        {
            "expected_stage_id": expected or application.stage_id,
            "to_stage_id": target.pk,
            "visibility": data.pop("visibility", Visibility.INTERNAL),
            **data,
        },
        follow=True,
    )


def test_the_page_shows_the_dossier_escaped(client, animateur):
    application = dossier_at("depose")
    client.force_login(animateur)
    response = client.get(detail(application))
    content = response.content.decode()
    assert application.reference in content
    assert HOSTILE not in content
    assert "&lt;script&gt;" in content
    assert 'name="expected_stage_id"' in content
    assert "Passer à l'étape « Entretien préalable (CRESS) »" in content


def test_the_animateur_moves_a_submitted_dossier_and_the_applicant_is_told(client, animateur):
    application = dossier_at("depose")
    client.force_login(animateur)
    response = move(client, application, comment="Rendez-vous le 3", visibility=Visibility.SHARED)
    assert "Le dossier est passé à l&#x27;étape" in response.content.decode()
    application.refresh_from_db()
    assert application.stage.code == "entretien-prealable"
    entry = application.history.get(kind=HistoryEntry.Kind.TRANSITION)
    assert (entry.actor, entry.from_stage.code, entry.comment) == (
        animateur,
        "depose",
        "Rendez-vous le 3",
    )
    notification = Notification.objects.filter(recipient=porteur_of(application)).latest("pk")
    assert "Entretien préalable avec la CRESS" in notification.message
    assert "Rendez-vous le 3" in notification.message


def test_an_internal_transition_comment_is_not_sent_to_the_applicant(
    client, animateur, django_capture_on_commit_callbacks
):
    application = dossier_at("depose")
    immediate_emails(porteur_of(application))
    client.force_login(animateur)
    with django_capture_on_commit_callbacks(execute=True):
        move(client, application, comment="Équipe fragile, à surveiller")
    assert len(mail.outbox) == 1  # the stage change itself is e-mailed
    messages = Notification.objects.filter(recipient=porteur_of(application))
    assert not any("fragile" in n.message for n in messages)
    assert not any("fragile" in str(m.body) for m in mail.outbox)


def test_the_instructeur_may_not_move_a_dossier_out_of_the_cress_stage(client, instructeur):
    application = dossier_at("depose")
    client.force_login(instructeur)
    content = client.get(detail(application)).content.decode()
    assert "Votre rôle ne permet pas" in content
    response = move(client, application)
    assert "Votre rôle ne permet pas" in response.content.decode()
    application.refresh_from_db()
    assert application.stage.code == "depose"


@pytest.mark.parametrize(
    ("code", "role_ok", "role_refused"),
    [
        ("depose", "animateur", "instructeur"),
        ("entretien-prealable", "animateur", "instructeur"),
        ("pre-audition", "instructeur", "animateur"),
        ("agora", "instructeur", "animateur"),
        ("selection", "instructeur", "animateur"),
        ("convention", "instructeur", "animateur"),
        ("versement", "instructeur", "animateur"),
    ],
)
def test_every_stage_is_left_by_its_configured_role(client, request, code, role_ok, role_refused):
    application = satisfy_guards(dossier_at(code))
    client.force_login(request.getfixturevalue(role_refused))
    move(client, application)
    application.refresh_from_db()
    assert application.stage.code == code
    client.force_login(request.getfixturevalue(role_ok))
    move(client, application)
    application.refresh_from_db()
    assert application.stage.code != code


def test_the_administrator_moves_from_any_stage(client, administrateur):
    application = satisfy_guards(dossier_at("pre-audition"))
    client.force_login(administrateur)
    move(client, application)
    application.refresh_from_db()
    assert application.stage.code == "agora"


def test_a_final_dossier_cannot_move(client, administrateur):
    application = dossier_at("suivi")
    client.force_login(administrateur)
    content = client.get(detail(application)).content.decode()
    assert "Passer à l" not in content
    assert "Ce dossier est clos" in content or "Clore le dossier" not in content


def test_skipping_a_stage_is_refused(client, animateur):
    application = dossier_at("depose")
    client.force_login(animateur)
    response = move(client, application, to=stage(application.call, "agora"))
    assert "ne peut aller qu&#x27;à l&#x27;étape suivante" in response.content.decode()


def test_a_stale_click_gets_a_clear_french_message(client, animateur):
    application = dossier_at("depose")
    seen = application.stage_id
    client.force_login(animateur)
    move(client, application, expected=seen)
    application.refresh_from_db()
    response = move(client, application, expected=seen, to=stage(application.call, "pre-audition"))
    assert "a changé d&#x27;étape entre-temps" in response.content.decode()
    assert application.history.filter(kind=HistoryEntry.Kind.TRANSITION).count() == 1


def post_outcome(client, application, **data):
    return client.post(
        reverse("tracking_staff:outcome", args=[application.pk]),
        {"expected_stage_id": application.stage_id, "visibility": Visibility.SHARED, **data},
        follow=True,
    )


def test_not_selected_closes_and_tells_the_applicant(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    post_outcome(client, application, outcome=Outcome.NOT_SELECTED, comment="Trop tôt")
    application.refresh_from_db()
    assert application.outcome == Outcome.NOT_SELECTED
    notification = Notification.objects.filter(recipient=porteur_of(application)).latest("pk")
    assert "non retenu" in notification.message and "Trop tôt" in notification.message


def test_redirection_needs_a_scheme(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    response = post_outcome(client, application, outcome=Outcome.REDIRECTED)
    assert "Indiquez le dispositif" in response.content.decode()
    application.refresh_from_db()
    assert application.outcome == ""
    post_outcome(
        client, application, outcome=Outcome.REDIRECTED, redirected_to=guarantee_scheme().pk
    )
    application.refresh_from_db()
    assert application.outcome == Outcome.REDIRECTED
    assert application.redirected_to.short_name == "GAR"


def test_refused_outcome_by_the_wrong_role_is_refused_in_french(client, animateur):
    application = dossier_at("pre-audition")
    client.force_login(animateur)
    response = post_outcome(client, application, outcome=Outcome.REFUSED)
    assert "Votre rôle ne permet pas" in response.content.decode()
    application.refresh_from_db()
    assert application.outcome == ""


def test_comments_internal_and_shared(client, animateur, django_capture_on_commit_callbacks):
    application = dossier_at("entretien-prealable")
    porteur = immediate_emails(porteur_of(application))
    client.force_login(animateur)
    url = reverse("tracking_staff:comment", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Note interne confidentielle", "visibility": Visibility.INTERNAL})
        client.post(url, {"body": "Merci pour votre venue", "visibility": Visibility.SHARED})
    assert any("Merci pour votre venue" in str(m.body) for m in mail.outbox)
    assert Comment.objects.filter(application=application).count() == 2
    messages = [n.message for n in Notification.objects.filter(recipient=porteur)]
    assert any("Merci pour votre venue" in m for m in messages)
    assert not any("confidentielle" in m for m in messages)
    assert not any("confidentielle" in str(m.body) for m in mail.outbox)
    content = client.get(detail(application)).content.decode()
    assert "Note interne confidentielle" in content and "partagé avec le candidat" in content


def test_the_applicant_page_never_shows_internal_items(client, animateur):
    """The applicant's own dossier page (applicant side) must not show internal comments,
    reviews or minutes; checked when that page exists."""
    from django.urls import NoReverseMatch

    from projects.tracking.models import Meeting, Review

    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    client.post(
        reverse("tracking_staff:comment", args=[application.pk]),
        {"body": "Note interne confidentielle", "visibility": Visibility.INTERNAL},
    )
    Review.objects.create(
        application=application,
        reviewer=animateur,
        recommendation="defavorable",
        comment="Avis confidentiel",
        submitted_at=timezone.now(),
    )
    Meeting.objects.create(
        application=application, kind="entretien", starts_at=timezone.now(),
        location="CRESS", minutes="Compte rendu confidentiel",
    )  # fmt: skip
    try:
        url = reverse("tracking_applicant:detail", args=[application.pk])
    except NoReverseMatch:
        pytest.skip("La page candidat n'existe pas encore.")
    client.force_login(porteur_of(application))
    response = client.get(url)
    assert response.status_code == 200
    assert "confidentiel" not in response.content.decode()
    notifications = client.get(reverse("notifications:list")).content.decode()
    assert "confidentiel" not in notifications


def test_document_request_notifies_the_applicant(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    due = timezone.localdate() + timedelta(days=15)
    client.post(
        reverse("tracking_staff:request_document", args=[application.pk]),
        {"label": "Bilan 2024", "message": "Merci", "due_date": due.isoformat()},
    )
    assert application.document_requests.get().label == "Bilan 2024"
    notification = Notification.objects.filter(recipient=porteur_of(application)).latest("pk")
    assert "Bilan 2024" in notification.message and due.strftime("%d/%m/%Y") in notification.message


def test_document_request_in_the_past_is_refused(client, animateur):
    application = dossier_at("entretien-prealable")
    client.force_login(animateur)
    response = client.post(
        reverse("tracking_staff:request_document", args=[application.pk]),
        {"label": "Bilan", "due_date": "2020-01-01"},
        follow=True,
    )
    assert "ne peut pas être passée" in response.content.decode()
    assert not application.document_requests.exists()


def test_staff_in_charge_and_overdue_flag(client, animateur, instructeur):
    application = dossier_at("entretien-prealable")
    application.stage_due_at = timezone.now() - timedelta(days=1)
    application.save()
    client.force_login(animateur)
    client.post(
        reverse("tracking_staff:staff_in_charge", args=[application.pk]),
        {"staff_in_charge": instructeur.pk},
    )
    application.refresh_from_db()
    assert application.staff_in_charge == instructeur
    assert Notification.objects.filter(recipient=instructeur, kind="tracking.assigned").exists()
    assert "en retard" in client.get(detail(application)).content.decode()


def test_document_download_for_staff(client, animateur):
    from tests.tracking.factories import ApplicationDocumentFactory

    application = dossier_at("depose")
    document = ApplicationDocumentFactory(application=application)
    client.force_login(animateur)
    response = client.get(reverse("tracking_staff:document", args=[application.pk, document.token]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # The same protections as the applicant's download: never cached, sniffed or run.
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment")
    assert reverse("tracking_staff:document", args=[application.pk, document.token]) in (
        client.get(detail(application)).content.decode()
    )
