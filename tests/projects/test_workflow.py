import pytest

from labo.notifications.models import Notification
from projects import services

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(index, user, animateur):
    page = ProjectPageFactory(parent=index, live=False, team=[user])
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    return page


def test_submission_is_in_validation_and_animateurs_are_told(submitted, animateur, client, user):
    assert services.statuses([submitted])[submitted.pk] == services.Status.IN_REVIEW
    assert Notification.objects.filter(recipient=animateur, kind="project_validation").exists()
    client.force_login(user)
    assert "En validation" in client.get("/mon-espace/").content.decode()


def test_approval_publishes_notifies_team_and_allows_direct_publication(submitted, animateur, user):
    submitted.current_workflow_task_state.approve(user=animateur, comment="Bravo")
    submitted.refresh_from_db()
    assert submitted.live
    note = Notification.objects.get(recipient=user, kind="project_validation")
    assert "a validé" in note.message
    assert submitted.team.can_publish
    assert submitted.permissions_for_user(user).can_publish()
    # Later edits: published directly by the team, kept as revisions.
    submitted.summary = "Nouveau résumé"
    submitted.save_revision(user=user).publish(user=user)
    assert submitted.revisions.count() >= 2


def test_rejection_sends_the_comment_to_the_team(submitted, animateur, user):
    assert not submitted.permissions_for_user(user).can_publish()
    submitted.current_workflow_task_state.reject(user=animateur, comment="Ajoutez des photos")
    submitted.refresh_from_db()
    assert not submitted.live
    note = Notification.objects.get(recipient=user, kind="project_validation")
    assert "demande des modifications" in note.message
    assert "Ajoutez des photos" in note.message
    assert services.statuses([submitted])[submitted.pk] == services.Status.CHANGES_REQUESTED


def test_approval_through_the_admin(client, submitted, animateur, user):
    client.force_login(animateur)
    task_state = submitted.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/",
        {"comment": "Validé"},
    )
    assert response.status_code in (200, 302)
    submitted.refresh_from_db()
    assert submitted.live
    assert Notification.objects.filter(recipient=user, kind="project_validation").exists()
