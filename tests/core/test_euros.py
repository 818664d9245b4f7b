"""One way to write an amount (labo.core.formats.euros and the ``euros`` filter): French
grouping, decimal comma, a no-break space before « € » so the sign never wraps alone, « — »
for an unknown amount, rounded half up as ``floatformat`` did."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from labo.core.formats import euros

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def plain(text: str) -> str:
    """Django's French locale groups thousands with a no-break space (narrow in some
    versions): compare digits, not which no-break space."""
    return text.replace("\N{NARROW NO-BREAK SPACE}", " ").replace(NBSP, " ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.5"), "1 234 567,50 €"),
        (Decimal("12.345"), "12,35 €"),
        (Decimal("-1234.565"), "-1 234,57 €"),
        (1500, "1 500,00 €"),
        (-42, "-42,00 €"),
        (0, "0,00 €"),
        (2.675, "2,68 €"),
        (0.1, "0,10 €"),
        ("980.5", "980,50 €"),
        (
            Decimal("123456789012345678901234567890.125"),
            "123 456 789 012 345 678 901 234 567 890,13 €",
        ),
        (10**30, "1 " + " ".join(["000"] * 10) + ",00 €"),
    ],
)
def test_amounts_keep_their_cents(value, expected):
    assert plain(euros(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("994610"), "994 610 €"),
        (Decimal("1234.5"), "1 235 €"),
        (Decimal("-1234.5"), "-1 235 €"),
        (999.49, "999 €"),
    ],
)
def test_whole_euros(value, expected):
    assert plain(euros(value, decimals=0)) == expected


def test_the_euro_sign_is_held_to_its_amount():
    assert euros(Decimal("12.5")).endswith(f"12,50{NBSP}€")
    assert " " not in euros(Decimal("1234567.89"))


def test_what_rounds_to_nothing_is_not_negative():
    assert euros(Decimal("-0.004")) == f"0,00{NBSP}€"
    assert euros(-0.4, decimals=0) == f"0{NBSP}€"


def test_an_unknown_amount_is_a_dash():
    assert euros(None) == "—"
    assert euros(None, decimals=0) == "—"


def test_what_is_not_a_number_is_refused():
    with pytest.raises(ArithmeticError):
        euros("douze")


def render(template: str, **context) -> str:
    return Template("{% load labo_tags %}" + template).render(Context(context))


def test_the_filter_writes_the_same_as_the_function():
    amount = Decimal("633333.33")
    assert render("{{ amount|euros }}", amount=amount) == euros(amount)
    assert render("{{ amount|euros:0 }}", amount=amount) == euros(amount, 0)
    assert plain(render("{{ amount|euros:0 }}", amount=amount)) == "633 333 €"
    assert render("{{ amount|euros }}", amount=None) == "—"
    assert plain(render("{{ amount|euros }}", amount=-1500)) == "-1 500,00 €"


def test_the_filter_prints_nothing_for_what_is_not_a_number():
    assert render("{{ amount|euros }}", amount="n/a") == ""
    assert render("{{ missing|euros }}") == ""
    assert render("{{ amount|euros:'deux' }}", amount=Decimal(1)) == ""
