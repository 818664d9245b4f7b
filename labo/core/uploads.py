"""One checker for every file people send: forum attachments, resource proposals and dossier
pieces (``check_upload``), and the one pixel limit that Wagtail's image library shares.

The content decides what a file is, never its name nor the type the browser claims:
``filetype`` reads the magic bytes; a ZIP archive is an office document only when its entries
say so (``[Content_Types].xml`` and ``word/``, ``xl/`` or ``ppt/`` for Office Open XML, a
``mimetype`` entry naming the OpenDocument type for ODF); text is text when it holds no NUL
byte and does not open like a web page. The name is still a claim to check: when it has an
extension, that extension must be one of the detected kind's, so a plain ZIP named
« .docx » or a PNG named « .pdf » is refused with a message saying what the file really is.

Two decompression bombs are refused before anyone opens the file:

- an archive whose central directory declares too many entries, too many bytes once
  unpacked, or too high a ratio between the two. Python's ``zipfile`` never inflates an entry
  beyond the size it declares, so the declared sizes bound the work of anything on this
  server; the staff's office suite that opens the document gets the same guarantee;
- an image whose header declares more pixels than ``LABO_MAX_IMAGE_PIXELS``: a PNG of 12 KB
  can declare 100 million pixels, and each rendition of it then costs close to a gigabyte.
  The size is read from the header, before anything decodes the image, and refused with the
  same French message at every entry point (Wagtail's image field included, see
  ``labo.core.images``). Pillow's own guard stays on for anything that slips past (it raises
  at twice its ``MAX_IMAGE_PIXELS``).

A file that is two things at once (an image or a PDF carrying a ZIP archive, the « GIFAR »
trick) is refused too: what a reader sees would depend on the program that opens it.
"""

import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

