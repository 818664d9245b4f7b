"""The one upload checker (labo.core.uploads.check_upload) under the configuration of each of
its three callers: forum attachments, resource proposals and dossier pieces. Every hostile
kind of file is refused with the reason it is refused for; the files people really send go
through with the kind their content shows. The callers' own pages: tests/quality/test_uploads.py
and each app's tests."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.forms import ATTACHMENT_KINDS, ATTACHMENT_MESSAGES
from labo.core import uploads
from labo.core.uploads import check_upload
from resources.forms import PROPOSAL_EXTENSIONS
from tests.quality.test_uploads import (
    ELF,
    HTML,
    PDF,
    SVG,
    docx,
    docx_bomb,
    docx_of_many_entries,
    odt,
    plain_zip,
    png_100_megapixels,
    png_bomb,
    png_header,
    tiny_png,
)

MB = 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
# What each caller allows and up to what size (the forum's and resources' defaults; a call's
# usual 10 Mo and the formats a document request accepts).
CALLERS = {
    "forum": (ATTACHMENT_KINDS, 5 * MB),
    "resources": (PROPOSAL_EXTENSIONS, 10 * MB),
    "tracking": (["pdf", "docx", "odt", "xlsx", "ods", "jpg", "png"], 10 * MB),
}


def xlsx():
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget"
    workbook.save(buffer)
    return buffer.getvalue()


def jpeg():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def check(caller, name, content, **kwargs):
    kinds, max_bytes = CALLERS[caller]
    return check_upload(SimpleUploadedFile(name, content), kinds, max_bytes, **kwargs)


def refusal(caller, name, content, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check(caller, name, content, **kwargs)
    return refused.value


# (label, name, content, the error's code for forum / resources / tracking)
HOSTILE = [
    ("executable renamed .pdf", "statuts.pdf", EXE, "not_valid", "not_valid", "not_valid"),
    ("ELF renamed .docx", "note.docx", ELF, "not_valid", "not_valid", "not_valid"),
    ("HTML with script renamed .pdf", "statuts.pdf", HTML, "not_valid", "not_valid",
     "not_valid"),
    ("SVG with script renamed .png", "logo.png", SVG, "not_valid", "bad_type", "not_valid"),
    ("SVG with script", "logo.svg", SVG, "bad_type", "bad_type", "bad_type"),
    ("HTML renamed .txt", "note.txt", HTML, "bad_type", "not_valid", "bad_type"),
    ("binary renamed .csv", "budget.csv", b"a;b\n\x00\x01", "bad_type", "not_valid",
     "bad_type"),
    ("PNG carrying a ZIP", "photo.png", tiny_png() + plain_zip(), "two_kinds", "bad_type",
     "two_kinds"),
    ("PDF carrying a ZIP", "statuts.pdf", PDF + plain_zip(), "two_kinds", "two_kinds", "two_kinds"),
    ("ZIP bomb (ratio)", "rapport.docx", docx_bomb(), "archive_bomb", "archive_bomb",
     "archive_bomb"),
    ("ZIP bomb (entries)", "rapport.docx", docx_of_many_entries(), "archive_bomb",
     "archive_bomb", "archive_bomb"),
    ("plain ZIP renamed .docx", "rapport.docx", plain_zip(), "not_valid", "not_valid", "not_valid"),
    ("Office parts without a document, .docx", "rapport.docx",
     docx({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>"}),
     "not_valid", "not_valid", "not_valid"),
    ("Word and Excel parts at once, .docx", "rapport.docx",
     docx({"[Content_Types].xml": "<Types/>", "word/document.xml": "", "xl/workbook.xml": ""}),
     "not_valid", "not_valid", "not_valid"),
    ("ZIP with an HTML mimetype, .odt", "note.odt", odt("text/html"), "not_valid",
     "not_valid", "not_valid"),
    ("text document renamed .ods", "budget.ods", odt(), "not_valid", "not_valid",
     "not_valid"),
    ("broken ZIP renamed .xlsx", "budget.xlsx", b"PK\x03\x04 broken zip", "not_valid",
     "not_valid", "not_valid"),
    ("plain ZIP", "archive.zip", plain_zip(), "bad_type", None, "bad_type"),
    ("PNG declaring 100,000 × 100,000", "plan.png", png_header(), "file_too_many_pixels",
     "bad_type", "file_too_many_pixels"),
    ("PNG of 400 megapixels", "plan.png", png_bomb(), "file_too_many_pixels", "bad_type",
     "file_too_many_pixels"),
    ("PNG of 100 megapixels", "plan.png", png_100_megapixels(), "file_too_many_pixels",
     "bad_type", "file_too_many_pixels"),
    ("PNG with a broken body", "plan.png", tiny_png()[:-20] + b"\x00" * 20, "bad_image",
     "bad_type", "bad_image"),
    ("empty file", "statuts.pdf", b"", "empty", "empty", "empty"),
    ("oversized file", "statuts.pdf", PDF + b"0" * (10 * MB), "too_large", "too_large",
     "too_large"),
    ("PDF named .docx", "rapport.docx", PDF, "not_valid", "not_valid", "not_valid"),
    ("PNG named .jpg", "photo.jpg", tiny_png(), "not_valid", "bad_type", "not_valid"),
    ("PDF named .exe", "facture.exe", PDF, "wrong_extension", "wrong_extension",
     "wrong_extension"),
    ("PDF named .zip", "statuts.zip", PDF, "wrong_extension", "not_valid", "wrong_extension"),
]  # fmt: skip


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("name", "content", "codes"),
    [pytest.param(name, content, codes, id=label) for label, name, content, *codes in HOSTILE],
)
def test_every_hostile_file_is_refused_for_its_reason(caller, name, content, codes):
    code = codes[list(CALLERS).index(caller)]
    if code is None:
        assert check(caller, name, content).code == "zip"
        return
    error = refusal(caller, name, content)
    assert error.code == code
    (message,) = error.messages
    if code != "file_too_many_pixels":
        assert name in message
    assert "%(" not in message


ACCEPTED = [
    ("statuts.pdf", PDF, "pdf", "application/pdf"),
    ("rapport.docx", docx(), "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", xlsx(), "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("note.odt", odt(), "odt", "application/vnd.oasis.opendocument.text"),
    ("budget.ods", odt("application/vnd.oasis.opendocument.spreadsheet"), "ods",
     "application/vnd.oasis.opendocument.spreadsheet"),
    ("plan.png", tiny_png(), "png", "image/png"),
    ("photo.jpeg", jpeg(), "jpg", "image/jpeg"),
    ("Statuts.PDF", PDF, "pdf", "application/pdf"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "code", "mime"), ACCEPTED)
@pytest.mark.parametrize("caller", ["forum", "tracking"])
def test_what_people_send_goes_through_with_the_kind_its_content_shows(
    caller, name, content, code, mime
):
    upload = SimpleUploadedFile(name, content)
    kind = check_upload(upload, *CALLERS[caller])
    assert (kind.code, kind.mime) == (code, mime)
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("guide.pdf", PDF, "pdf"),
        ("guide.docx", docx(), "docx"),
        ("budget.xlsx", xlsx(), "xlsx"),
        ("guide.odt", odt(), "odt"),
        ("budget.csv", "nom;montant\nÉtude;1 200,50\n".encode("cp1252"), "csv"),
        # filetype alone would call it a bitmap (« BM »).
        ("flotte.csv", b"BMX;2\nVelo;3\n", "csv"),
        ("lisez-moi.txt", "Une note en français.\n".encode(), "txt"),
        ("boite-a-outils.zip", plain_zip({"guide.txt": "bonjour", "plan.pdf": PDF}), "zip"),
    ],
)
def test_resources_take_office_files_text_and_archives(name, content, code):
    assert check("resources", name, content).code == code


def test_a_name_without_extension_takes_the_kind_of_its_content():
    assert check("tracking", "plan", tiny_png()).extension == "png"
    assert check("forum", "statuts", PDF).extension == "pdf"


def test_the_archive_limits_are_inclusive(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_ENTRIES", 4)
    entries = {"[Content_Types].xml": "<Types/>", "word/a.xml": "", "word/b.xml": ""}
    assert check("forum", "note.docx", docx({**entries, "word/c.xml": ""})).code == "docx"
    error = refusal("forum", "note.docx", docx({**entries, "word/c.xml": "", "word/d.xml": ""}))
    assert "l'archive contient 5 fichiers, la limite est de 4" in error.messages[0]

    document = docx({"[Content_Types].xml": "<Types/>", "word/document.xml": "x" * 2000})
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED_BYTES", 2000 + len("<Types/>"))
    assert check("tracking", "note.docx", document).code == "docx"
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED_BYTES", 2000)
    error = refusal("tracking", "note.docx", document)
    assert error.code == "archive_bomb"
    assert "une fois décompressée, l'archive occuperait" in error.messages[0]


def test_a_small_archive_may_compress_well_a_large_one_may_not():
    # 1 Mo of zeros packs into a kilobyte: harmless at that size.
    assert check("forum", "note.docx", docx_bomb(unpacked=MB)).code == "docx"
    error = refusal("forum", "note.docx", docx_bomb())
    assert "fois son poids, la limite est de 100 fois" in error.messages[0]


def test_the_pixel_limit_is_the_callers_or_the_sites(settings):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (2_000, 1_001)).save(buffer, "PNG")
    assert check("forum", "plan.png", buffer.getvalue()).code == "png"
    error = refusal("forum", "plan.png", buffer.getvalue(), max_pixels=2_000_000)
    assert error.messages == [
        "Cette image compte 2 mégapixels : la limite est de 2 mégapixels. "
        "Réduisez ses dimensions avant de l'envoyer."
    ]
    settings.LABO_MAX_IMAGE_PIXELS = 2_000_000
    assert refusal("tracking", "plan.png", buffer.getvalue()).code == "file_too_many_pixels"


def test_a_caller_keeps_its_wording_with_its_own_values():
    error = refusal("forum", "a.pdf", PDF + b"0" * (5 * MB), messages=ATTACHMENT_MESSAGES)
    assert error.messages == ["« a.pdf » dépasse la taille maximale de 5,0\xa0Mio."]
    error = refusal("forum", "doc.pdf", EXE, messages=ATTACHMENT_MESSAGES)
    assert (
        "n'est pas un type de fichier accepté : son contenu n'est pas celui d'un document"
        in (error.messages[0])
    )
    error = refusal("tracking", "x.pdf", EXE, messages={"not_valid": "%(detail)s — %(call)s"},
                    message_params={"call": "Appel VIURE"})  # fmt: skip
    assert error.messages == ["son contenu n'est pas celui d'un document reconnu — Appel VIURE"]


def test_the_default_messages_say_what_the_file_really_is():
    assert refusal("resources", "faux.pdf", b"pas un pdf").messages == [
        "Le fichier « faux.pdf » n'est pas un PDF valide : son contenu est de type TXT. "
        "Formats acceptés : PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV, TXT, ZIP."
    ]
    assert refusal("tracking", "facture.exe", PDF).messages == [
        "Le nom du fichier « facture.exe » se termine par « .exe » alors que son contenu est "
        "de type PDF : renommez-le en « .pdf »."
    ]
    assert refusal("forum", "vide.odt", b"").messages == ["Le fichier « vide.odt » est vide."]


def test_a_name_in_a_message_cannot_turn_its_text_around():
    (message,) = refusal("forum", "facture\u202efdp.exe", PDF).messages
    assert "\u202e" not in message
    assert "« facturefdp.exe »" in message
    (message,) = refusal("forum", "x" * 300 + ".exe", PDF).messages
    assert "x" * 79 + "…" in message
    assert "x" * 80 not in message


def test_a_kind_nobody_checks_is_a_mistake_of_the_caller():
    with pytest.raises(ValueError, match="'doc'"):
        check_upload(SimpleUploadedFile("a.doc", b"x"), ["pdf", "doc"], MB)


def test_the_file_is_read_from_its_beginning_and_left_there():
    upload = SimpleUploadedFile("rapport.docx", docx())
    upload.read(10)
    assert check_upload(upload, ["docx"], MB).code == "docx"
    assert upload.tell() == 0


def test_an_office_archive_is_told_by_its_entries_in_any_order():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("docProps/app.xml", "<Properties/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert check("forum", "rapport.docx", buffer.getvalue()).code == "docx"
