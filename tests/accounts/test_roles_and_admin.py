import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from labo.accounts import roles
from labo.accounts.models import Organisation
from tests.admin_refusals import (
    admin_access_url,
    admin_request,
    assert_refused_by_wagtail,
    assert_sent_to_admin_access,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def structure_form(organisation, **overrides):
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "legal_form": organisation.legal_form,
        "ess_status": organisation.ess_status,
        "siren": "732 829 320",
        "departement": organisation.departement,
        "website": "",
        **overrides,
    }


def structure_state(organisation):
    organisation.refresh_from_db()
    return (organisation.name, organisation.siren, organisation.departement)


def test_the_five_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Membre",
        "Porteur de projet",
        "Animateur CRESS",
        "Instructeur Région",
        "Administrateur",
    } <= names


def test_staff_roles_carry_their_permissions():
    animateur = Group.objects.get(name=roles.ANIMATEUR)
    instructeur = Group.objects.get(name=roles.INSTRUCTEUR)
    membre = Group.objects.get(name=roles.MEMBRE)
    assert animateur.permissions.filter(codename="change_organisation").exists()
    assert instructeur.permissions.filter(codename="view_organisation").exists()
    assert not instructeur.permissions.filter(codename="change_organisation").exists()
    assert not membre.permissions.exists()


@pytest.mark.parametrize("role_fixture", ["animateur", "instructeur", "administrateur"])
def test_wagtail_admin_is_open_to_staff_roles(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get("/admin/")
    assert response.status_code == 200


def test_wagtail_admin_refuses_a_simple_member_with_the_french_reason(client, user):
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    # Wagtail redirects once to the admin access page, which answers 403 (no login loop).
    assert response.redirect_chain == [(admin_access_url("/admin/"), 302)]
    assert response.status_code == 403
    content = response.content.decode()
    assert "L&#x27;administration est réservée aux équipes de la CRESS et de la Région." in (
        content
    )
    assert content.count("<h1") == 1


def test_wagtail_admin_asks_anonymous_visitors_to_log_in_then_lets_staff_in(client, animateur):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [
        (admin_access_url("/admin/"), 302),
        (f"{reverse('account_login')}?next=/admin/", 302),
    ]
    assert response.status_code == 200

    logged_in = client.post(
        response.redirect_chain[-1][0],
        {"login": animateur.email, "password": "motdepasse-solide-42"},
    )
    assert logged_in.status_code == 302
    assert logged_in.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_access_page_ignores_foreign_next_urls(client, animateur):
    client.force_login(animateur)
    response = client.get(reverse("accounts:admin_access"), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_animateur_lists_filters_and_searches_structures(client, animateur):
    OrganisationFactory(name="Oasis du Lauragais", departement="31", siren="732829320")
    OrganisationFactory(name="Hameau des Cévennes", departement="30")
    client.force_login(animateur)

    listing = client.get("/admin/structures/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Oasis du Lauragais" in content and "Hameau des Cévennes" in content

    filtered = client.get("/admin/structures/", {"departement": "31"}).content.decode()
    assert "Oasis du Lauragais" in filtered and "Hameau des Cévennes" not in filtered

    searched = client.get("/admin/structures/", {"q": "Hameau"}).content.decode()
    assert "Hameau des Cévennes" in searched and "Oasis du Lauragais" not in searched


def test_instructeur_exports_structures_as_csv(client, instructeur):
    OrganisationFactory(name="Oasis du Lauragais", siren="732829320")
    client.force_login(instructeur)
    response = client.get("/admin/structures/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "Oasis du Lauragais" in body
    assert "732829320" in body


def test_instructeur_may_not_edit_a_structure_in_the_admin(client, instructeur):
    organisation = OrganisationFactory(name="Ancien nom", siren="")
    before = structure_state(organisation)
    client.force_login(instructeur)
    edit_url = f"/admin/structures/edit/{organisation.pk}/"

    assert_refused_by_wagtail(admin_request(client, "get", edit_url))
    assert_refused_by_wagtail(admin_request(client, "get", "/admin/structures/new/"))
    assert_refused_by_wagtail(
        admin_request(client, "post", edit_url, structure_form(organisation, name="Nouveau nom"))
    )
    assert_refused_by_wagtail(
        admin_request(
            client, "post", "/admin/structures/new/", structure_form(organisation, name="Autre")
        )
    )

    assert structure_state(organisation) == before == ("Ancien nom", "", organisation.departement)
    assert list(Organisation.objects.values_list("pk", flat=True)) == [organisation.pk]


def test_animateur_edits_a_structure_in_the_admin(client, animateur):
    organisation = OrganisationFactory(name="Ancien nom")
    client.force_login(animateur)
    response = client.post(
        f"/admin/structures/edit/{organisation.pk}/",
        structure_form(organisation, name="Nouveau nom"),
    )
    assert response.status_code == 302
    assert response.url == reverse("structures:index")
    organisation.refresh_from_db()
    assert organisation.name == "Nouveau nom"
    assert organisation.siren == "732829320"
    assert Organisation.objects.count() == 1


def test_simple_member_cannot_reach_the_structures_admin(client, user):
    organisation = OrganisationFactory(name="Ancien nom")
    before = structure_state(organisation)
    client.force_login(user)
    response = client.get("/admin/structures/", follow=True)
    assert response.redirect_chain == [(admin_access_url("/admin/structures/"), 302)]
    assert response.status_code == 403
    assert "L&#x27;administration est réservée aux équipes de la CRESS et de la Région." in (
        response.content.decode()
    )

    edit_url = f"/admin/structures/edit/{organisation.pk}/"
    response = admin_request(
        client, "post", edit_url, structure_form(organisation, name="Nouveau nom")
    )
    assert_sent_to_admin_access(response, edit_url)
    assert structure_state(organisation) == before
    assert Organisation.objects.count() == 1
