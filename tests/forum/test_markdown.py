"""The sanitiser against a corpus of XSS payloads: nothing executable survives."""

from html.parser import HTMLParser

import pytest

from forum.markdown import ALLOWED_TAGS, count_links, mentioned_names, render

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](javascript:alert(1))",
    '![x](https://evil.example/pixel.png "onerror=alert(1)")',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '[a](https://ok.example "\\" onmouseover=alert(1) x=\\"")',
    "@[<script>alert(1)</script>]",
    "<<script>script>alert(1)<</script>/script>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert(payload):
    collector = _Collector()
    collector.feed(render(payload))
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("http://", "https://", "mailto:"))
        if tag == "span":
            assert attrs in ({}, {"class": "mention"})


def test_links_get_nofollow_ugc_noopener():
    html = render("[site](https://exemple.fr)")
    assert 'href="https://exemple.fr"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_markdown_features_survive():
    html = render("**gras** *italique*\n\n> citation\n\n- un\n- deux\n\n`code`")
    for fragment in ("<strong>gras</strong>", "<em>italique</em>", "<blockquote>", "<li>un</li>",
                     "<code>code</code>"):  # fmt: skip
        assert fragment in html


def test_mentions_are_rendered_and_extracted():
    text = "Merci @[Jules Membre] et @[jules membre] et @[Léa]"
    assert mentioned_names(text) == ["Jules Membre", "Léa"]
    assert '<span class="mention">@Jules Membre</span>' in render(text)


def test_links_are_counted():
    assert count_links("voir https://a.fr et http://b.fr et www.c.fr") == 3
