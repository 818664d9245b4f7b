"""French text analysis in Python, for the parts of the search that do not rely on an engine's
analyzer: the SQLite FTS5 index, query validation and the highlighting of database hits.

It mirrors the Elasticsearch analyzer of ``backends/elasticsearch.py`` (elision, lowercase,
French stop words, ASCII folding, light French stemmer) closely enough that « habitats
partagés », « l'habitat partagé » and « cooperative » find what a French reader expects.
The stemmer is a reduced form of J. Savoy's light French stemmer (the ``light_french`` of
Elasticsearch): plurals and feminine endings, not verb conjugations.
"""

import re
import unicodedata

# Elided articles (l', d', qu'…) end up as short tokens once apostrophes split words: they are
# listed here with the usual French stop words.
STOP_WORDS = frozenset(
    [
        "a",
        "ai",
        "aie",
        "aient",
        "aies",
        "ait",
        "as",
        "au",
        "aux",
        "avaient",
        "avais",
        "avait",
        "avec",
        "avez",
        "aviez",
        "avions",
        "avons",
        "ayant",
        "c",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "ces",
        "cet",
        "cette",
        "ceux",
        "chez",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "es",
        "est",
        "et",
        "etaient",
        "etais",
        "etait",
        "etant",
        "ete",
        "etes",
        "etiez",
        "etions",
        "eu",
        "eue",
        "eues",
        "eurent",
        "eus",
        "eut",
        "eux",
        "fut",
        "furent",
        "j",
        "je",
        "jusqu",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "lorsqu",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "pas",
        "pour",
        "puisqu",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoiqu",
        "s",
        "sa",
        "sans",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)
MAX_QUERY_TERMS = 20
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase without accents or ligatures: « Cœur » → « coeur », « Été » → « ete »."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(token: str) -> str:
    """Light French stemming of one folded token."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("aux") and len(token) > 4:
        token = token[:-3] + "al"  # sociaux → social, locaux → local
    elif token.endswith(("s", "x")):
        token = token[:-1]  # habitats → habitat, jeux → jeu
    if token.endswith("if") and len(token) > 4:
        token = token[:-2] + "iv"  # collectif ≈ collective
    for _ in range(2):  # partagée → partage → partag ; partagé (folded: partage) → partag
        if token.endswith("e") and len(token) > 3:
            token = token[:-1]
    if len(token) > 4 and token[-1] == token[-2] and token[-1] in "lnt":
        token = token[:-1]  # nouvell(e) ≈ nouvel, bonn(e) ≈ bon
    return token


def words(text: str) -> list[str]:
    """Folded words of ``text`` without the stop words, before stemming."""
    return [token for token in _TOKEN.findall(fold(text)) if token not in STOP_WORDS]


def analyze(text: str) -> list[str]:
    """The indexed terms of ``text``: folded, without stop words or elisions, stemmed."""
    return [stem(token) for token in words(text)]


# Boolean operators typed out of habit are not words to look for: every word is required.
QUERY_OPERATORS = frozenset({"and", "or", "not", "et", "ou"})


def query_terms(query: str) -> list[str]:
    """The terms of a user query, deduplicated, at most ``MAX_QUERY_TERMS``. Syntax
    characters of any engine (quotes, ``*``, ``:``, parentheses, ``-``) are dropped, and
    ``AND``/``OR`` are plain words, so no input can become an engine syntax error."""
    seen = []
    for term in analyze(query):
        if term not in seen and term not in QUERY_OPERATORS:
            seen.append(term)
    return seen[:MAX_QUERY_TERMS]


def query_words(query: str) -> list[str]:
    """The words of a user query, folded and unstemmed (for engines that stem themselves)."""
    seen = []
    for word in words(query):
        if word not in seen and word not in QUERY_OPERATORS:
            seen.append(word)
    return seen[:MAX_QUERY_TERMS]


def indexed_text(text: str) -> str:
    return " ".join(analyze(text))
