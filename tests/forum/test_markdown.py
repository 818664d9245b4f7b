"""The sanitiser against a corpus of XSS payloads: nothing executable survives."""

from html.parser import HTMLParser

import pytest

import forum.markdown
from forum.markdown import ALLOWED_TAGS, MAX_MENTIONS, count_links, mentioned_names, quote, render

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


# Each sanitising layer on its own: the Markdown parser with raw HTML off, then nh3.


@pytest.mark.parametrize(
    ("source", "html"),
    [
        # nh3 would keep <strong> and drop <b> while keeping its text: only the parser
        # escaping raw HTML gives these.
        ("<strong>x</strong>", "<p>&lt;strong&gt;x&lt;/strong&gt;</p>\n"),
        ("<b>gras</b>", "<p>&lt;b&gt;gras&lt;/b&gt;</p>\n"),
        (
            'texte <span class="mention">@Faux</span>',
            '<p>texte &lt;span class="mention"&gt;@Faux&lt;/span&gt;</p>\n',
        ),
        ("<div>\nbloc\n</div>", "<p>&lt;div&gt;\nbloc\n&lt;/div&gt;</p>\n"),
    ],
)
def test_the_parser_escapes_raw_html(source, html):
    assert render(source) == html


class _RawHtml:
    """A parser that would let raw HTML through: what nh3 alone must catch."""

    def render(self, text):
        return text


def test_nh3_alone_keeps_only_the_allowlist(monkeypatch):
    monkeypatch.setattr(forum.markdown, "_parser", _RawHtml())
    raw = (
        '<p onclick="x()" class="lead"><script>alert(1)</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">a</a> <strong style="color:red">ok</strong> '
        '<span class="mention evil">@Léa</span> <span class="autre">b</span> '
        '<iframe src="//e.x"></iframe><ol start="2" type="a"><li>x</li></ol></p>'
    )
    assert render(raw) == (
        '<p><a rel="nofollow ugc noopener">a</a> <strong>ok</strong> '
        '<span class="mention">@Léa</span> <span class="">b</span> </p>'
        '<ol start="2"><li>x</li></ol><p></p>'
    )


def test_images_are_not_allowed():
    assert "img" not in ALLOWED_TAGS
    # The parser turns the Markdown image into <img>; nh3 removes it.
    assert render("![photo](https://exemple.fr/p.png)") == "<p></p>\n"
    assert render("avant ![x](https://exemple.fr/p.png) après") == "<p>avant  après</p>\n"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("**gras** *italique*", "<p><strong>gras</strong> <em>italique</em></p>\n"),
        ("~~barré~~", "<p><s>barré</s></p>\n"),
        ("# Titre\n\n###### Six", "<h1>Titre</h1>\n<h6>Six</h6>\n"),
        ("a  \nb", "<p>a<br>\nb</p>\n"),
        ("---", "<hr>\n"),
        ("> citation", "<blockquote>\n<p>citation</p>\n</blockquote>\n"),
        ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n"),
        ("3. trois\n4. quatre", '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>\n'),
        # The language class of a fenced block is not allowed.
        ("```python\nx = 1\n```", "<pre><code>x = 1\n</code></pre>\n"),
        ("`code`", "<p><code>code</code></p>\n"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n"
            "<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n",
        ),
        # Neither linkify nor the typographer: text stays as typed.
        ("voir https://exemple.fr", "<p>voir https://exemple.fr</p>\n"),
        ('"a" -- (c) ...', '<p>"a" -- (c) ...</p>\n'),
        ("", ""),
    ],
)
def test_markdown_renders_to_exact_html(source, html):
    assert render(source) == html


def test_render_of_nothing_is_empty():
    assert render(None) == ""


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "[site](https://exemple.fr)",
            '<p><a href="https://exemple.fr" rel="nofollow ugc noopener">site</a></p>\n',
        ),
        (
            '[t](https://exemple.fr "Titre")',
            '<p><a href="https://exemple.fr" title="Titre" rel="nofollow ugc noopener">t</a></p>\n',
        ),
        (
            "[m](mailto:lea@exemple.fr)",
            '<p><a href="mailto:lea@exemple.fr" rel="nofollow ugc noopener">m</a></p>\n',
        ),
        ("[f](ftp://exemple.fr/x)", '<p><a rel="nofollow ugc noopener">f</a></p>\n'),
        (
            "<https://exemple.fr>",
            '<p><a href="https://exemple.fr" rel="nofollow ugc noopener">https://exemple.fr</a>'
            "</p>\n",
        ),
    ],
)
def test_links_keep_only_allowed_schemes_and_attributes(source, html):
    assert render(source) == html


def test_mentions_become_spans_in_rendered_html():
    assert render("Merci @[Léa] et @[x<y]") == (
        '<p>Merci <span class="mention">@Léa</span> et <span class="mention">@x&lt;y</span></p>\n'
    )
    assert render("@[]") == "<p>@[]</p>\n"


def test_mentioned_names_are_stripped_deduplicated_and_limited():
    assert MAX_MENTIONS == 10
    text = " ".join(f"@[Nom {n}]" for n in range(12))
    assert mentioned_names(text) == [f"Nom {n}" for n in range(10)]
    assert mentioned_names("@[  ] @[ Léa ] @[léa] @[LÉA]") == ["Léa"]
    assert mentioned_names(None) == []
    assert mentioned_names("@[Jules]") == ["Jules"]


def test_links_are_counted_in_any_case():
    assert count_links("HTTPS://A.FR WWW.b.fr ftp://c.fr http:/d") == 2
    assert count_links(None) == 0


@pytest.mark.parametrize(
    ("body", "markdown"),
    [
        ("Bonjour\nà tous\n", "> **Léa** :\n> Bonjour\n> à tous\n\n"),
        ("  \n  un  \n", "> **Léa** :\n> un\n\n"),
        ("", "> **Léa** :\n> \n\n"),
        (None, "> **Léa** :\n> \n\n"),
    ],
)
def test_quote_prefixes_every_line(body, markdown):
    assert quote("Léa", body) == markdown
