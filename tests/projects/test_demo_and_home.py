import pytest

from projects import services
from projects.models import ProjectPage

pytestmark = pytest.mark.django_db


def test_demo_projects_cover_occitanie_and_every_stage(demo, client):
    projects = ProjectPage.objects.all()
    assert 20 <= projects.count() <= 30
    assert projects.values("commune__departement").distinct().count() == 13
    assert projects.values("stage").distinct().count() == 7
    statuses = set(services.statuses(projects).values())
    assert {services.Status.PUBLISHED, services.Status.IN_REVIEW} <= statuses
    assert ProjectPage.objects.filter(team__memberships__user__email="porteur@labo.demo").exists()
    assert all(page.main_image_id for page in projects)

    home = client.get("/").content.decode()
    assert "Derniers projets publiés" in home
    assert "Ils recherchent des foyers" in home
    assert "31 – Haute-Garonne" in home
    directory = client.get("/projets/?departement=46").content.decode()
    assert "Le Hameau du Célé" in directory


def test_dashboard_lists_my_projects_with_their_status(client, index, user):
    from .factories import ProjectPageFactory

    ProjectPageFactory(parent=index, title="Mon projet publié", team=[user])
    ProjectPageFactory(parent=index, title="Mon brouillon", live=False, team=[user])
    ProjectPageFactory(parent=index, title="Pas le mien")
    client.force_login(user)
    html = client.get("/mon-espace/").content.decode()
    assert "Mes projets" in html
    assert "Mon projet publié" in html and "Publié" in html
    assert "Mon brouillon" in html and "Brouillon" in html
    assert "Pas le mien" not in html
    assert 'href="/projets/creer/"' in html


def test_contact_form_emails_the_team_without_showing_addresses(client, index, user):
    from django.core import mail

    from .factories import ProjectPageFactory

    page = ProjectPageFactory(parent=index, team=[user])
    assert user.email not in client.get(page.url).content.decode()
    response = client.post(
        f"{page.url}contact/",
        {"name": "Alex", "email": "alex@exemple.fr", "message": "Bonjour, je suis intéressé."},
    )
    assert response.status_code == 302
    assert mail.outbox[-1].bcc == [user.email]
    assert mail.outbox[-1].reply_to == ["alex@exemple.fr"]
    response = client.post(
        f"{page.url}contact/", {"name": "Alex", "email": "faux", "message": "Texte gardé"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in html
    assert "Texte gardé" in html


def test_a_title_with_line_breaks_still_gives_one_line_subjects(client, index, user):
    """Titles typed today refuse line breaks (labo.core.validators); one saved before, or by
    code, must not break the e-mails that quote it (a CR/LF in a subject raised)."""
    from django.core import mail

    from .factories import ProjectPageFactory

    page = ProjectPageFactory(parent=index, team=[user], title="Les Tilleuls\r\nBcc: x@exemple.fr")
    response = client.post(
        f"{page.url}contact/",
        {"name": "Alex", "email": "alex@exemple.fr", "message": "Bonjour."},
    )
    assert response.status_code == 302
    assert mail.outbox[-1].subject.endswith(
        "Message pour le projet « Les Tilleuls Bcc: x@exemple.fr »"
    )
    assert mail.outbox[-1].message()["Bcc"] is None or "x@exemple.fr" not in str(
        mail.outbox[-1].message()["Bcc"]
    )
    services.invitation_send(
        team=page.team, email="nouvelle@exemple.fr", invited_by=user, accept_url=lambda i: "/"
    )
    assert "\n" not in mail.outbox[-1].subject
