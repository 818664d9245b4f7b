"""Issue #9 « Hostile input », uploads: every upload entry point meets wrong content behind a
right extension, oversized files, image and archive decompression bombs, fake office files,
polyglots, SVG with script and hostile file names (issue #16: all through the one checker,
labo.core.uploads). Each is refused with a French message at its field (what else was typed
kept), or stored under a safe generated name with the name shown to people sanitised."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .hostile_corpus import english, html_findings

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 300
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(1)</script></svg>"
)


def plain_zip(entries=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (entries or {"note.txt": "bonjour"}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=20_000, height=20_000):
    """A PNG of a few hundred bytes that declares 400 million pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 2, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def png_100_megapixels():
    """A valid 10,000 × 10,000 black-and-white PNG of about 12 KB: under Pillow's own bomb
    guard, yet close to a gigabyte for whoever decodes it in colour."""
    header = struct.pack(">IIBBBBB", 10_000, 10_000, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 10_000 // 8) * 10_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def png_header(width=100_000, height=100_000):
    """A PNG whose header declares ``width`` × ``height`` pixels, with almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def tiny_png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def docx(entries=None):
    """An Office Open XML archive: a Word document unless ``entries`` say otherwise."""
    return plain_zip(
        entries
        or {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "word/document.xml": '<?xml version="1.0"?><w:document/>',
        }
    )


def odt(mimetype="application/vnd.oasis.opendocument.text"):
    """An OpenDocument archive whose ``mimetype`` entry, first and stored, names its kind."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return buffer.getvalue()


def docx_bomb(unpacked=11 * 1024 * 1024):
    """A Word document of a few kilobytes whose text unpacks to ``unpacked`` bytes: more than
    a hundred times its size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"\x00" * unpacked)
    return buffer.getvalue()


def docx_of_many_entries(count=2_001):
    return docx({"[Content_Types].xml": "<Types/>",
                 **{f"word/media/{n}.xml": "" for n in range(count - 1)}})  # fmt: skip


# (label, file name, content): each must be refused wherever documents or images are sent.
WRONG_CONTENT = [
    ("ELF behind .pdf", "statuts.pdf", ELF),
    ("ZIP behind .pdf", "statuts.pdf", plain_zip()),
    ("HTML behind .pdf", "statuts.pdf", HTML),
    ("texte behind .png", "photo.png", b"ceci n'est pas une image"),
    ("SVG with script", "logo.svg", SVG),
    ("SVG behind .png", "logo.png", SVG),
    ("HTML behind .docx", "note.docx", HTML),
    ("PNG bomb", "plan.png", png_bomb()),
    ("PNG 100 mégapixels", "plan.png", png_100_megapixels()),
    ("PNG declaring 100,000 × 100,000", "plan.png", png_header()),
    ("ZIP behind .docx", "note.docx", plain_zip()),
    ("Office parts without a document behind .docx", "note.docx",
     docx({"[Content_Types].xml": "<Types/>"})),
    ("HTML mimetype behind .odt", "note.odt", odt("text/html")),
    ("spreadsheet behind .docx", "note.docx",
     docx({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})),
    ("ZIP bomb behind .docx", "note.docx", docx_bomb()),
    ("ZIP of 2,001 entries behind .docx", "note.docx", docx_of_many_entries()),
    ("PNG carrying a ZIP", "photo.png", tiny_png() + plain_zip()),
    ("PDF carrying a ZIP", "statuts.pdf", PDF + plain_zip()),
    ("HTML behind .txt", "note.txt", HTML),
    ("ELF behind .docx", "note.docx", ELF),
]  # fmt: skip
# A valid PDF under hostile names: refused, or stored under a safe name.
HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\x.pdf",
    "a/b.pdf",
    "nul\x00.pdf",
    "x" * 300 + ".pdf",
    "facture\u202efdp.exe",
    "<img src=x onerror=alert(1)>.pdf",
]


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def superuser():
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True, is_staff=True)


class Findings(list):
    def fail(self, message):
        self.append(message)

    def assert_clean(self):
        if self:
            pytest.fail("\n".join(self), pytrace=False)


def check_refused(findings, where, response, field_name):
    """A 200/400 page showing a French error at ``field_name``."""
    from .hostile_corpus import field_errors

    if response.status_code >= 500:
        findings.fail(f"{where}: server error {response.status_code}")
        return
    messages = field_errors(response, field_name) if response.context else []
    if not messages:
        findings.fail(f"{where}: no error at {field_name} (status {response.status_code})")
    for message in english(messages):
        findings.fail(f"{where}: English message {message!r}")


def check_safe_name(findings, where, stored_path, shown_name):
    if stored_path.startswith(("/", "\\")) or ".." in stored_path or "\x00" in stored_path:
        findings.fail(f"{where}: stored path outside the storage root: {stored_path!r}")
    # « < » and « > » are escaped where the name is shown (checked on the pages).
    for bad in ("/", "\\", "\x00", "\u202e"):
        if bad in shown_name:
            findings.fail(f"{where}: name shown to people keeps {bad!r}: {shown_name!r}")
    if len(shown_name) > 255:
        findings.fail(f"{where}: name shown to people is {len(shown_name)} characters long")


# --- the applicant's documents (projects/tracking/files.py check_upload) -------------------


def test_applicant_documents(client, site):
    from projects.tracking.models import ApplicationDocument
    from tests.tracking.factories import draft_application

    application = draft_application()
    client.force_login(application.project.team.members.first())
    required = application.call.required_documents.filter(formats__contains="pdf").first()
    url = f"/candidatures/{application.pk}/etape/pieces/"
    field_name = f"piece_{required.pk}"
    findings = Findings()
    for label, name, content in WRONG_CONTENT:
        response = client.post(url, {field_name: upload(name, content), "action": "save"})
        check_refused(findings, f"pièce {label}", response, field_name)
    application.call.max_file_size_mb = 1
    application.call.save()
    oversized = PDF + b"0" * (1024 * 1024)
    response = client.post(url, {field_name: upload("gros.pdf", oversized), "action": "save"})
    check_refused(findings, "pièce trop lourde", response, field_name)
    if ApplicationDocument.objects.filter(application=application).exists():
        findings.fail("a refused file was stored")
    for name in HOSTILE_NAMES:
        response = client.post(url, {field_name: upload(name, PDF), "action": "save"})
        document = ApplicationDocument.objects.filter(application=application).last()
        if response.status_code >= 500:
            findings.fail(f"nom {name[:40]!r}: server error")
        elif document is None:
            check_refused(findings, f"nom {name[:40]!r}", response, field_name)
        else:
            check_safe_name(findings, f"nom {name[:40]!r}", document.file.name,
                            document.original_name)  # fmt: skip
            download = client.get(f"/candidatures/piece/{document.token}/")
            disposition = download.get("Content-Disposition", "")
            if not disposition.startswith("attachment") or "\u202e" in disposition:
                findings.fail(f"nom {name[:40]!r}: download disposition {disposition!r}")
            document.delete()
    findings.assert_clean()


def test_document_request_upload(client, site):
    from datetime import timedelta

    from django.utils import timezone

    from projects.tracking.models import ApplicationDocument, DocumentRequest
    from tests.tracking.staff.factories import dossier_at, porteur_of

    application = dossier_at("entretien-prealable")
    request = DocumentRequest.objects.create(
        application=application,
        label="Attestation",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(porteur_of(application))
    url = f"/candidatures/{application.pk}/demandes/{request.pk}/"
    findings = Findings()
    before = ApplicationDocument.objects.filter(application=application).count()
    for label, name, content in WRONG_CONTENT:
        response = client.post(url, {"file": upload(name, content)}, follow=True)
        shown = [str(m) for m in response.context["messages"]] if response.context else []
        if response.status_code >= 500 or not shown or english(shown):
            findings.fail(f"demande {label}: status {response.status_code}, messages {shown}")
    if ApplicationDocument.objects.filter(application=application).count() != before:
        findings.fail("a refused file was stored for a document request")
    findings.assert_clean()


# --- resource proposals --------------------------------------------------------------------


def test_resource_proposal_files(client, user, site, settings, tmp_path):
    from resources.models import ResourcePage, Theme

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.RESOURCES_PROPOSAL_MAX_SIZE = 2048
    client.force_login(user)
    data = {
        "title": "Guide de la gouvernance partagée",
        "summary": "Comment décider ensemble.",
        "resource_type": "guide",
        "themes": [Theme.objects.get(slug="gouvernance").pk],
    }
    findings = Findings()
    cases = [*WRONG_CONTENT, ("PDF trop lourd", "gros.pdf", PDF + b"0" * 4096)]
    for label, name, content in cases:
        import resources.forms

        resources.forms.PROPOSAL_MAX_SIZE = settings.RESOURCES_PROPOSAL_MAX_SIZE
        response = client.post("/ressources/proposer/", {**data, "file": upload(name, content)})
        check_refused(findings, f"proposition {label}", response, "file")
        if response.status_code < 500 and data["title"] not in response.content.decode():
            findings.fail(f"proposition {label}: the title typed was lost")
    if ResourcePage.objects.exists():
        findings.fail(f"refused files created {ResourcePage.objects.count()} proposals")
    for name in HOSTILE_NAMES:
        response = client.post("/ressources/proposer/", {**data, "file": upload(name, PDF)})
        page = ResourcePage.objects.order_by("-pk").first()
        if response.status_code >= 500:
            findings.fail(f"proposition nom {name[:40]!r}: server error")
        elif page is None:
            check_refused(findings, f"proposition nom {name[:40]!r}", response, "file")
        else:
            document = page.documents.get().document
            check_safe_name(findings, f"proposition nom {name[:40]!r}", document.file.name,
                            document.filename)  # fmt: skip
            page.delete()
    findings.assert_clean()


# --- forum attachments ---------------------------------------------------------------------


def test_forum_attachments(client, user, settings, monkeypatch):
    import forum.limits
    from forum.models import Attachment

    # Rate limits count posts in the database: not what this test is about.
    monkeypatch.setattr(forum.limits, "check_post", lambda *args, **kwargs: None)
    from tests.forum.factories import TopicFactory

    # Above the bombs' few kilobytes: the pixel limit must refuse them, not the size limit.
    settings.FORUM_ATTACHMENT_MAX_BYTES = 64 * 1024
    topic = TopicFactory()
    client.force_login(user)
    url = f"/forum/sujets/{topic.pk}/repondre/"
    findings = Findings()
    oversized = tiny_png() + b"\x00" * (65 * 1024)
    cases = [*WRONG_CONTENT, ("image trop lourde", "grande.png", oversized)]
    for label, name, content in cases:
        from django.core.cache import cache

        cache.clear()  # rate limits are not what this test is about
        body = f"Mon message {label}"
        response = client.post(url, {"body": body, "attachments": [upload(name, content)]})
        check_refused(findings, f"pièce jointe {label}", response, "attachments")
        if response.status_code < 500 and body not in response.content.decode():
            findings.fail(f"pièce jointe {label}: the message typed was lost")
    if Attachment.objects.exists():
        findings.fail("a refused attachment was stored")
    for name in HOSTILE_NAMES:
        from django.core.cache import cache

        cache.clear()
        response = client.post(url, {"body": "Avec un plan", "attachments": [upload(name, PDF)]})
        attachment = Attachment.objects.order_by("-pk").first()
        if response.status_code >= 500:
            findings.fail(f"pièce jointe nom {name[:40]!r}: server error")
        elif attachment is None:
            check_refused(findings, f"pièce jointe nom {name[:40]!r}", response, "attachments")
        else:
            shown = attachment.name
            check_safe_name(findings, f"pièce jointe nom {name[:40]!r}", attachment.file.name,
                            shown)  # fmt: skip
            page = client.get(f"/forum/sujets/{topic.pk}/").content.decode()
            findings.extend(html_findings(page, f"sujet avec la pièce {name[:40]!r}"))
            download = client.get(f"/forum/pieces-jointes/{attachment.pk}/")
            if download.status_code == 200 and "nosniff" not in download.get(
                "X-Content-Type-Options", ""
            ):
                findings.fail(f"pièce jointe nom {name[:40]!r}: served without nosniff")
            attachment.delete()
    findings.assert_clean()


# --- the Wagtail image and document libraries (staff) --------------------------------------


def test_wagtail_images(client, settings):
    from wagtail.images.models import Image

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 4096
    client.force_login(superuser())
    findings = Findings()
    cases = [
        ("texte behind .png", "photo.png", b"ceci n'est pas une image"),
        ("SVG with script", "logo.svg", SVG),
        ("SVG behind .png", "logo.png", SVG),
        ("PDF behind .jpg", "photo.jpg", PDF),
        ("image trop lourde", "grande.png", tiny_png() + b"\x00" * 8192),
    ]
    for label, name, content in cases:
        response = client.post(
            "/admin/images/add/", {"title": "Façade du projet", "file": upload(name, content)}
        )
        check_refused(findings, f"image {label}", response, "file")
    if Image.objects.exists():
        findings.fail(f"refused images were stored: {list(Image.objects.values_list('file'))}")
    for name in HOSTILE_NAMES[:5]:
        png_name = name.replace(".pdf", ".png")
        response = client.post(
            "/admin/images/add/", {"title": "Plan", "file": upload(png_name, tiny_png())}
        )
        image = Image.objects.order_by("-pk").first()
        if response.status_code >= 500:
            findings.fail(f"image nom {png_name[:40]!r}: server error")
        elif image is not None:
            check_safe_name(findings, f"image nom {png_name[:40]!r}", image.file.name,
                            image.filename)  # fmt: skip
            image.delete()
    findings.assert_clean()


def test_wagtail_documents(client, settings, tmp_path):
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    from wagtail.models import Collection

    client.force_login(superuser())
    findings = Findings()
    # The library asks for a collection as soon as there are several: name one, so that
    # only the file can be refused.
    collection = Collection.get_first_root_node().pk
    cases = [("SVG with script", "logo.svg", SVG), ("HTML", "page.html", HTML), *WRONG_CONTENT]
    for label, name, content in cases:
        response = client.post(
            "/admin/documents/add/",
            {"title": "Document", "collection": collection, "file": upload(name, content)},
        )
        check_refused(findings, f"document {label}", response, "file")
    if Document.objects.exists():
        findings.fail(f"refused files were stored: {list(Document.objects.values_list('file'))}")
    # A real document goes in, and its title can be edited later without sending it again.
    response = client.post(
        "/admin/documents/add/",
        {"title": "Statuts", "collection": collection, "file": upload("statuts.pdf", PDF)},
    )
    assert response.status_code == 302, response.context["form"].errors
    document = Document.objects.get()
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Statuts 2026", "collection": collection},
    )
    document.refresh_from_db()
    if response.status_code != 302 or document.title != "Statuts 2026":
        findings.fail(f"editing a stored document's title failed ({response.status_code})")
    document.delete()
    # A hostile content under an accepted extension is served so no browser runs it.
    for name, content in [("note.pdf", HTML), ("note.txt", HTML)]:
        response = client.post(
            "/admin/documents/add/",
            {"title": "Document", "collection": collection, "file": upload(name, content)},
        )
        document = Document.objects.order_by("-pk").first()
        if document is None:
            continue
        served = client.get(document.url)
        csp = served.get("Content-Security-Policy", "")
        if "default-src 'none'" not in csp or served.get("X-Content-Type-Options") != "nosniff":
            findings.fail(f"document {name}: served without a locked CSP and nosniff")
        for bad in HOSTILE_NAMES[:4]:
            check_safe_name(findings, f"document {name}", document.file.name, document.filename)
            del bad
    findings.assert_clean()


@pytest.mark.parametrize("bomb", [png_bomb, png_100_megapixels])
def test_wagtail_images_refuse_a_decompression_bomb(client, settings, bomb):
    from wagtail.images.models import Image

    client.force_login(superuser())
    response = client.post(
        "/admin/images/add/", {"title": "Plan", "file": upload("plan.png", bomb())}
    )
    findings = Findings()
    check_refused(findings, f"image {bomb.__name__}", response, "file")
    if Image.objects.exists():
        findings.fail("the decompression bomb was stored")
    findings.assert_clean()
