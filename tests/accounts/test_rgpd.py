import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from labo.accounts.models import Membership
from labo.notifications.models import Notification, NotificationPreference
from tests.factories import MembershipFactory, NotificationFactory, OrganisationFactory

from .factories import AdminMembershipFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"


def test_export_downloads_my_personal_data_as_json(member_client, user):
    organisation = OrganisationFactory(name="Coopérative des Tilleuls", siren="732829320")
    MembershipFactory(user=user, organisation=organisation)
    EmailAddress.objects.create(user=user, email="autre@exemple.fr", verified=False)
    NotificationFactory(recipient=user, message="Bienvenue au Labo")
    NotificationFactory(message="Pas pour moi")
    NotificationPreference.objects.create(user=user, email_frequency="never")

    response = member_client.get(reverse("accounts:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-labo-')
    data = json.loads(response.content)
    assert data["profil"]["adresse_email"] == user.email
    assert data["profil"]["nom_affiche"] == user.display_name
    assert data["profil"]["roles"] == ["Membre"]
    assert {a["adresse"] for a in data["adresses_email"]} == {user.email, "autre@exemple.fr"}
    assert data["structures"] == [
        {
            "nom": "Coopérative des Tilleuls",
            "siren": "732829320",
            "forme_juridique": "Coopérative d'habitants",
            "departement": "34 – Hérault",
            "role": "Membre",
            "membre_depuis": data["structures"][0]["membre_depuis"],
        }
    ]
    assert [n["message"] for n in data["notifications"]] == ["Bienvenue au Labo"]
    assert data["preference_notifications"]["frequence_email"] == "never"


def test_export_requires_login(client):
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_deleting_my_account_anonymises_it_and_logs_me_out(site, member_client, user):
    organisation = AdminMembershipFactory(user=user).organisation
    NotificationFactory(recipient=user)
    NotificationPreference.objects.create(user=user)
    page = member_client.get(reverse("accounts:account_delete"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()

    response = member_client.post(
        reverse("accounts:account_delete"), {"password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert "Votre compte a été supprimé." in response.content.decode()
    assert "_auth_user_id" not in member_client.session
    user.refresh_from_db()
    assert user.email == f"supprime-{user.pk}@anonyme.invalid"
    assert user.display_name == "Compte supprimé"
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.anonymised_at is not None
    assert not user.groups.exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    # The structure itself stays.
    organisation.refresh_from_db()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deleted_account_can_no_longer_log_in(client, user):
    email = user.email
    client.force_login(user)
    client.post(reverse("accounts:account_delete"), {"password": PASSWORD})

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_two_deleted_accounts_get_distinct_addresses(client):
    from tests.factories import UserFactory

    first, second = UserFactory(), UserFactory()
    for person in (first, second):
        client.force_login(person)
        client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.email != second.email


def test_wrong_password_keeps_the_account(member_client, user):
    email = user.email
    response = member_client.post(reverse("accounts:account_delete"), {"password": "faux"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mot de passe incorrect : votre compte n&#x27;a pas été supprimé." in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_password_helptext id_password_error"' in content
    user.refresh_from_db()
    assert user.email == email
    assert user.is_active
    assert "_auth_user_id" in member_client.session
