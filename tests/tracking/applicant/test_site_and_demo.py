"""The « Appels » index is part of the site structure; the demo calls load idempotently."""

from datetime import timedelta

import pytest
from django.utils import timezone

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


def test_demo_calls_name_the_service_their_receipts_quote(site):
    # A call made before (by the 2025 funnel's loader, or before receipts existed).
    from projects.tracking import presets

    past = timezone.now() - timedelta(days=400)
    presets.create_call(
        presets.viure_scheme(), year=2025, opens_at=past, closes_at=past + timedelta(days=90)
    )
    load_calls_demo()
    for call in Call.objects.all():
        assert call.instruction_service and call.contact_email and call.contact_phone
        assert call.service_address == presets.REGION_SERVICE_ADDRESS
    months = dict(Call.objects.values_list("scheme__short_name", "instruction_months").distinct())
    assert months == {"VIURE": 6, "GAR": None}
