"""Members write Markdown; what reaches a page is always sanitised HTML.

Raw HTML is switched off in the parser, and the parser's output still goes through nh3 with an
allowlist: a converter's « safe mode » is not a sanitiser. Mentions are written
``@[Nom affiché]`` (the autocomplete inserts them) so that display names with spaces work.
"""

import re

import nh3
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# In rendered HTML the brackets survive, the name is already escaped by the parser.
MENTION_HTML = re.compile(r"@\[([^\]\[<>\n]{1,80})\]")
MENTION_SOURCE = re.compile(r"@\[([^\]\[\n]{1,80})\]")
LINK_SOURCE = re.compile(r"(https?://|www\.)", re.IGNORECASE)
MAX_MENTIONS = 10


def render(text: str) -> str:
    html = _parser.render(text or "")
    html = MENTION_HTML.sub(r'<span class="mention">@\1</span>', html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        allowed_classes={"span": {"mention"}},
    )


def mentioned_names(text: str) -> list[str]:
    names = []
    for match in MENTION_SOURCE.finditer(text or ""):
        name = match.group(1).strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_MENTIONS]


def count_links(text: str) -> int:
    return len(LINK_SOURCE.findall(text or ""))


def quote(author_name: str, body: str) -> str:
    """The Markdown a « Citer » button puts in the reply box."""
    lines = (body or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" for line in lines)
    return f"> **{author_name}** :\n{quoted}\n\n"
