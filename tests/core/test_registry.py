import pytest
from django.core.management import call_command
from django.test import override_settings

from labo.core import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "_site_setup", {})
    monkeypatch.setattr(registry, "_demo_loaders", {})
    monkeypatch.setattr(registry, "_dashboard_sections", {})


def test_setup_site_runs_the_registered_setup_functions_in_order(clean_registry):
    calls = []
    registry.register_site_setup("second", lambda: calls.append("second"), order=20)
    registry.register_site_setup("first", lambda: calls.append("first"), order=10)
    call_command("setup_site")
    assert calls == ["first", "second"]


@override_settings(DEBUG=True)
def test_load_demo_runs_the_registered_loaders_after_the_accounts(clean_registry):
    from labo.accounts.models import User

    seen = []
    registry.register_demo_loader("projects", lambda: seen.append(User.objects.count()))
    call_command("load_demo")
    assert seen and seen[0] > 0


def test_mon_espace_shows_the_registered_sections(client, user, site, clean_registry, tmp_path):
    registry.register_dashboard_section(
        "projects",
        "core/site_map.html",
        lambda request: {"count": 3},
    )
    registry.register_dashboard_section("hidden", "core/site_map.html", lambda request: None)
    client.force_login(user)
    response = client.get("/mon-espace/")
    sections = response.context["sections"]
    assert [section["name"] for section in sections] == ["projects"]
    assert sections[0]["context"] == {"count": 3}
