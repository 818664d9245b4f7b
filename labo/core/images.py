"""The form Wagtail's admin uses to upload images (``WAGTAILIMAGES_IMAGE_FORM_BASE``).

A PNG of a few hundred bytes can declare 20,000 × 20,000 pixels. Wagtail means to refuse it
with its own pixel limit (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``), but to read the size it asks
Pillow, whose decompression-bomb guard raises first: the upload ended in a server error.
Pillow's guard stays on (other uploads rely on it); the image field turns its error into the
refusal Wagtail meant.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class BombProofImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except PILImage.DecompressionBombError:
            raise ValidationError(
                _(
                    "Cette image déclare trop de pixels pour être traitée : "
                    "réduisez ses dimensions."
                ),
                code="file_too_many_pixels",
            ) from None


class LaboImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds this field itself (no hook to choose its class); the subclass only
        # changes how one check fails, so the instance keeps its state.
        if type(field) is WagtailImageField:
            field.__class__ = BombProofImageField
