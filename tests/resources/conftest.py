import pytest

from .factories import resource_index


@pytest.fixture(autouse=True)
def media_on_disk(settings, tmp_path):
    """Wagtail serves documents from a local path (sendfile); the suite's in-memory storage
    claims paths it never writes, so the resource tests store files in a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def index(site):
    """The /ressources/ page, created by the site setup like on a real site."""
    return resource_index()
