import re

import pytest
from django.urls import reverse

from labo.accounts.models import Membership, Organisation
from labo.notifications.models import Notification
from tests.factories import HOSTILE, MembershipFactory, OrganisationFactory, UserFactory

from .factories import AdminMembershipFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Les Tiny Houses du Larzac",
    "kind": "porteur",
    "legal_form": "coop_habitants",
    "ess_status": "de_droit",
    "siren": "",
    "departement": "12",
    "website": "",
}


def _field_errors(content, field):
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


def test_member_creates_a_structure_and_becomes_its_admin(member_client, user):
    response = member_client.post(reverse("accounts:organisation_create"), VALID)

    organisation = Organisation.objects.get(name="Les Tiny Houses du Larzac")
    assert response.status_code == 302
    assert response.url == reverse("accounts:organisation_detail", args=[organisation.pk])
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == user
    assert membership.role == Membership.Role.ADMIN
    page = member_client.get(response.url).content.decode()
    assert "a été créée" in page
    dashboard = member_client.get(reverse("accounts:dashboard")).content.decode()
    assert "Les Tiny Houses du Larzac" in dashboard


def test_siren_with_spaces_is_accepted_and_normalised(member_client):
    data = dict(VALID, siren=" 732 829 320 ")
    response = member_client.post(reverse("accounts:organisation_create"), data)
    assert response.status_code == 302
    assert Organisation.objects.get().siren == "732829320"


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("12345", "Le SIREN doit comporter exactement 9 chiffres (par exemple 732 829 320)."),
        ("73282932A", "Le SIREN doit comporter exactement 9 chiffres"),
        ("732 829 321", "Ce numéro SIREN n&#x27;est pas valide : vérifiez les chiffres saisis."),
    ],
)
def test_invalid_siren_is_refused_at_the_field_and_data_is_kept(member_client, siren, message):
    data = dict(VALID, siren=siren)
    response = member_client.post(reverse("accounts:organisation_create"), data)

    assert response.status_code == 200
    assert not Organisation.objects.exists()
    content = response.content.decode()
    assert message in _field_errors(content, "siren")
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*id_siren_error"', content
    )
    assert 'value="Les Tiny Houses du Larzac"' in content
    assert f'value="{siren}"' in content
    assert "Le formulaire contient une erreur" in content


def test_siren_already_used_is_refused_at_the_field(member_client):
    OrganisationFactory(siren="732829320")
    response = member_client.post(
        reverse("accounts:organisation_create"), dict(VALID, siren="732 829 320")
    )
    assert response.status_code == 200
    assert "existe déjà" in _field_errors(response.content.decode(), "siren")


def test_missing_required_fields_are_reported_in_french(member_client):
    response = member_client.post(reverse("accounts:organisation_create"), {"name": ""})
    content = response.content.decode()
    assert "Champ requis." in _field_errors(content, "name")
    assert "Champ requis." in _field_errors(content, "departement")


