"""The declaration at /accessibilite states the result of the automated accessibility scan
honestly: what was run, on how many pages, the result, and that it is no audit."""

import importlib
import re
from html import unescape
from pathlib import Path

import pytest
from django.apps import apps

from labo.home import site_setup
from labo.home.models import AccessibilityPage
from tests.browser.accessibility_pages import ROLES, TARGETS

pytestmark = pytest.mark.django_db


def test_declaration_states_the_scan_result_and_that_no_audit_was_made(client, site):
    html = unescape(client.get("/accessibilite/").content.decode())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "est non conforme avec le référentiel général" in text
    assert "Aucun audit de conformité n'a encore été réalisé" in text
    assert "axe-core 4.12.1" in text
    assert "WCAG 2.0 et 2.1 de niveaux A et AA" in text
    assert "Résultat au 7 décembre 2026" in text
    assert "aucune anomalie d'impact « grave » ou « critique »" in text
    assert "ne couvrent qu'une partie des critères du RGAA" in text
    assert "parcours au clavier" in text
    # Without an audit, nothing may claim that no content is inaccessible.
    assert "Aucun contenu non accessible" not in text
    assert "la liste des contenus non accessibles n'est pas établie" in text


def test_declared_figures_are_those_of_the_scan():
    """The numbers quoted are counted from the scan's own table, and the axe-core version
    from the copy bundled with axe-playwright-python."""
    results = site_setup.ACCESSIBILITY_TEST_RESULTS
    pages = sum(len(target.roles) for target in TARGETS)
    templates = len({target.template for target in TARGETS})
    assert f"sur {pages} pages" in results
    assert f"les {templates} types de pages du site" in results
    assert len(ROLES) - 1 == 5  # the visitor, then each role
    assert "chacun des cinq rôles" in results

    import axe_playwright_python

    bundled = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    version = re.search(r"axe v([\d.]+)", bundled.read_text(encoding="utf-8")[:200]).group(1)
    assert f"axe-core {version}" in results
    assert f"axe-core {version}" in site_setup.ACCESSIBILITY_TEST_ENVIRONMENT


def _state_scan_results():
    migration = importlib.import_module(
        "labo.home.migrations.0003_accessibility_declaration_scan_results"
    )
    migration.state_scan_results(apps, None)


def test_migration_updates_a_declaration_left_with_the_first_default_text(site):
    page = AccessibilityPage.objects.get()
    page.test_results = ""
    page.non_compliant_content = ""
    page.test_environment = "Chromium (tests automatisés du projet)"
    page.save_revision().publish()

    _state_scan_results()

    page.refresh_from_db()
    assert page.test_results == site_setup.ACCESSIBILITY_TEST_RESULTS
    assert page.test_environment == site_setup.ACCESSIBILITY_TEST_ENVIRONMENT
    revision = page.get_latest_revision_as_object()
    assert revision.test_results == site_setup.ACCESSIBILITY_TEST_RESULTS


def test_migration_keeps_an_editors_declaration(site):
    page = AccessibilityPage.objects.get()
    page.test_results = "<p>Audit réalisé par un cabinet.</p>"
    page.non_compliant_content = ""
    page.test_environment = "Chromium (tests automatisés du projet)"
    page.save_revision().publish()

    _state_scan_results()

    page.refresh_from_db()
    assert page.test_results == "<p>Audit réalisé par un cabinet.</p>"
