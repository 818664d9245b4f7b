"""Wagtail's image library under the site's one pixel limit (``labo.core.uploads``).

Wagtail builds its image field itself; ``LaboImageForm`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``)
swaps in a field that applies the limit and message every other upload gets from
``check_upload``. Pillow's own decompression-bomb guard stays on for anything that slips past.
"""

from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .forms import SingleLineTextChecks
from .uploads import check_pixel_count, too_many_pixels


class BombProofImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            width, height = f.image.get_size()
            frames = f.image.get_frame_count()
        except PILImage.DecompressionBombError:
            raise too_many_pixels(None) from None
        check_pixel_count(width * height * frames)


class LaboImageForm(SingleLineTextChecks, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        # Wagtail builds this field itself (no hook to choose its class); the subclass only
        # changes how one check fails, so the instance keeps its state.
        if type(field) is WagtailImageField:
            field.__class__ = BombProofImageField
