import pytest
from wagtail.models import Page

from labo.accounts import roles
from labo.core.workflows import apply_cress_validation, cress_validation_workflow

pytestmark = pytest.mark.django_db


def test_cress_validation_is_one_workflow_approved_by_the_animateurs(site):
    first = cress_validation_workflow()
    second = cress_validation_workflow()
    assert first == second
    tasks = [task.specific for task in first.tasks]
    assert len(tasks) == 1
    assert [group.name for group in tasks[0].groups.all()] == [roles.ANIMATEUR]


def test_pages_below_a_validated_section_use_the_workflow(site):
    apply_cress_validation(site)
    legal_page = Page.objects.get(slug="mentions-legales")
    assert legal_page.get_workflow().name == "Validation CRESS"