# Enough to recognise any kind we accept and to see how a text file opens.
SNIFF_BYTES = 64 * 1024
# An office document counts a few dozen entries and unpacks to a few times its size.
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
# Below this, an archive may unpack as many times its size as it likes: the work stays small.
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """What a file is: ``code`` is what callers list as allowed, ``label`` what people read."""

    code: str
    label: str
    mime: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        return self.extensions[0]


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF", "application/pdf", ("pdf",)),
        Kind("docx", "DOCX",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
        Kind("xlsx", "XLSX",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
        Kind("pptx", "PPTX",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             ("pptx",)),
        Kind("odt", "ODT", "application/vnd.oasis.opendocument.text", ("odt",)),
        Kind("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
        Kind("odp", "ODP", "application/vnd.oasis.opendocument.presentation", ("odp",)),
        Kind("zip", "ZIP", "application/zip", ("zip",)),
        Kind("jpg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        Kind("png", "PNG", "image/png", ("png",)),
        Kind("gif", "GIF", "image/gif", ("gif",)),
        Kind("webp", "WebP", "image/webp", ("webp",)),
        Kind("txt", "TXT", "text/plain", ("txt",)),
        Kind("csv", "CSV", "text/csv", ("csv",)),
    )
}  # fmt: skip
_BY_EXTENSION = {extension: kind for kind in KINDS.values() for extension in kind.extensions}
IMAGE_KINDS = {"jpg", "png", "gif", "webp"}
ARCHIVE_KINDS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"}
# What filetype calls a ZIP-based file; the entries decide which of ours it is.
_ZIP_GUESSES = ARCHIVE_KINDS | {"epub"}
# filetype's names for kinds we know under another code (an animated PNG is a PNG).
_GUESS_ALIASES = {"jpeg": "jpg", "apng": "png"}
_PILLOW_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF_MIMES = {KINDS[code].mime: code for code in ("odt", "ods", "odp")}
_PROGRAMS = {"exe", "elf", "mach", "dmg", "msi", "wasm", "swf", "crx", "deb", "rpm"}

MESSAGES = {
    "empty": gettext_lazy("Le fichier « %(name)s » est vide."),
    "too_large": gettext_lazy(
        "Le fichier « %(name)s » pèse %(size)s : la taille maximale est de %(max)s."
    ),
    "bad_type": gettext_lazy(
        "Le fichier « %(name)s » n'est pas d'un format accepté : %(detail)s. "
        "Formats acceptés : %(formats)s."
    ),
    "not_valid": gettext_lazy(
        "Le fichier « %(name)s » n'est pas un %(claimed)s valide : %(detail)s. "
        "Formats acceptés : %(formats)s."
    ),
    "wrong_extension": gettext_lazy(
        "Le nom du fichier « %(name)s » se termine par « .%(extension)s » alors que son "
        "contenu est de type %(kind)s : renommez-le en « .%(rename)s »."
    ),
    "two_kinds": gettext_lazy(
        "Le fichier « %(name)s » est refusé : ce %(kind)s contient aussi une archive ZIP cachée."
    ),
    "archive_bomb": gettext_lazy("Le fichier « %(name)s » est refusé : %(detail)s."),
    "bad_image": gettext_lazy("Le fichier « %(name)s » est une image illisible."),
}


def check_upload(file, allowed_kinds, max_bytes, max_pixels=None, *, messages=None,
                 message_params=None) -> Kind:  # fmt: skip
    """Return the ``Kind`` of ``file`` (an uploaded file) read from its content, or raise a
    ValidationError with a French message that names the file and says why.

    ``allowed_kinds`` lists codes of ``KINDS`` (« pdf », « docx », « jpg »…; an unknown code
    raises ValueError: a setting names a format nobody can check). ``max_bytes`` bounds the
    file's size, ``max_pixels`` an image's pixel count (``LABO_MAX_IMAGE_PIXELS`` when None).
    The error's ``code`` is a key of ``MESSAGES`` or « file_too_many_pixels »; a caller keeps
    its own wording by passing ``messages`` for some codes. Every message may use ``name``,
    ``size``, ``max``, ``formats``, ``kind``, ``claimed``, ``extension``, ``rename`` and
    ``detail``, plus the caller's ``message_params``. The file is left at its beginning.
    """
    allowed = list(allowed_kinds)
    unknown = [code for code in allowed if code not in KINDS]
    if unknown:
        raise ValueError(f"No content check for the file kinds {unknown}; known: {list(KINDS)}")
    params = {
        "name": _shown_name(file.name),
        "size": filesizeformat(file.size or 0),
        "max": filesizeformat(max_bytes),
        "formats": ", ".join(KINDS[code].label for code in allowed),
        **(message_params or {}),
    }

    def refuse(code, **more):
        template = (messages or {}).get(code) or MESSAGES[code]
        return ValidationError(template, code=code, params={**params, **more})

    if not file.size:
        raise refuse("empty")
    if file.size > max_bytes:
        raise refuse("too_large")
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    found = _sniff(file, extension)
    claimed = _BY_EXTENSION.get(extension)
    kind = found.kind
    if kind is not None:
        params.update(kind=kind.label, rename=kind.extension)
    if extension and (kind is None or extension not in kind.extensions):
        if claimed is not None and claimed.code in allowed:
            raise refuse("not_valid", claimed=claimed.label, detail=found.detail)
        if kind is not None and kind.code in allowed:
            raise refuse("wrong_extension", extension=extension)
    if kind is None or kind.code not in allowed:
        raise refuse("bad_type", detail=found.detail)
    if kind.code in ARCHIVE_KINDS:
        detail = _archive_bomb(found.entries, file.size)
        if detail:
            raise refuse("archive_bomb", detail=detail)
    elif _carries_archive(file):
        raise refuse("two_kinds")
    if kind.code in IMAGE_KINDS:
        check_image_pixels(file, max_pixels)
        if not _image_reads_as(file, kind.code):
            raise refuse("bad_image")
    return kind


def _shown_name(name) -> str:
    """The name as a message may show it: no control or direction-changing character (a
    U+202E would let « fdp.exe » read as « exe.pdf »), at most 80 characters."""
    name = "".join(c for c in str(name or "") if unicodedata.category(c) not in ("Cc", "Cf"))
    return name if len(name) <= 80 else name[:79] + "…"


@dataclass(frozen=True)
class _Found:
    kind: Kind | None
    detail: str  # what the content is, as « son contenu … »
    entries: tuple = ()  # an archive's ZipInfo list


def _sniff(file, extension) -> _Found:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    guess = filetype.guess(head)
    code = _GUESS_ALIASES.get(guess.extension, guess.extension) if guess else None
    if code in _ZIP_GUESSES:
        return _sniff_archive(file)
    if code in KINDS:
        return _found(KINDS[code])
    markup = _markup(head)
    if markup:
        return _Found(None, _("son contenu est de type %(type)s") % {"type": markup})
    # Before filetype's other kinds: a text may open with a short signature (« BM » is a
    # bitmap to filetype), while the binary formats they stand for all hold NUL bytes.
    if _is_text(file):
        # Nothing in a text tells a CSV from a note: the name chooses between the two.
        return _found(KINDS["csv" if extension == "csv" else "txt"])
    if code is None or code in _PROGRAMS:
        return _Found(None, _("son contenu n'est pas celui d'un document reconnu"))
    return _Found(None, _("son contenu est de type %(type)s") % {"type": code.upper()})


def _found(kind: Kind, entries=()) -> _Found:
    return _Found(kind, _("son contenu est de type %(type)s") % {"type": kind.label}, entries)


def _sniff_archive(file) -> _Found:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = tuple(archive.infolist())
            code = _office_kind(archive, {entry.filename for entry in entries})
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error):
        return _Found(None, _("son contenu est une archive ZIP illisible"))
    finally:
        file.seek(0)
    return _found(KINDS[code], entries)


def _office_kind(archive, names) -> str:
    """The office format the entries name, or « zip » when they name none or several."""
    found = []
    if "mimetype" in names:
        with archive.open("mimetype") as entry:
            declared = entry.read(100).decode("ascii", "replace").strip()
        if declared in _ODF_MIMES:
            found.append(_ODF_MIMES[declared])
    if "[Content_Types].xml" in names:
        for prefix, code in _OOXML_PARTS.items():
            if any(name.startswith(prefix) for name in names):
                found.append(code)
    return found[0] if len(found) == 1 else "zip"


def _archive_bomb(entries, packed_bytes) -> str:
    """Why the archive is a decompression bomb, or « » when it is not."""
    if len(entries) > ZIP_MAX_ENTRIES:
        return _("l'archive contient %(count)s fichiers, la limite est de %(limit)s") % {
            "count": number_format(len(entries), force_grouping=True),
            "limit": number_format(ZIP_MAX_ENTRIES, force_grouping=True),
        }
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > ZIP_MAX_UNPACKED_BYTES:
        return _("une fois décompressée, l'archive occuperait %(size)s, la limite est de "
                 "%(limit)s") % {"size": filesizeformat(unpacked),
                                 "limit": filesizeformat(ZIP_MAX_UNPACKED_BYTES)}  # fmt: skip
    if unpacked > ZIP_RATIO_FROM_BYTES and unpacked > ZIP_MAX_RATIO * packed_bytes:
        return _("une fois décompressée, l'archive occuperait %(ratio)s fois son poids, la "
                 "limite est de %(limit)s fois") % {"ratio": unpacked // packed_bytes,
                                                    "limit": ZIP_MAX_RATIO}  # fmt: skip
    return ""


def _markup(head: bytes) -> str:
    """« HTML » or « SVG » when a browser sniffing the file would see a page or a drawing."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if not start.startswith(b"<"):
        return ""
    return "SVG" if b"<svg" in start[:4096] else "HTML"


def _is_text(file) -> bool:
    try:
        file.seek(0)
        while chunk := file.read(SNIFF_BYTES):
            if b"\x00" in chunk:
                return False
        return True
    finally:
        file.seek(0)


def _carries_archive(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return bool(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        file.seek(0)


def _image_reads_as(file, code) -> bool:
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for what is not an image
        return False
    finally:
        file.seek(0)
    return _PILLOW_FORMATS.get(image_format) == code


# --- the one pixel limit -------------------------------------------------------------------


def max_image_pixels() -> int:
    return settings.LABO_MAX_IMAGE_PIXELS


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def too_many_pixels(pixels: int | None, max_pixels: int | None = None) -> ValidationError:
    limit = _megapixels(max_pixels or max_image_pixels())
    if pixels is None:
        message = _(
            "Cette image compte trop de pixels (la limite est de %(limit)s mégapixels) : "
            "réduisez ses dimensions avant de l'envoyer."
        ) % {"limit": limit}
    else:
        message = _(
            "Cette image compte %(pixels)s mégapixels : la limite est de %(limit)s "
            "mégapixels. Réduisez ses dimensions avant de l'envoyer."
        ) % {"pixels": _megapixels(pixels), "limit": limit}
    return ValidationError(message, code="file_too_many_pixels")


def check_pixel_count(pixels: int, max_pixels: int | None = None) -> None:
    if pixels > (max_pixels or max_image_pixels()):
        raise too_many_pixels(pixels, max_pixels)


def check_image_pixels(uploaded, max_pixels: int | None = None) -> None:
    """Refuse an image whose header declares more pixels than the limit. Reads the header
    only; a file Pillow cannot read is left to the caller's own type check."""
    try:
        uploaded.seek(0)
        with warnings.catch_warnings():
            # The warning Pillow gives between its limit and twice it: ours is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise too_many_pixels(None, max_pixels) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for what is not an image
        return
    finally:
        uploaded.seek(0)
    check_pixel_count(width * height, max_pixels)
