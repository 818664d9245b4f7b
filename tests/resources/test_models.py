import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from labo.core.navigation import available_navigation
from labo.core.workflows import WORKFLOW_NAME
from resources.choices import DEFAULT_THEMES, Audience, Stage
from resources.models import ResourceAudience, ResourceIndexPage, ResourceStage, Theme
from resources.site_setup import ensure_resource_centre

from .factories import ResourceDocumentFactory, ResourcePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_site_setup_creates_the_library_once_with_the_cress_workflow(index):
    assert index.url == "/ressources/"
    assert index.get_workflow().name == WORKFLOW_NAME
    assert Theme.objects.count() == len(DEFAULT_THEMES)
    ensure_resource_centre()
    assert ResourceIndexPage.objects.count() == 1
    assert Theme.objects.count() == len(DEFAULT_THEMES)


def test_site_setup_keeps_the_themes_the_cress_edited(index):
    Theme.objects.filter(slug="foncier").delete()
    ensure_resource_centre()
    assert not Theme.objects.filter(slug="foncier").exists()


def test_header_links_to_the_library(index):
    assert ("Ressources", "/ressources/") in [
        (str(label), url) for label, url in available_navigation()
    ]


def test_stage_and_audience_rows_match_their_choices(db):
    assert list(ResourceStage.objects.values_list("code", flat=True)) == Stage.values
    assert list(ResourceAudience.objects.values_list("code", flat=True)) == Audience.values
    assert str(ResourceStage.objects.get(code="habite")) == "Habité (vie habitante)"


def test_factory_builds_a_classified_resource(index):
    theme = ThemeFactory()
    resource = ResourcePageFactory(
        themes=[theme],
        stages=[ResourceStage.objects.get(code="conception")],
        audiences=[ResourceAudience.objects.get(code="habitants")],
        tags=["BRS"],
    )
    resource.refresh_from_db()
    assert resource.get_parent().pk == index.pk
    assert list(resource.themes.all()) == [theme]
    assert [s.code for s in resource.stages.all()] == ["conception"]
    assert [t.name for t in resource.tags.all()] == ["BRS"]
    attachment = ResourceDocumentFactory(page=resource)
    assert attachment.document.file_size > 0
    assert attachment.label == attachment.document.title


def test_a_resource_cannot_take_the_address_of_a_library_route(index):
    resource = ResourcePageFactory.build(slug="proposer", title="Proposer", summary="x")
    with pytest.raises(ValidationError) as error:
        resource.clean()
    assert "réservée" in str(error.value)


def test_resources_live_only_under_the_library(index):
    from resources.models import ResourcePage

    assert ResourcePage.parent_page_types == ["resources.ResourceIndexPage"]
    assert not Page.objects.type(ResourcePage).exists()
