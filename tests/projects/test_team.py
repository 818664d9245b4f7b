import re
from html import unescape

import pytest
from django.core import mail

from projects.models import ProjectInvitation, ProjectTeamMember
from tests.factories import UserFactory

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(index, user):
    return ProjectPageFactory(parent=index, live=False, team=[user])


def test_team_admin_invites_by_email_and_the_invitee_joins(client, project, user):
    client.force_login(user)
    response = client.post(f"/projets/equipe/{project.pk}/", {"email": "Nouvelle@Exemple.fr"})
    assert response.status_code == 302
    invitation = ProjectInvitation.objects.get()
    assert invitation.email == "nouvelle@exemple.fr"
    assert mail.outbox[-1].to == ["nouvelle@exemple.fr"]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    assert link.endswith(f"/projets/invitation/{invitation.token}/")

    invitee = UserFactory(email="nouvelle@exemple.fr")
    client.force_login(invitee)
    path = link.split("testserver", 1)[1]
    assert "Rejoindre l'équipe" in unescape(client.get(path).content.decode())
    response = client.post(path)
    assert response.status_code == 302
    assert project.team.memberships.filter(
        user=invitee, role=ProjectTeamMember.Role.MEMBER
    ).exists()
    # The new member edits the page in the Wagtail admin.
    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code == 200


def test_invitation_link_is_refused_to_another_account(client, project, user):
    client.force_login(user)
    client.post(f"/projets/equipe/{project.pk}/", {"email": "invitee@exemple.fr"})
    invitation = ProjectInvitation.objects.get()
    assert_refused_the_invitation(client, UserFactory(), invitation, project)


def assert_refused_the_invitation(client, account, invitation, project):
    client.force_login(account)
    response = client.post(f"/projets/invitation/{invitation.token}/")
    assert response.status_code == 403
    assert "une autre adresse e-mail" in response.content.decode()
    assert not project.team.memberships.filter(user=account).exists()


def test_invalid_invitation_email_is_reported_at_the_field(client, project, user):
    client.force_login(user)
    response = client.post(f"/projets/equipe/{project.pk}/", {"email": "pas-une-adresse"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saisissez une adresse e-mail valide" in html
    assert 'value="pas-une-adresse"' in html


def test_plain_members_cannot_invite_and_strangers_cannot_see_the_team(client, project):
    member = UserFactory()
    from projects import services

    services.team_add_member(project.team, member)
    client.force_login(member)
    assert client.get(f"/projets/equipe/{project.pk}/").status_code == 200
    assert (
        client.post(f"/projets/equipe/{project.pk}/", {"email": "x@exemple.fr"}).status_code == 403
    )
    client.force_login(UserFactory())
    assert client.get(f"/projets/equipe/{project.pk}/").status_code == 403


def test_team_admin_removes_a_member_who_loses_edit_rights(client, project, user):
    from projects import services

    member = UserFactory()
    membership = services.team_add_member(project.team, member)
    client.force_login(user)
    client.post(f"/projets/equipe/{project.pk}/", {"remove": membership.pk})
    assert not project.team.memberships.filter(user=member).exists()
    client.force_login(member)
    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code in (302, 403)


def test_team_member_edits_only_their_own_project(client, index, user):
    mine = ProjectPageFactory(parent=index, team=[user])
    other = ProjectPageFactory(parent=index, team=[UserFactory()])
    client.force_login(user)
    assert client.get(f"/admin/pages/{mine.pk}/edit/").status_code == 200
    for url in (
        f"/admin/pages/{other.pk}/edit/",
        f"/admin/pages/{other.pk}/delete/",
        f"/admin/pages/{other.pk}/unpublish/",
        f"/admin/pages/{index.pk}/add_subpage/",
        f"/admin/pages/{index.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(f"/admin/pages/{other.pk}/edit/", {"title": "Piraté"})
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title != "Piraté"
    # The explorer lists their page only.
    html = client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert f"/admin/pages/{other.pk}/edit/" not in html


def test_other_members_are_refused_the_admin(client, index):
    page = ProjectPageFactory(parent=index, team=[UserFactory()])
    client.force_login(UserFactory())
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)


def test_an_address_set_without_verification_neither_gets_nor_opens_an_invitation(
    client, project, user
):
    """#15 finding 1: an account whose ``User.email`` was changed without allauth's
    verification (as the Wagtail account page used to allow) is not the invitee."""
    from labo.notifications.models import Notification

    claimer = UserFactory()
    claimer.email = "cible@exemple.fr"  # no verified EmailAddress for it
    claimer.save(update_fields=["email"])
    client.force_login(user)
    client.post(f"/projets/equipe/{project.pk}/", {"email": "cible@exemple.fr"})
    invitation = ProjectInvitation.objects.get()
    assert not Notification.objects.filter(recipient=claimer).exists()
    assert_refused_the_invitation(client, claimer, invitation, project)


def test_an_invited_account_opens_the_invitation_from_its_notification(client, project, user):
    """The notification of an existing account leads to the invitation, in the app (the
    notification redirect only follows local paths)."""
    from labo.notifications.models import Notification

    invitee = UserFactory(email="deja-inscrite@exemple.fr")
    client.force_login(user)
    client.post(f"/projets/equipe/{project.pk}/", {"email": "deja-inscrite@exemple.fr"})
    invitation = ProjectInvitation.objects.get()
    notification = Notification.objects.get(recipient=invitee, kind="project_invitation")
    client.force_login(invitee)
    response = client.get(f"/notifications/{notification.pk}/ouvrir/")
    assert response.status_code == 302
    assert response["Location"] == f"/projets/invitation/{invitation.token}/"
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Rejoindre l'équipe" in page
