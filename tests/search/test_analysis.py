"""The French analysis of the database search, pinned to exact terms.

Each stem below follows from the rules of ``search.analysis.stem`` applied by hand: drop a
final « s »/« x » (« -aux » becomes « -al »), « -if » becomes « -iv », then at most two
final « e », then one letter of a final « ll », « nn » or « tt », never below the lengths
the rules name.
"""

import pytest

from search.analysis import (
    MAX_QUERY_TERMS,
    analyze,
    fold,
    indexed_text,
    query_terms,
    query_words,
    stem,
    words,
)
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


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("habitats partagés", ["habitat", "partag"]),
        ("l'habitat partagé", ["habitat", "partag"]),
        ("Coopératives d'habitants", ["cooperativ", "habitant"]),
        ("logements sociaux", ["logement", "social"]),
        ("collectif", ["collectiv"]),
        ("collective", ["collectiv"]),
    ],
)
def test_french_inflections_meet_on_an_exact_stem(text, terms):
    assert analyze(text) == terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("HABITAT", "habitat"),
        ("Cœur", "coeur"),  # ligature
        ("Ex ÆQUO", "ex aequo"),
        ("Été à Sète", "ete a sete"),  # accents, capitals included
        ("Ça, ô Noël", "ca, o noel"),
    ],
)
def test_fold_lowercases_and_removes_accents_and_ligatures(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("token", "stemmed"),
    [
        # Three letters or fewer, and numbers, are left alone.
        ("ans", "ans"),
        ("eau", "eau"),
        ("2026", "2026"),
        # Plurals in « s » and « x ».
        ("lots", "lot"),
        ("habitats", "habitat"),
        ("jeux", "jeu"),
        ("pays", "pay"),
        # « -aux » → « -al » from five letters; « taux » only loses its « x ».
        ("sociaux", "social"),
        ("chevaux", "cheval"),
        ("etaux", "etal"),
        ("taux", "tau"),
        # « -if » → « -iv » from five letters, so that « actif » meets « active ».
        ("collectif", "collectiv"),
        ("actif", "activ"),
        ("juif", "juif"),
        # Up to two final « e », never below three letters.
        ("partagee", "partag"),
        ("partagees", "partag"),
        ("agreees", "agre"),
        ("idees", "ide"),
        ("fees", "fee"),
        # A doubled final l, n or t loses one letter, from five letters on.
        ("nouvelle", "nouvel"),
        ("ancienne", "ancien"),
        ("chouette", "chouet"),
        ("lionne", "lion"),  # « lionn »: five letters
        ("chatte", "chat"),
        ("ville", "vill"),
        ("adresse", "adress"),  # « ss » is not one of them
        # Words that need no change.
        ("habitant", "habitant"),
        ("habiter", "habiter"),
    ],
)
def test_light_stemmer_rules(token, stemmed):
    assert stem(token) == stemmed


@pytest.mark.parametrize(
    "distinct",
    [
        ("habitat", "habitant", "habiter"),
        ("ville", "vil"),
        ("lot", "loto"),
        ("social", "societe"),
        ("taux", "tale"),
        ("juif", "juive"),
    ],
)
def test_distinct_words_stay_distinct(distinct):
    terms = [analyze(word) for word in distinct]
    assert all(len(term) == 1 for term in terms)
    assert len({term[0] for term in terms}) == len(distinct), terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'habitat", ["habitat"]),
        ("L’Habitat", ["habitat"]),  # typographic apostrophe, capital
        ("d'habitants", ["habitant"]),
        ("qu'il", ["il"]),
        ("jusqu'à lorsqu'on puisqu'elle quoiqu'y", []),
        ("c'est j'ai m'a n'est s'y t'as", []),
    ],
)
def test_elisions_are_removed(text, expected):
    assert analyze(text) == expected


def test_stop_words_are_removed_before_stemming():
    assert words("Les habitats de la Coopérative et des Communs") == [
        "habitats",
        "cooperative",
        "communs",
    ]
    assert analyze("Les habitats de la Coopérative et des Communs") == [
        "habitat",
        "cooperativ",
        "commun",
    ]
    assert indexed_text("Les habitats partagés du Lot") == "habitat partag lot"
    assert indexed_text("") == ""


def test_stop_words_and_syntax_disappear():
    assert query_terms("le la les de des du") == []
    assert query_terms('" * : ( ) AND OR -') == []
    assert query_terms('"habitat*" -(partagé:)') == ["habitat", "partag"]


def test_query_terms_are_stemmed_deduplicated_without_operators_in_order():
    query = "Habitats ET habitat OR partagées AND partagé NOT oasis ou Lot"
    assert query_terms(query) == ["habitat", "partag", "oasi", "lot"]
    assert query_words(query) == ["habitats", "habitat", "partagees", "partage", "oasis", "lot"]


def test_query_terms_stop_at_the_limit():
    assert MAX_QUERY_TERMS == 20
    query = "mot " * 500 + " ".join(f"m{n}" for n in range(100))
    assert query_terms(query) == ["mot"] + [f"m{n}" for n in range(19)]
    assert query_words(query) == ["mot"] + [f"m{n}" for n in range(19)]
    assert query_words(" ".join(f"m{n}" for n in range(20))) == [f"m{n}" for n in range(20)]


def test_passage_marks_inflected_words_and_escapes():
    html = passage("Une <b>coopérative</b> d'habitants partagée", analyze("partagés coopératives"))
    assert (
        html
        == "Une &lt;b&gt;<mark>coopérative</mark>&lt;/b&gt; d&#x27;habitants <mark>partagée</mark>"
    )
