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
    assert "Inviter un membre" not in content


def invite(client, admin, email, role="membre"):
    url = reverse("accounts:organisation_add_member", args=[admin.organisation.pk])
    return client.post(url, {"email": email, "role": role})


def invitation_path(message):
    return re.search(
        r"http://testserver(/mon-espace/structures/invitations/[0-9a-f-]+/)", message.body
    )[1]


def test_a_member_joins_a_structure_only_by_accepting_its_invitation(client):
    from django.core import mail

    admin = AdminMembershipFactory()
    newcomer = UserFactory(email="dominique@exemple.fr")
    client.force_login(admin.user)

    response = invite(client, admin, "Dominique@Exemple.fr", role="admin")

    assert response.status_code == 302
    assert (
        "la personne rejoindra la structure en l&#x27;acceptant"
        in client.get(response.url).content.decode()
    )
    assert not Membership.objects.filter(user=newcomer).exists()
    (message,) = mail.outbox
    assert message.to == ["dominique@exemple.fr"]
    assert admin.organisation.name in message.subject
    path = invitation_path(message)
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.kind == "organisation.invited"
    assert notification.link == path  # opens in the app, not through an absolute address

    client.force_login(newcomer)
    page = client.get(path).content.decode()
    assert "Rejoindre la structure" in page and "Refuser l'invitation" in page
    response = client.post(path, {"accept": ""})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=admin.organisation)
    assert membership.role == Membership.Role.ADMIN
    told = Notification.objects.get(recipient=admin.user, kind="organisation.invitation_accepted")
    assert "a rejoint la structure" in told.message
    # The link served once.
    client.force_login(UserFactory(email="autre@exemple.fr"))
    assert "déjà été utilisée" in client.get(path).content.decode()


def test_inviting_tells_nothing_about_whether_an_address_has_an_account(client):
    from django.core import mail

    admin = AdminMembershipFactory()
    UserFactory(email="connue@exemple.fr")
    client.force_login(admin.user)
    answers = []
    for email in ("connue@exemple.fr", "inconnue@exemple.fr"):
        response = invite(client, admin, email)
        page = client.get(response.url).content.decode().replace(email, "ADRESSE")
        answers.append((response.status_code, page.count("Une invitation a été envoyée")))
    assert answers[0] == answers[1] == (302, 1)
    assert [m.to for m in mail.outbox] == [["connue@exemple.fr"], ["inconnue@exemple.fr"]]
    assert Membership.objects.filter(organisation=admin.organisation).count() == 1


def test_only_the_verified_owner_of_the_address_accepts(client):
    admin = AdminMembershipFactory()
    client.force_login(admin.user)
    invite(client, admin, "dominique@exemple.fr")
    from django.core import mail

    path = invitation_path(mail.outbox[-1])
    # Another account, and an account that typed the address without confirming it.
    for outsider in (UserFactory(), UserFactory(email="dominique@exemple.fr", verified=False)):
        client.force_login(outsider)
        response = client.post(path, {"accept": ""})
        assert response.status_code == 403
        assert "envoyée à une autre adresse" in response.content.decode()
        assert not Membership.objects.filter(user=outsider).exists()
    client.logout()
    assert client.get(path).status_code == 302  # to the login page


def test_the_invited_person_may_decline_and_the_structure_may_cancel(client):
    from django.core import mail

    admin = AdminMembershipFactory()
    invited = UserFactory(email="camille@exemple.fr")
    client.force_login(admin.user)
    invite(client, admin, "camille@exemple.fr")
    invite(client, admin, "sacha@exemple.fr")
    declined, cancelled = (invitation_path(m) for m in mail.outbox)
    page = client.get(reverse("accounts:organisation_detail", args=[admin.organisation.pk]))
    assert "sacha@exemple.fr" in page.content.decode()  # pending, listed to its managers

    client.force_login(invited)
    client.post(declined, {"decline": ""})
    assert not Membership.objects.filter(user=invited).exists()
    assert client.get(declined).status_code == 404

    invitation = admin.organisation.invitations.get(email="sacha@exemple.fr")
    cancel = reverse(
        "accounts:organisation_invitation_cancel", args=[admin.organisation.pk, invitation.pk]
    )
    member = MembershipFactory(organisation=admin.organisation)
    client.force_login(member.user)
    assert client.post(cancel).status_code == 403
    client.force_login(admin.user)
    assert client.post(cancel).status_code == 302
    assert client.get(cancelled).status_code == 404


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
