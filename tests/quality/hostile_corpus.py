"""One corpus of hostile strings, shared by every hostile-input test.

Each payload carries a unique marker (``hxm01``…) twice: once as plain text, so the test can
find where the string landed even after a sanitiser removed the markup, and once as an
*attribute name* inside the injected markup (``<img src=x onerror=… hxm02>``). Escaped text
never creates an attribute name, so an element carrying the marker as an attribute is proof
that the payload became markup.
"""

import csv
import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django import forms


@dataclass(frozen=True)
class Payload:
    marker: str
    category: str
    text: str

    def __str__(self):
        return self.text


# Categories, so a scenario that samples the corpus still sends each kind at least once.
XSS = "xss"
MARKDOWN = "markdown"
URL = "url"
SQL = "sql"
TEMPLATE = "template"
CSV = "csv"
LONG = "long"
CONTROL = "control"
BIDI = "bidi"
EMOJI = "emoji"
NULL = "null"

LONG_LENGTH = 10_050

_RAW = [
    # Raw tags and attribute breakouts.
    (XSS, "hxm01 <script hxm01>alert(1)</script>"),
    (XSS, 'hxm02 "><img src=x onerror=alert(1) hxm02>'),
    (XSS, "hxm03 '><svg onload=alert(1) hxm03>"),
    (XSS, "hxm04 <svg><script hxm04>alert(1)</script></svg>"),
    (XSS, "hxm05 <math><mtext><table><mglyph><style><img src=x onerror=alert(1) hxm05>"),
    (XSS, 'hxm06 <a href="javascript:alert(1)" hxm06>clic</a>'),
    (XSS, "hxm07 &lt;script hxm07&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;"),
    (XSS, "hxm08 %3Cscript%20hxm08%3Ealert(1)%3C%2Fscript%3E"),
    (XSS, "hxm09 \\u003cscript hxm09\\u003ealert(1)\\u003c/script\\u003e"),
    (
        XSS,
        'hxm10 <div style="background:url(javascript:alert(1));width:expression(alert(1))" '
        "hxm10>css</div>",
    ),
    (XSS, 'hxm11 <iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" hxm11></iframe>'),
    (XSS, "hxm12 \uff1cscript hxm12\uff1ealert(1)\uff1c/script\uff1e"),
    (XSS, "hxm13 </textarea></title></script><script hxm13>alert(1)</script>"),
    (XSS, 'hxm14 <!--<img src="--><img src=x onerror=alert(1) hxm14>-->'),
    # A valid address (quoted local part) that is also markup, for e-mail fields.
    (XSS, '"<img src=x onerror=alert(1) hxm15>"@exemple.fr'),
    # A line break in what may become an e-mail subject (header injection).
    (CONTROL, "hxm16 sujet\r\nBcc: victime@exemple.fr"),
    # Markdown link and image injections (the forum renders Markdown).
    (MARKDOWN, "hxm20 [clic](javascript:alert(1))"),
    (MARKDOWN, "hxm21 [clic](JaVaScRiPt&#58;alert(1)) [deux](&#x6A;avascript:alert(1))"),
    (MARKDOWN, "hxm22 [clic](javascript%3Aalert(1)) [deux](java\tscript:alert(1))"),
    (MARKDOWN, '![hxm23](javascript:alert(1)) ![x](x" onerror="alert(1))'),
    (MARKDOWN, "hxm24 [clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    (MARKDOWN, "hxm25 <javascript:alert(1)> <vbscript:msgbox(1)>"),
    (MARKDOWN, 'hxm26 [a](https://exemple.fr "titre" onmouseover="alert(1)")'),
    # A bare dangerous address, for URL fields.
    (URL, "javascript:alert(1)//hxm27"),
    # SQL fragments.
    (SQL, "hxm30 ' OR 1=1 --"),
    (SQL, 'hxm31"; DROP TABLE accounts_user; --'),
    # Template syntax of Django, Jinja, JS template literals, ERB.
    (TEMPLATE, "hxm32 {{ 7*7 }} {% debug %} {{ request.user.password }}"),
    (TEMPLATE, "hxm33 ${7*7} #{7*7} <%= 7*7 %>"),
    # Spreadsheet formulas (CSV/XLSX injection).
    (CSV, '=HYPERLINK("https://evil.example/","hxm35")'),
    (CSV, "+1+1 hxm36"),
    (CSV, "-2+3 hxm37"),
    (CSV, "@SUM(1+1) hxm38"),
    (CSV, "\t=1+1 hxm39"),
    # Very long strings.
    (LONG, "hxm41 " + "A" * LONG_LENGTH),
    (LONG, "hxm42 " + "é<b>" * (LONG_LENGTH // 4)),
    # Control, bidi and zero-width characters, emoji.
    (CONTROL, "hxm43 \x01\x07\x1b[31m rouge\x7f \x0b\x0c fin"),
    (BIDI, "hxm44 facture\u202efdp.exe \u200b\u200d\ufeff \u2066isolé\u2069"),
    (EMOJI, "hxm45 🏡👩‍👩‍👧‍👦 🇫🇷 \U0001f4a9"),
    (NULL, "hxm46 nul\x00 octet"),
]

CORPUS = [Payload(re.search(r"hxm\d\d", text).group(), category, text) for category, text in _RAW]

assert len({payload.marker for payload in CORPUS}) == len(CORPUS), "markers must be unique"

CATEGORIES = sorted({payload.category for payload in CORPUS})


def by_category(*categories):
    return [payload for payload in CORPUS if payload.category in categories]


# Kept in every sample: they found real bugs (a control character broke the XLSX exports)
# or break out of an attribute, a textarea, an e-mail header or a spreadsheet cell.
ALWAYS_SAMPLED = {"hxm02", "hxm13", "hxm16", "hxm21", "hxm36", "hxm43"}


def sample(per_category=1):
    """The first ``per_category`` payloads of each category, plus ``ALWAYS_SAMPLED``: for
    slow paths."""
    picked, counts = [], {}
    for payload in CORPUS:
        if payload.marker in ALWAYS_SAMPLED:
            picked.append(payload)
        elif counts.get(payload.category, 0) < per_category:
            picked.append(payload)
            counts[payload.category] = counts.get(payload.category, 0) + 1
    return picked


# --- Checks: did the payload stay text? Each finding is a readable string, so one scenario
# reports all its failures at once instead of stopping at the first.

MARKERS = {payload.marker for payload in CORPUS}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Words of Django's English default messages: a French message never contains them.
ENGLISH = re.compile(
    r"\b(Ensure this|This field|Enter a|is required|are not allowed|Select a valid|"
    r"characters|valid URL|has at most)\b"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\s]+")


def _scheme(value: str) -> str:
    # As a browser reads it: entities decoded, tabs and line breaks dropped; a
    # percent-encoded colon (« javascript%3A… ») is a harmless relative address.
    return _CONTROL.sub("", html.unescape(value)).lower()


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self._script = None
        self._script_text = []

    def handle_starttag(self, tag, attrs):
        names = [name for name, _value in attrs]
        created = MARKERS.intersection(names)
        if created:
            self.findings.append(f"payload {sorted(created)} became a <{tag}> element: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event handler attribute {name}= on <{tag}>: {value!r}")
            if name in URL_ATTRIBUTES and value and _scheme(value).startswith(DANGEROUS_SCHEMES):
                self.findings.append(f"<{tag} {name}={value!r}>: dangerous scheme")
        if tag == "script":
            kind = dict(attrs).get("type") or "text/javascript"
            self._script = kind
            self._script_text = []
        elif tag == "style":
            # The parser reads a <style> as raw text up to « </style> »: markup a payload made
            # inside it (« <math><style><img onerror=…> », mutation XSS) would be invisible,
            # and so would everything after it on the page.
            self._script = "style"
            self._script_text = []

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._script is not None:
            self._raw_text_done()

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def close(self):
        super().close()
        if self._script is not None:  # never closed: it swallowed the rest of the page
            self._script_text.append(self.rawdata)  # what Python 3.11's close() drops
            self._raw_text_done()

    def _raw_text_done(self):
        text = "".join(self._script_text)
        if any(marker in text for marker in MARKERS):
            if self._script == "style":
                self.findings.append(f"user text inside a <style>: {text[:200]!r}")
            elif "json" not in self._script:
                self.findings.append(f"user text inside an executable <script>: {text[:200]!r}")
        self._script = None


def html_findings(content: str, where: str) -> list[str]:
    parser = _Collector()
    parser.feed(content)
    parser.close()
    findings = [f"{where}: {finding}" for finding in parser.findings]
    text = html.unescape(content)
    for template_marker in ("hxm32", "hxm33"):
        if re.search(template_marker + r"\s+49\b", text):
            findings.append(f"{where}: template syntax of {template_marker} was evaluated")
    if "\x00" in content:
        findings.append(f"{where}: a NUL character reached the page")
    return findings


def csv_findings(content: bytes, where: str) -> list[str]:
    text = content.decode("utf-8-sig")
    findings = []
    # The project's exports use « ; » (French spreadsheets); Wagtail's list_export uses « , ».
    delimiter = ";" if ";" in text.partition("\n")[0] else ","
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        findings.extend(_cell_findings(row, where))
    return findings


def xlsx_findings(content: bytes, where: str) -> list[str]:
    from openpyxl import load_workbook

    findings = []
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    findings.append(f"{where}: formula cell {cell.coordinate}: {cell.value!r}")
            findings.extend(_cell_findings([cell.value for cell in row], where))
    return findings


def xlsx_text(content: bytes) -> str:
    """Every text cell of a workbook, one per line."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    )


def _cell_findings(values, where):
    findings = []
    for value in values:
        marked = isinstance(value, str) and any(marker in value for marker in MARKERS)
        if marked and value.startswith(FORMULA_STARTS):
            findings.append(f"{where}: cell not neutralised: {value[:80]!r}")
    return findings


def pdf_findings(content: bytes, where: str) -> list[str]:
    findings = []
    if not content.startswith(b"%PDF-"):
        findings.append(f"{where}: not a PDF")
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/OpenAction"):
        if action in content:
            findings.append(f"{where}: PDF contains {action!r}")
    return findings


def email_findings(messages, where: str) -> list[str]:
    findings = []
    for message in messages:
        label = f"{where} e-mail « {message.subject[:60]} »"
        if "\n" in message.subject or "\r" in message.subject:
            findings.append(f"{label}: line break in the subject")
        if re.search(r"hxm3[23]\s+49\b", message.body):
            findings.append(f"{label}: template syntax evaluated in the text part")
        for content, mimetype in getattr(message, "alternatives", []) or []:
            if mimetype == "text/html":
                findings.extend(html_findings(content, f"{label} (HTML)"))
    return findings


def bound_forms(response):
    """Every bound form in the response's template context, formsets included."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, forms.BaseForm) and value.is_bound:
                found.append(value)
            elif isinstance(value, forms.BaseFormSet) and value.is_bound:
                found.extend(value.forms)
    unique = []
    for form in found:
        if all(form is not other for other in unique):
            unique.append(form)
    return unique


def field_errors(response, field_name):
    """The error messages shown at ``field_name`` (prefix included)."""
    messages = []
    for form in bound_forms(response):
        for name in form.errors:
            if form.add_prefix(name) == field_name or name == field_name:
                messages.extend(str(m) for m in form.errors[name])
    return messages


def all_field_errors(response) -> dict:
    errors = {}
    for form in bound_forms(response):
        for name, messages in form.errors.items():
            errors.setdefault(form.add_prefix(name), []).extend(str(m) for m in messages)
    return errors


def english(messages) -> list[str]:
    return [message for message in messages if ENGLISH.search(message)]
