import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HOSTILE, MembershipFactory

pytestmark = pytest.mark.django_db


def test_mon_espace_requires_login(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/mon-espace/"


@pytest.mark.parametrize(
    "url_name",
    ["accounts:profile_edit", "accounts:account_delete", "accounts:organisation_create"],
)
def test_every_mon_espace_page_requires_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_shows_profile_structures_and_links(member_client, user):
    MembershipFactory(user=user, organisation__name="Oasis de Figeac")
    response = member_client.get("/mon-espace/")

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert user.email in content
    assert HOSTILE not in content
    assert "Oasis de Figeac" in content
    for href in (
        reverse("accounts:profile_edit"),
        reverse("account_email"),
        reverse("account_change_password"),
        "/notifications/preferences/",
        reverse("accounts:data_export"),
        reverse("accounts:account_delete"),
        reverse("accounts:organisation_create"),
    ):
        assert f'href="{href}"' in content, href


def test_profile_edit_changes_the_display_name(member_client, user):
    url = reverse("accounts:profile_edit")
    page = member_client.get(url).content.decode()
    assert 'autocomplete="name"' in page

    response = member_client.post(url, {"display_name": "  Alex Martin  "}, follow=True)

    user.refresh_from_db()
    assert user.display_name == "Alex Martin"
    assert "Votre profil a été mis à jour." in response.content.decode()


def test_profile_edit_refuses_an_empty_name(member_client, user):
    response = member_client.post(reverse("accounts:profile_edit"), {"display_name": "   "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    old = user.display_name
    user.refresh_from_db()
    assert user.display_name == old


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get("/mon-espace/")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_query_count_does_not_grow_with_structures(
    member_client, user, django_assert_max_num_queries
):
    MembershipFactory(user=user)
    with_one = _dashboard_queries(member_client)
    MembershipFactory.create_batch(19, user=user)

    with django_assert_max_num_queries(with_one):
        response = member_client.get("/mon-espace/")
    assert response.content.decode().count("/mon-espace/structures/") >= 20
