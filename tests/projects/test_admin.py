"""The team's editor in the Wagtail admin: bad input gets French messages at the field."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from .factories import ProjectPageFactory

pytestmark = pytest.mark.django_db


def test_commune_chooser_searches_the_official_list(client, animateur, index):
    client.force_login(animateur)
    response = client.get("/admin/snippets/choose/projects/commune/?q=figeac")
    assert response.status_code == 200
    assert "46102" in response.content.decode()


def test_absurd_numbers_in_the_admin_are_refused_at_the_field(client, index, user):
    page = ProjectPageFactory(parent=index, team=[user])
    client.force_login(user)
    url = f"/admin/pages/{page.pk}/edit/"
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "Un résumé",
            "commune": "34172",
            "stage": "emergence",
            "households": "500",
            "dwellings": "10",
            "living_area": "0",
            "body": streamfield([]),
            "financing_plan": streamfield([]),
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "vérifiez ces nombres" in html
    assert "Une surface doit être supérieure à 0 m²" in html
    page.refresh_from_db()
    assert page.households is None
