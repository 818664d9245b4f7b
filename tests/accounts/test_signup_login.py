import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from labo.accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"


def _signup(client, email="camille@exemple.fr", display_name="Camille Durand"):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": display_name,
            "email": email,
            "password1": "Habiter-ensemble-2025",
            "password2": "Habiter-ensemble-2025",
        },
    )


def _is_logged_in(client):
    return "_auth_user_id" in client.session


def test_signup_sends_french_verification_email_and_confirm_link_logs_in(client):
    response = _signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)
    page = client.get(response.url)
    assert "Vérifiez votre adresse e-mail" in page.content.decode() or "vérif" in (
        page.content.decode().lower()
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@exemple.fr"]
    assert message.subject.startswith("[Labo de l'habitat des communs]")
    assert "Confirmez" in message.subject or "confirm" in message.subject.lower()
    assert "adresse e-mail" in message.body
    link = re.search(r"https?://testserver(/compte/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body

    confirm_page = client.get(link.group(1))
    assert confirm_page.status_code == 200
    content = confirm_page.content.decode()
    assert content.count("<h1") == 1
    assert "Confirmer" in content

    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 302
    assert _is_logged_in(client)
    user = get_user_model().objects.get(email="camille@exemple.fr")
    assert user.display_name == "Camille Durand"
    assert user.emailaddress_set.get().verified
    assert list(user.groups.values_list("name", flat=True)) == [roles.MEMBRE]
    dashboard = client.get(reverse("accounts:dashboard"))
    assert "Camille Durand" in dashboard.content.decode()


def test_signup_errors_stay_next_to_their_field_and_keep_the_data(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Camille",
            "email": "camille@@exemple",
            "password1": "Habiter-ensemble-2025",
            "password2": "autre-chose-2025",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Camille"' in content
    assert 'aria-invalid="true"' in content
    assert 'id="id_email_error"' in content
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_email_error"[^>]*>', content)
    assert "Saisissez une adresse de courriel valide." in content
    assert 'value="camille@@exemple"' in content
    assert 'autocomplete="email"' in content
    assert 'autocomplete="new-password"' in content
    assert 'autocomplete="name"' in content
    assert len(mail.outbox) == 0


def test_login_is_refused_before_email_verification(client):
    user = UserFactory(verified=False)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert not _is_logged_in(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1


def test_verified_member_logs_in_and_lands_on_mon_espace(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    assert _is_logged_in(client)


def test_wrong_password_shows_a_french_error(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "pas-le-bon"}
    )
    assert response.status_code == 200
    assert (
        "L’adresse e-mail et/ou le mot de passe que vous avez indiqués sont incorrects."
        in (response.content.decode())
        or "sont incorrects" in response.content.decode()
    )
    assert not _is_logged_in(client)


def test_sixth_failed_login_within_minutes_is_rate_limited(client, user):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "pas-le-bon"}
        )
        assert "sont incorrects" in response.content.decode()

    sixth = client.post(reverse("account_login"), {"login": user.email, "password": "pas-le-bon"})
    assert "Trop de tentatives de connexion échouées" in sixth.content.decode()

    # Even the right password is refused while the limit holds.
    blocked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion échouées" in blocked.content.decode()
    assert "depuis votre connexion" in blocked.content.decode()
    assert not _is_logged_in(client)


def test_failing_someone_elses_password_does_not_lock_them_out(client, user):
    """The lock holds per account *and* address: a stranger failing on purpose from their
    own connection cannot keep the owner out of their account."""
    from django.test import Client

    for _attempt in range(6):
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "pas-le-bon"},
            REMOTE_ADDR="198.51.100.23",
        )
    owner = Client()
    response = owner.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 302
    assert _is_logged_in(owner)


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("account_login", "Connexion"),
        ("account_signup", "Inscription"),
        ("account_reset_password", "Mot de passe oublié"),
        ("account_email_verification_sent", "Vérifiez votre adresse e-mail"),
    ],
)
def test_allauth_pages_are_french_inside_the_site_layout(client, url_name, expected):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert expected in content
    assert '<html lang="fr"' in content
    assert "Labo de l&#x27;habitat des communs" in content or "Labo de l'habitat" in content
    assert "Sign In" not in content and "Sign Up" not in content


def test_login_form_inputs_are_labelled_and_keep_autocomplete(client):
    content = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login"' in content
    assert '<label for="id_password"' in content
    assert 'autocomplete="email"' in content
    assert 'autocomplete="current-password"' in content


def test_password_reset_sends_french_email(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    done = client.get(response.url)
    assert done.content.decode().count("<h1") == 1
    assert len(mail.outbox) == 1
    assert "mot de passe" in mail.outbox[0].body.lower()
    link = re.search(r"https?://testserver(/compte/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link
    form_page = client.get(link.group(1), follow=True)
    content = form_page.content.decode()
    assert content.count("<h1") == 1
    assert "Modifier le mot de passe" in content or "mot de passe" in content.lower()


def test_email_change_page_is_french_with_linked_errors(member_client, user):
    url = reverse("account_email")
    page = member_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("<h1") == 1
    assert "Adresse e-mail" in content

    response = member_client.post(url, {"action_add": "", "email": "pas-une-adresse"})
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert 'id="id_email_error"' in content
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_email_error"', content)


def test_password_change_page_is_french(member_client):
    page = member_client.get(reverse("account_change_password"))
    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("<h1") == 1
    assert "Modifier le mot de passe" in content
    assert 'autocomplete="current-password"' in content


def test_email_change_sends_a_french_verification_to_the_new_address(member_client, user):
    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.fr"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@exemple.fr"]
    assert "Confirmez votre adresse e-mail" in mail.outbox[0].subject
    page = member_client.get(reverse("account_email")).content.decode()
    assert "nouvelle@exemple.fr" in page
    assert page.count("<h1") == 1


def test_logout_page_is_french(member_client):
    page = member_client.get(reverse("account_logout")).content.decode()
    assert page.count("<h1") == 1
    assert "Se déconnecter" in page
    member_client.post(reverse("account_logout"))
    assert "_auth_user_id" not in member_client.session


def test_a_rate_limited_page_is_french_and_in_the_site(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/10m/ip"}
    data = {"email": "a@exemple.fr", "password1": "x", "password2": "y"}
    client.post(reverse("account_signup"), data)
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de tentatives" in html
    assert 'lang="fr"' in html
    assert "<main" in html  # the site's own layout, with its landmarks
    assert "Too Many" not in html
