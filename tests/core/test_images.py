"""The one pixel limit (labo.core.uploads): read from the header, the same French message at
every image entry point (the entry points themselves: tests/quality/test_uploads.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from labo.core.uploads import check_image_pixels
from tests.quality.test_uploads import png_100_megapixels, png_bomb


def png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), "image/png")


def test_the_limit_is_inclusive(settings):
    settings.LABO_MAX_IMAGE_PIXELS = 2_000_000
    check_image_pixels(png(2_000, 1_000))
    with pytest.raises(ValidationError) as refused:
        check_image_pixels(png(2_000, 1_001))
    assert refused.value.messages == [
        "Cette image compte 2 mégapixels : la limite est de 2 mégapixels. "
        "Réduisez ses dimensions avant de l'envoyer."
    ]


def test_the_message_names_the_image_and_the_limit(settings):
    with pytest.raises(ValidationError) as refused:
        check_image_pixels(SimpleUploadedFile("plan.png", png_100_megapixels()))
    assert "compte 100 mégapixels : la limite est de 40 mégapixels" in refused.value.messages[0]


def test_what_pillow_itself_calls_a_bomb_is_refused_before_its_size_is_known():
    with pytest.raises(ValidationError, match="trop de pixels.*40 mégapixels"):
        check_image_pixels(SimpleUploadedFile("plan.png", png_bomb()))


def test_files_that_are_not_images_are_left_to_the_entry_points_type_check():
    upload = SimpleUploadedFile("statuts.pdf", b"%PDF-1.4\n%%EOF\n")
    check_image_pixels(upload)
    assert upload.tell() == 0
