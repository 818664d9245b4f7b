from html import escape, unescape

import pytest
from django.urls import reverse

from labo.home.models import AccessibilityPage, HomePage, LegalPage
from labo.home.site_setup import ensure_site_structure

pytestmark = pytest.mark.django_db


def test_site_structure_is_created_once_and_keeps_editors_changes(site):
    accessibility = AccessibilityPage.objects.get()
    accessibility.title = "Accessibilité du Labo"
    accessibility.save_revision().publish()

    ensure_site_structure()

    assert HomePage.objects.count() == 1
    assert AccessibilityPage.objects.get().title == "Accessibilité du Labo"
    assert set(LegalPage.objects.values_list("slug", flat=True)) == {
        "mentions-legales",
        "donnees-personnelles",
    }


def test_home_page_is_french_and_states_accessibility_conformity(client, site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "Aller au contenu" in html
    assert 'id="contenu"' in html
    assert "Accessibilité : ce site est non conforme" in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibilite/", "Déclaration d'accessibilité"),
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles"),
    ],
)
def test_legal_pages_are_served_and_linked_from_every_page(client, site, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{escape(heading)}</h1>" in response.content.decode()
    footer = client.get(reverse("site_map")).content.decode().split('role="contentinfo"')[1]
    assert f'href="{path}"' in footer


def test_accessibility_declaration_follows_the_rgaa_template(client, site):
    html = unescape(client.get("/accessibilite/").content.decode())
    for section in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
    ]:
        assert section in html


def test_footer_link_names_the_conformity_level(client, site):
    page = AccessibilityPage.objects.get()
    page.conformity_status = AccessibilityPage.ConformityStatus.PARTIAL
    page.compliance_rate = 87.5
    page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Accessibilité : partiellement conforme" in html
    assert "87,50 % des critères" in client.get("/accessibilite/").content.decode()


def test_cress_facilitators_can_edit_and_publish_site_pages(client, site, animateur):
    client.force_login(animateur)
    response = client.get(f"/admin/pages/{site.pk}/edit/")
    assert response.status_code == 200
    assert "Publier" in response.content.decode()


def test_region_instructors_cannot_edit_site_pages(client, site, instructeur):
    client.force_login(instructeur)
    response = client.get(f"/admin/pages/{site.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "pas les autorisations pour accéder" in unescape(response.content.decode())
