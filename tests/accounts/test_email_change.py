"""#15 finding 1: an account's e-mail address changes only through allauth's verified flow,
never on the Wagtail account page, whatever the role."""

import pytest
from allauth.account.models import EmailAddress

from labo.accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.PORTEUR, roles.ANIMATEUR, roles.ADMINISTRATEUR])
def test_the_wagtail_account_page_cannot_change_the_email(client, role, site):
    from django.contrib.auth.models import Group

    user = UserFactory(email="moi@exemple.fr")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    client.post(
        "/admin/account/",
        {"name_email-email": "cible@exemple.fr", "name_email-display_name": "Moi"},
    )
    user.refresh_from_db()
    assert user.email == "moi@exemple.fr"
    assert not EmailAddress.objects.filter(email__iexact="cible@exemple.fr").exists()
