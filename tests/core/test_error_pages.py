import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from labo.core import views

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_a_french_404(client, site):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "Revenir à l'accueil" in html


def test_403_shows_the_reason_given_by_the_permission_module(site):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionDenied("Réservé aux instructeurs."))
    assert response.status_code == 403
    assert "Réservé aux instructeurs." in response.content.decode()


def test_500_page_renders_without_the_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_site_map_lists_public_pages(client, site):
    html = client.get("/plan-du-site/").content.decode()
    assert "Plan du site" in html
    assert "Mentions légales" in html
