import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from articles.images import make_renditions, validate_image
from articles.models import Photo
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112


def jpeg_upload(size=(1000, 500), orientation=None, name="anh.jpg"):
    """A real JPEG; orientation 6 means "rotate 90° clockwise to display"."""
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh phóng viên"
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_claiming(width, height):
    """A PNG header announcing huge dimensions: opening it would decompress gigabytes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def error_message(file):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_image(file)
    return " ".join(caught.value.messages)


def test_real_jpeg_is_accepted():
    validate_image(jpeg_upload())


def test_random_bytes_are_not_an_image():
    assert "không phải là ảnh" in error_message(SimpleUploadedFile("anh.jpg", b"\x00\x13\x37" * 100))


def test_text_file_renamed_jpg_is_not_an_image():
    assert "không phải là ảnh" in error_message(SimpleUploadedFile("anh.jpg", "Xin chào Hà Tĩnh".encode()))


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    assert "không phải là ảnh" in error_message(SimpleUploadedFile("anh.svg", svg, content_type="image/svg+xml"))


def test_decompression_bomb_is_refused():
    message = error_message(SimpleUploadedFile("bom.png", png_claiming(100_000, 100_000)))
    assert "megapixel" in message


def test_image_just_over_the_pixel_limit_is_refused():
    message = error_message(SimpleUploadedFile("lon.png", png_claiming(8000, 6000)))
    assert "megapixel" in message


def test_file_over_the_upload_limit_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("lon.jpg", b"\xff\xd8" + b"\x00" * (1024 * 1024 + 1))
    assert "quá lớn" in error_message(big)


def test_other_raster_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "BMP")
    assert "BMP" in error_message(SimpleUploadedFile("anh.bmp", buffer.getvalue()))


def test_renditions_are_upright_webp_and_jpeg_without_metadata():
    photo = Photo.objects.create(image=jpeg_upload(size=(1000, 500), orientation=6))

    renditions = make_renditions(photo.image)

    # Rotated to portrait 500x1000: 480 wide, then the original 500 (never upscaled to 800 or 1200).
    assert [(r["width"], r["height"]) for r in renditions] == [(480, 960), (500, 1000)]
    for rendition in renditions:
        with default_storage.open(rendition["webp"]) as f, Image.open(f) as webp:
            assert webp.format == "WEBP"
            assert webp.size == (rendition["width"], rendition["height"])
        with default_storage.open(rendition["jpeg"]) as f, Image.open(f) as jpeg:
            assert jpeg.format == "JPEG"
            assert jpeg.size == (rendition["width"], rendition["height"])
            assert not jpeg.getexif()
        assert rendition["jpeg"].startswith("renditions/")


def test_a_cover_takes_the_photos_crops_and_loses_them_without_a_cover():
    photo = Photo.objects.create(image=jpeg_upload(size=(1600, 900)))
    article = ArticleFactory(cover=photo)

    article.refresh_from_db()
    assert [(r["width"], r["height"]) for r in article.cover_renditions] == [
        (160, 90),
        (480, 270),
        (800, 450),
        (1200, 675),
    ]

    article.cover = None
    article.save()
    article.refresh_from_db()
    assert article.cover_renditions == []
