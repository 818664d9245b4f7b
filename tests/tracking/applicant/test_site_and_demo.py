"""The « Appels » index is part of the site structure; the demo calls load idempotently."""

import pytest

from projects.tracking.demo import load_calls_demo
from projects.tracking.models import Call, CallIndexPage, CallPage

pytestmark = pytest.mark.django_db


def test_site_setup_creates_the_call_index(client, site):
    index = CallIndexPage.objects.get()
    assert index.url == "/appels/"
    assert client.get("/appels/").status_code == 200


def test_demo_calls_load_twice_without_duplicates(client, site):
    load_calls_demo()
    load_calls_demo()
    assert sorted(Call.objects.values_list("scheme__short_name", "year")) == [
        ("GAR", 2026),
        ("VIURE", 2025),
        ("VIURE", 2026),
    ]
    assert CallPage.objects.live().count() == 3
    viure_2025 = Call.objects.get(scheme__short_name="VIURE", year=2025)
    assert not viure_2025.is_open()
    assert Call.objects.get(scheme__short_name="VIURE", year=2026).is_open()
    html = client.get("/appels/viure-2025/").content.decode()
    assert "sont closes" in html
    assert "Candidater" in client.get("/appels/viure-2026/").content.decode()
