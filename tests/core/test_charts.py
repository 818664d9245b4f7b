"""The one bar chart (labo.core.charts + templates/includes/bar_chart.html): bars in
proportion to their values in both orientations, an overlay on the same scale, a name for
assistive technologies pointing to the table of values, escaped labels and coordinates that
stay SVG numbers on a French page."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from labo.core.charts import bar_chart


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_horizontal_bars_are_in_proportion_and_the_longest_fills_the_room():
    chart = bar_chart(["Déposé", "Agora", "Sélection"], [20, 10, 0], horizontal=True)
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert chart["bars"][0]["value_x"] + 90 == pytest.approx(chart["width"] + 6)
    assert [bar["y"] for bar in chart["bars"]] == sorted({bar["y"] for bar in chart["bars"]})
    assert chart["height"] > chart["bars"][-1]["y"]


def test_vertical_bars_stand_on_the_axis():
    chart = bar_chart([2026, 2027], [Decimal("1000.00"), Decimal("250.00")])
    first, second = chart["bars"]
    axis = chart["axis"]["y1"]
    assert first["y"] + first["height"] == pytest.approx(axis)
    assert second["y"] + second["height"] == pytest.approx(axis)
    assert first["height"] == pytest.approx(4 * second["height"], abs=0.1)
    assert first["x"] < second["x"]
    assert first["value_x"] is None


def test_the_overlay_shares_the_scale_of_the_bars():
    chart = bar_chart([2026, 2027], [Decimal(100), Decimal(100)], overlay=[200, 100])
    points = [tuple(map(float, point.split(","))) for point in chart["overlay"].split()]
    bar = chart["bars"][1]
    assert points[1][1] == pytest.approx(bar["y"], abs=0.1)
    assert points[0][1] < points[1][1]
    assert bar_chart([2026], [1])["overlay"] == ""


def test_horizontal_overlay_points_sit_at_the_end_of_equal_bars():
    chart = bar_chart(["a", "b"], [3, 6], horizontal=True, overlay=[3, 6])
    xs = [float(point.split(",")[0]) for point in chart["overlay"].split()]
    ends = [bar["x"] + bar["width"] for bar in chart["bars"]]
    assert xs == pytest.approx(ends, abs=0.1)


def test_many_years_are_labelled_every_fifth():
    shown = [bar["show_label"] for bar in bar_chart(range(2026, 2056), range(30))["bars"]]
    assert shown.count(True) == 6 and shown[0] and shown[5] and not shown[1]
    assert all(bar["show_label"] for bar in bar_chart(range(12), range(12))["bars"])


def test_empty_and_zero_series_draw_nothing_without_dividing_by_zero():
    assert bar_chart([], [])["bars"] == []
    assert bar_chart([], [], horizontal=True)["height"] > 0
    assert [bar["height"] for bar in bar_chart([1, 2], [0, None])["bars"]] == [0, 0]


def test_a_label_per_value_is_required():
    with pytest.raises(ValueError):
        bar_chart(["a"], [1, 2])
    with pytest.raises(ValueError):
        bar_chart(["a", "b"], [1, 2], overlay=[1])


def test_a_chart_named_by_a_heading_describes_where_its_values_are():
    chart = bar_chart(["<b>Étape</b>"], [12.5], horizontal=True)
    html = render_to_string("includes/bar_chart.html", {"chart": chart, "labelledby": "titre-x"})
    assert 'role="img" aria-labelledby="titre-x"' in html
    assert "<desc>Les valeurs sont dans le tableau qui suit.</desc>" in html
    assert "&lt;b&gt;Étape&lt;/b&gt;" in html and "<b>" not in html
    # The printed value is French, the geometry never is.
    assert ">12,5<" in html
    assert not re.search(r'(x|y|width|height)="\d+,\d+"', html)
    assert "<figcaption" not in html


def test_a_chart_with_its_own_title_links_to_its_table_and_explains_its_overlay():
    chart = bar_chart([2026, 2027], [Decimal("1234.56"), 1], overlay=[2, 3])
    html = render_to_string(
        "includes/bar_chart.html",
        {
            "chart": chart,
            "title": "Capital <dû>",
            "table_id": "tableau",
            "bars_label": "garanties accordées",
            "overlay_label": "avec ce dossier",
        },
    )
    assert 'aria-labelledby="tableau-capital-du"' in html
    assert '<title id="tableau-capital-du">Capital &lt;dû&gt; — les valeurs' in html
    assert '<a href="#tableau">' in html
    assert "trait pointillé : avec ce dossier" in html and "<polyline" in html
    assert not re.search(r'="[\d.]*,\d', html.split("<polyline")[0])
