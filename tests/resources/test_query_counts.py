"""The library's query count does not grow with the number of resources.

1,000 pages through ``add_child`` take minutes, so ``bulk_resources`` writes the tree rows
directly (the materialised path treebeard would compute, one INSERT for the pages, one per
resource row): the same rows Wagtail would write, in about a second."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from resources.choices import ResourceType
from resources.models import ResourceAudience, ResourcePage, ResourceStage, Theme

from .factories import ResourceDocumentFactory, set_downloads

pytestmark = pytest.mark.django_db

LIBRARY_MAX_QUERIES = 22
TYPES = ResourceType.values


def bulk_resources(index, count):
    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ResourcePage)
    now = timezone.now()
    first_step = index.numchild + 1
    pages = []
    for number in range(count):
        slug = f"ressource-en-masse-{first_step + number}"
        pages.append(
            Page(
                title=f"Ressource {number}",
                draft_title=f"Ressource {number}",
                slug=slug,
                content_type=content_type,
                path=ResourcePage._get_path(index.path, index.depth + 1, first_step + number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                first_published_at=now,
                last_published_at=now,
                locale_id=index.locale_id,
            )
        )
    Page.objects.bulk_create(pages)
    for number, page in enumerate(pages):
        ResourcePage(
            page_ptr=page,
            summary=f"Résumé {number}",
            resource_type=TYPES[number % len(TYPES)],
            publication_date=datetime.date(2020 + number % 6, 1 + number % 12, 1),
        ).save_base(raw=True)
    themes = list(Theme.objects.all())
    stages = list(ResourceStage.objects.all())
    ResourcePage.themes.through.objects.bulk_create(
        ResourcePage.themes.through(resourcepage_id=page.pk, theme=themes[n % len(themes)])
        for n, page in enumerate(pages)
    )
    ResourcePage.stages.through.objects.bulk_create(
        ResourcePage.stages.through(resourcepage_id=page.pk, resourcestage=stages[n % 7])
        for n, page in enumerate(pages)
    )
    audiences = list(ResourceAudience.objects.all())
    ResourcePage.audiences.through.objects.bulk_create(
        ResourcePage.audiences.through(resourcepage_id=page.pk, resourceaudience=audiences[n % 4])
        for n, page in enumerate(pages)
    )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    return pages


def library_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "url",
    [
        "/ressources/",
        "/ressources/?theme=foncier&tri=telechargements",
        "/ressources/?stade=conception&annee=2023&public=accompagnateurs&public=porteurs",
        "/ressources/?type=guide&type=etude&tri=titre",
    ],
)
def test_library_queries_stay_flat_from_10_to_1000_resources(
    client, index, url, django_assert_max_num_queries
):
    pages = bulk_resources(index, 10)
    set_downloads(
        ResourceDocumentFactory(page=ResourcePage.objects.get(pk=pages[0].pk)).document, 3
    )
    ResourcePage.objects.get(pk=pages[1].pk).tags.add("BRS")
    # A first request fills the per-site caches (root paths) that every later one reuses.
    client.get(url)
    with django_assert_max_num_queries(LIBRARY_MAX_QUERIES):
        small, _response = library_queries(client, url)

    bulk_resources(index, 990)
    assert ResourcePage.objects.live().count() == 1000
    client.get(url)
    with django_assert_max_num_queries(LIBRARY_MAX_QUERIES):
        large, response = library_queries(client, url)
    assert large == small
    assert len(response.context["page_obj"].object_list) > 0


def test_htmx_fragment_queries_stay_flat(client, index, django_assert_max_num_queries):
    bulk_resources(index, 1000)
    client.get("/ressources/")
    with django_assert_max_num_queries(15):
        response = client.get("/ressources/?theme=foncier", headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_feed_queries_stay_flat(client, index, django_assert_max_num_queries):
    bulk_resources(index, 1000)
    client.get("/ressources/flux/rss/")
    with django_assert_max_num_queries(10):
        response = client.get("/ressources/flux/rss/")
    assert response.status_code == 200
