import pytest

from projects.models import ProjectIndexPage


@pytest.fixture
def index(site):
    """The directory page, created by the projects' site setup (with the CRESS workflow)."""
    return ProjectIndexPage.objects.get()
