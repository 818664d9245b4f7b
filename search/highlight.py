"""Highlighted passages for the database backend, computed in Python on the hits of one page
(Elasticsearch returns its own). The same analysis as the index decides what matches, so
« partagés » in a query marks « partagée » in the text."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import STOP_WORDS, fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
PASSAGE_CHARS = 220


@lru_cache(maxsize=50_000)
def _term(word: str) -> str | None:
    """The indexed term of ``word`` (None for a stop word). Memoised: a page of hits has
    thousands of words but few distinct ones, and folding + stemming each occurrence was
    most of the time of a selective search."""
    folded = fold(word)
    return None if folded in STOP_WORDS else stem(folded)


def _matches(word: str, terms: set[str]) -> bool:
    term = _term(word)
    return term is not None and term in terms


def passage(text: str, terms: list[str], size: int = PASSAGE_CHARS) -> str:
    """The passage of ``text`` around its first matching word, escaped, with ``<mark>``
    around each matching word; "" when nothing matches."""
    if not text or not terms:
        return ""
    wanted = set(terms)
    spans = [m.span() for m in _WORD.finditer(text) if _matches(m.group(), wanted)]
    if not spans:
        return ""
    first_start = spans[0][0]
    start = max(0, first_start - size // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first_start else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first_start else end
    parts = ["… " if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append(" …" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def best_passage(fields: list[str], terms: list[str]) -> str:
    for text in fields:
        found = passage(text, terms)
        if found:
            return found
    return ""
