"""One pixel limit for every image people send: Wagtail's image library, forum attachments
and dossier pieces (``check_image_pixels``; resource proposals take no images).

A PNG of 12 KB can declare 100 million pixels: each rendition of it then costs the server
close to a gigabyte and seconds of work, and a browser showing it inline as much. The size is
read from the file's header, before anything decodes the image, and refused above
``LABO_MAX_IMAGE_PIXELS`` with the same French message everywhere.

Wagtail builds its image field itself; ``LaboImageForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``)
swaps in a field that applies this limit and message. Pillow's own decompression-bomb guard
stays on for anything that slips past (it raises at twice its ``MAX_IMAGE_PIXELS``).
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .forms import SingleLineTextChecks


def max_image_pixels() -> int:
    return settings.LABO_MAX_IMAGE_PIXELS


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def too_many_pixels(pixels: int | None) -> ValidationError:
    limit = _megapixels(max_image_pixels())
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


def check_image_pixels(uploaded) -> None:
    """Refuse an image whose header declares more pixels than the limit. Reads the header
    only; a file Pillow cannot read is left to the caller's own type check."""
    try:
        uploaded.seek(0)
        with warnings.catch_warnings():
            # The warning Pillow gives between its limit and twice it: ours is lower.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(uploaded) as image:
                width, height = image.size
    except PILImage.DecompressionBombError:
        raise too_many_pixels(None) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for what is not an image
        return
    finally:
        uploaded.seek(0)
    if width * height > max_image_pixels():
        raise too_many_pixels(width * height)


class BombProofImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            width, height = f.image.get_size()
            frames = f.image.get_frame_count()
        except PILImage.DecompressionBombError:
            raise too_many_pixels(None) from None
        if width * height * frames > max_image_pixels():
            raise too_many_pixels(width * height * frames)


class LaboImageForm(SingleLineTextChecks, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds this field itself (no hook to choose its class); the subclass only
        # changes how one check fails, so the instance keeps its state.
        if type(field) is WagtailImageField:
            field.__class__ = BombProofImageField
