import pytest
from django.contrib.auth.models import Group

from labo.accounts import roles
from projects.models import ProjectPage, ProjectTeamMember

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {
        "title": "Les Jardins du Lauragais",
        "commune": "Castelnaudary",
        "habitat_type": "",
        "stage": "emergence",
    }
    from projects.models import HabitatType

    data["habitat_type"] = HabitatType.objects.get(slug="participatif").pk
    data.update(overrides)
    return client.post("/projets/creer/", data)


def test_visitors_are_sent_to_the_login_page(client, index):
    response = client.get("/projets/creer/")
    assert response.status_code == 302
    assert response.url.startswith("/compte/login/")


def test_member_creates_a_draft_project_and_becomes_its_team_admin(client, index, user):
    client.force_login(user)
    response = _post(client)
    page = ProjectPage.objects.get(title="Les Jardins du Lauragais")
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    assert page.get_parent().pk == index.pk
    assert page.commune.insee == "11076"
    assert page.owner == user
    assert page.team.memberships.get().role == ProjectTeamMember.Role.ADMIN
    assert user.groups.filter(name=roles.PORTEUR).exists()
    # The team member now edits the draft in the Wagtail admin.
    assert client.get(response.url).status_code == 200


def test_commune_accepts_code_and_suggestion_format(client, index, user):
    client.force_login(user)
    _post(client, title="Projet A", commune="31555")
    _post(client, title="Projet B", commune="Saint-Jean-de-Védas (34270)")
    _post(client, title="Projet C", commune="saint jean de vedas")
    assert set(ProjectPage.objects.values_list("commune_id", flat=True)) == {"31555", "34270"}


@pytest.mark.parametrize(
    ("commune", "message"),
    [
        ("Paris", "ne figure pas dans la liste des communes d&#x27;Occitanie"),
        ("75056", "Aucune commune d&#x27;Occitanie n&#x27;a le code INSEE 75056"),
        ("", "Indiquez la commune du projet"),
    ],
)
def test_unknown_commune_is_refused_at_the_field_and_input_kept(
    client, index, user, commune, message
):
    client.force_login(user)
    response = _post(client, commune=commune, title="Mon beau projet")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html or message.replace("&#x27;", "'") in html
    assert 'value="Mon beau projet"' in html
    assert not ProjectPage.objects.exists()


def test_homonym_communes_ask_for_the_insee_code(client, index, user):
    client.force_login(user)
    html = _post(client, commune="Castelnau").content.decode()
    # Several Occitanie communes share names such as « Saint-Paul »; « Castelnau » may not:
    # use a known homonym if this one is unique.
    if "Plusieurs communes" not in html:
        html = _post(client, commune="Montesquieu").content.decode()
    assert "Plusieurs communes portent ce nom" in html


def test_unknown_choice_values_are_refused_in_french(client, index, user):
    client.force_login(user)
    html = _post(client, stage="fini", habitat_type="999").content.decode()
    assert "Choisissez un stade de la liste" in html
    assert "Choisissez un type d&#x27;habitat de la liste" in html


def test_commune_suggestions(client, index):
    html = client.get("/projets/communes/?commune=figea").content.decode()
    assert 'value="Figeac (46102)"' in html
    assert client.get("/projets/communes/?commune=x").content.decode().strip() == ""


def test_creation_does_not_make_the_member_porteur_of_other_projects(client, index, user):
    client.force_login(user)
    _post(client)
    assert Group.objects.filter(name__startswith="Équipe projet").count() == 1
