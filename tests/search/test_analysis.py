import pytest

from search.analysis import analyze, query_terms
from search.highlight import passage


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("habitats partagés", "habitat partagé"),
        ("coopérative", "cooperatives"),
        ("l'habitat", "habitat"),
        ("L’Habitat", "habitats"),
        ("logements sociaux", "logement social"),
        ("collectif", "collective"),
        ("partagées", "partagé"),
    ],
)
def test_french_inflections_meet(left, right):
    assert analyze(left) == analyze(right)


def test_stop_words_and_syntax_disappear():
    assert query_terms("le la les de des du") == []
    assert query_terms('" * : ( ) AND OR -') == []
    assert len(query_terms("mot " * 500 + " ".join(f"m{n}" for n in range(100)))) <= 20


def test_passage_marks_inflected_words_and_escapes():
    html = passage("Une <b>coopérative</b> d'habitants partagée", analyze("partagés coopératives"))
    assert (
        html
        == "Une &lt;b&gt;<mark>coopérative</mark>&lt;/b&gt; d&#x27;habitants <mark>partagée</mark>"
    )
