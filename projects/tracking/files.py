"""Checks on files sent to a dossier, shared by the applicant and the staff sides.

The type is read from the file's content by the site's one upload checker
(``labo.core.uploads``; never trusted from the name or the browser's Content-Type): a « .pdf »
that is really an executable is refused. The size limit is the call's ``max_file_size_mb``.
The name the user gave is kept only sanitised, for the download's Content-Disposition; the
stored path is a random token (see ``models.applications.document_path``).
"""

import os
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.core import uploads

from .models import DOCUMENT_FORMATS
from .models.calls import split_formats

MAX_NAME_LENGTH = 120
# The wording applicants have always read; every other refusal is labo.core.uploads'.
_REFUSED = gettext_lazy("Ce fichier est refusé : %(detail)s. Formats acceptés : %(formats)s.")
_MESSAGES = {
    "too_large": gettext_lazy("Le fichier fait %(size_mb)s Mo : la limite est de %(limit_mb)s Mo."),
    "bad_type": _REFUSED,
    "not_valid": _REFUSED,
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
    if uploaded is None:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    kind = uploads.check_upload(
        uploaded,
        allowed,
        call.max_file_size_mb * 1024 * 1024,
        messages=_MESSAGES,
        message_params={
            "size_mb": f"{(uploaded.size or 0) / (1024 * 1024):.1f}".replace(".", ","),
            "limit_mb": call.max_file_size_mb,
            "formats": accepted_formats_label(allowed),
        },
    )
    return CheckedFile(
        extension=kind.extension,
        content_type=kind.mime,
        name=sanitise_filename(uploaded.name, kind.extension),
        size=uploaded.size,
    )


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
