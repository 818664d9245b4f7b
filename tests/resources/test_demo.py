import pytest

from resources.choices import ResourceType
from resources.demo import load_resources_demo
from resources.models import DocumentDownloadCount, ResourcePage, Theme

pytestmark = pytest.mark.django_db


def test_demo_covers_every_type_and_theme_and_is_idempotent(client, index):
    load_resources_demo()
    load_resources_demo()
    resources = ResourcePage.objects.live()
    assert resources.count() == 40
    assert set(resources.values_list("resource_type", flat=True)) == set(ResourceType.values)
    for theme in Theme.objects.all():
        assert resources.filter(themes=theme).exists(), theme.slug
    assert DocumentDownloadCount.objects.filter(count__gt=0).exists()
    response = client.get("/ressources/")
    assert response.context["page_obj"].paginator.count == 40
    assert response.context["most_downloaded"]
    document_resource = resources.filter(documents__isnull=False).first()
    attachment = document_resource.documents.first()
    download = client.get(
        document_resource.url + document_resource.reverse_subpage("download", args=[attachment.pk])
    )
    assert download.status_code == 200
