import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_zero_results_is_singular_as_in_french(client, site):
    html = client.get("/recherche/", {"q": "zzzzinexistant"}).content.decode()
    assert "0 résultat pour" in html
    assert "0 résultats" not in html


def test_numbers_dates_and_euros_are_formatted_the_french_way():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 14, 9, 5))
    rendered = Template(
        "{% load humanize %}{{ amount|floatformat:2 }} €|{{ big|intcomma }}|"
        "{{ moment|date:'j F Y à H:i' }}"
    ).render(Context({"amount": Decimal("1234567.5"), "big": 1234567, "moment": moment}))
    amount, big, date = rendered.split("|")
    assert amount.replace("\xa0", " ").replace("\u202f", " ") == "1 234 567,50 €"
    assert big.replace("\xa0", " ").replace("\u202f", " ") == "1 234 567"
    assert date == "14 mars 2026 à 09:05"
