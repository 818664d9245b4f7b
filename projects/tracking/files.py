"""Checks on files sent to a dossier, shared by the applicant and the staff sides.

The type is read from the file's content with ``filetype`` (never trusted from the name or
the browser's Content-Type): a « .pdf » that is really an executable is refused. The size
limit is the call's ``max_file_size_mb``. The name the user gave is kept only sanitised, for
the download's Content-Disposition; the stored path is a random token (see
``models.applications.document_path``).
"""

import io
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from labo.core.images import check_image_pixels

from .models import DOCUMENT_FORMATS
from .models.calls import split_formats

# Bytes read to recognise a type: Office files are zip archives whose tell-tale entries may
# sit a little after the beginning.
SNIFF_BYTES = 1024 * 1024
MAX_NAME_LENGTH = 120
# The content type recorded for each format we accept.
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    name: str
    size: int


def sanitise_filename(name: str, extension: str = "") -> str:
    """A name safe in a header and on any disk: no path, no control characters, accents
    folded, spaces kept as dashes, the extension of the real type."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    stem, _dot, _ext = name.rpartition(".") if "." in name else (name, "", "")
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")
    stem = stem[:MAX_NAME_LENGTH] or "document"
    return f"{stem}.{extension}" if extension else stem


def accepted_formats_label(formats: list[str]) -> str:
    return ", ".join(str(DOCUMENT_FORMATS.get(code, code)) for code in formats)


def check_upload(uploaded, *, call, formats="pdf") -> CheckedFile:
    """Validate an uploaded file for ``call``; raises ValidationError with a French message."""
    allowed = split_formats(formats) if isinstance(formats, str) else list(formats)
    limit = call.max_file_size_mb * 1024 * 1024
    if uploaded is None or not uploaded.size:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("Le fichier fait %(size)s Mo : la limite est de %(limit)s Mo.")
            % {
                "size": f"{uploaded.size / (1024 * 1024):.1f}".replace(".", ","),
                "limit": call.max_file_size_mb,
            },
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else ""
    if extension == "jpeg":
        extension = "jpg"
    if extension not in allowed:
        if extension in ("exe", "elf", "mach", "dmg", "msi") or not kind:
            detail = _("son contenu n'est pas celui d'un document reconnu")
        else:
            detail = _("son contenu est de type %(type)s") % {"type": extension.upper()}
        raise ValidationError(
            _("Ce fichier est refusé : %(detail)s. Formats acceptés : %(formats)s.")
            % {"detail": detail, "formats": accepted_formats_label(allowed)},
            code="bad_type",
        )
    if extension in ("jpg", "png"):
        _check_image(uploaded)
    return CheckedFile(
        extension=extension,
        content_type=MIME_TYPES.get(extension, kind.mime),
        name=sanitise_filename(uploaded.name, extension),
        size=uploaded.size,
    )


def _check_image(uploaded):
    """Magic bytes say « PNG » even for a few hundred bytes that declare 400 million pixels
    (a decompression bomb that freezes whoever opens it): the site's one pixel limit is
    checked on the header, then Pillow must be able to read the image."""
    from PIL import Image

    check_image_pixels(uploaded)
    try:
        uploaded.seek(0)
        # On a copy, since closing the image would close the upload too.
        Image.open(io.BytesIO(uploaded.read())).close()
    except Exception:  # Pillow raises many kinds for unreadable images
        raise ValidationError(_("Cette image est illisible."), code="bad_image") from None
    finally:
        uploaded.seek(0)


def store_document(application, uploaded, checked: CheckedFile, *, user, **fields):
    """Save a checked upload as an ApplicationDocument of ``application``."""
    from .models import ApplicationDocument

    document = ApplicationDocument(
        application=application,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
        **fields,
    )
    document.token = secrets.token_urlsafe(24)  # names the stored file
    uploaded.seek(0)
    document.file.save(checked.name, uploaded, save=True)
    return document


def private_file_response(document) -> FileResponse:
    """The response of every download of a dossier's file, applicant's or staff's: always an
    attachment under its sanitised name, never sniffed, cached or run by the browser."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Ce fichier est introuvable.")) from None
    response = FileResponse(
        handle, content_type=document.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