def test_admin_edits_the_structure(client):
    admin = AdminMembershipFactory()
    organisation = admin.organisation
    client.force_login(admin.user)
    url = reverse("accounts:organisation_edit", args=[organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, dict(VALID, name="Nouveau nom", website="www.exemple.fr"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Nouveau nom"
    assert organisation.website == "https://www.exemple.fr"


def test_plain_member_cannot_edit_and_sees_the_french_reason(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    url = reverse("accounts:organisation_edit", args=[membership.organisation.pk])

    for response in (client.get(url), client.post(url, VALID)):
        assert response.status_code == 403
        assert "Seuls les administrateurs de cette structure peuvent la modifier." in (
            response.content.decode()
        )
    membership.organisation.refresh_from_db()
    assert membership.organisation.name != VALID["name"]


def test_animateur_edits_any_structure(client, animateur):
    organisation = OrganisationFactory()
    client.force_login(animateur)
    url = reverse("accounts:organisation_edit", args=[organisation.pk])
    response = client.post(url, dict(VALID, name="Renommée par la CRESS"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renommée par la CRESS"


def test_outsider_cannot_see_a_structure(member_client):
    organisation = OrganisationFactory()
    response = member_client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
    assert response.status_code == 403
    assert "visible que de ses membres" in response.content.decode()


def test_detail_lists_members_and_escapes_their_names(client):
    admin = AdminMembershipFactory()
    other = MembershipFactory(organisation=admin.organisation)
    client.force_login(other.user)
    response = client.get(reverse("accounts:organisation_detail", args=[admin.organisation.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert admin.user.display_name.replace(HOSTILE, "") in content
    assert HOSTILE not in content
    assert "Administrateur de la structure" in content
    # A plain member sees no management form.
    assert "Ajouter un membre" not in content


def test_admin_adds_a_member_by_email_who_gets_notified(client):
    admin = AdminMembershipFactory()
    newcomer = UserFactory(email="dominique@exemple.fr")
    client.force_login(admin.user)
    url = reverse("accounts:organisation_add_member", args=[admin.organisation.pk])

    response = client.post(url, {"email": "Dominique@Exemple.fr", "role": "membre"})

    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.organisation == admin.organisation
    assert membership.role == Membership.Role.MEMBER
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.kind == "organisation.member_added"
    assert notification.link == "/mon-espace/"
    assert admin.organisation.name in notification.message
    assert "vous a ajouté" in notification.message
    page = client.get(response.url).content.decode()
    assert "en a été notifié" in page


def test_unknown_email_is_a_clear_error_at_the_field(client):
    admin = AdminMembershipFactory()
    client.force_login(admin.user)
    url = reverse("accounts:organisation_add_member", args=[admin.organisation.pk])

    response = client.post(url, {"email": "inconnu@exemple.fr", "role": "membre"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Aucun compte du Labo n&#x27;utilise cette adresse e-mail." in _field_errors(
        content, "email"
    )
    assert 'value="inconnu@exemple.fr"' in content
    assert Membership.objects.count() == 1
    assert not Notification.objects.exists()


def test_adding_someone_twice_is_refused(client):
    admin = AdminMembershipFactory()
    existing = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("accounts:organisation_add_member", args=[admin.organisation.pk])
    response = client.post(url, {"email": existing.user.email, "role": "membre"})
    assert "déjà membre" in _field_errors(response.content.decode(), "email")


def test_plain_member_cannot_add_members(client):
    membership = MembershipFactory()
    target = UserFactory()
    client.force_login(membership.user)
    url = reverse("accounts:organisation_add_member", args=[membership.organisation.pk])
    response = client.post(url, {"email": target.email, "role": "admin"})
    assert response.status_code == 403
    assert "gérer ses membres" in response.content.decode()
    assert not Membership.objects.filter(user=target).exists()


def test_admin_removes_a_member_who_is_told(client):
    admin = AdminMembershipFactory()
    other = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    url = reverse("accounts:organisation_remove_member", args=[admin.organisation.pk, other.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=other.pk).exists()
    assert Notification.objects.filter(
        recipient=other.user, kind="organisation.member_removed"
    ).exists()


def test_plain_member_cannot_remove_another(client):
    admin = AdminMembershipFactory()
    member = MembershipFactory(organisation=admin.organisation)
    client.force_login(member.user)
    url = reverse("accounts:organisation_remove_member", args=[admin.organisation.pk, admin.pk])
    assert client.post(url).status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_admin_promotes_a_member_then_may_leave(client):
    admin = AdminMembershipFactory()
    other = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    organisation = admin.organisation
    leave_url = reverse("accounts:organisation_leave", args=[organisation.pk])

    refused = client.post(leave_url)
    assert refused.status_code == 403
    assert "dernier administrateur" in refused.content.decode()

    client.post(
        reverse("accounts:organisation_change_role", args=[organisation.pk, other.pk]),
        {"role": "admin"},
    )
    other.refresh_from_db()
    assert other.role == Membership.Role.ADMIN

    assert client.get(leave_url).status_code == 200
    response = client.post(leave_url)
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_member_leaves_a_structure(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    url = reverse("accounts:organisation_leave", args=[membership.organisation.pk])
    response = client.post(url, follow=True)
    assert "Vous avez quitté la structure" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
