"""Only images reach the media folder, under names we chose, and come back with their true content type."""

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import re_path
from django.views.static import serve
from PIL import Image, ImageCms

from articles.forms import SafeImageField
from articles.images import make_renditions
from articles.models import Author
from newsroom import urls as project_urls

pytestmark = pytest.mark.django_db


def media(request, path):
    """What `static()` mounts when DEBUG is on; production serves /media/ from nginx or object storage."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *project_urls.urlpatterns]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def jpeg_bytes(comment=b""):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def stored_files():
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def add_author(admin_client, filename, content, content_type="image/jpeg"):
    photo = SimpleUploadedFile(filename, content, content_type=content_type)
    return admin_client.post("/quan-tri/articles/author/add/", {"pen_name": "Minh Huệ", "slug": "", "photo": photo})


def test_every_uploaded_file_field_goes_through_the_image_check(admin_user):
    """A new FileField or ImageField edited in the admin without SafeImageField fails here."""
    request = RequestFactory().get("/")
    request.user = admin_user
    form_fields = {}
    for model, model_admin in admin.site._registry.items():
        form_fields[model] = model_admin.get_form(request).base_fields
        for inline in model_admin.get_inline_instances(request):
            form_fields[inline.model] = inline.get_formset(request).form.base_fields
    project_apps = {"articles", "comments", "weather", "accounts", "newsroom"}
    checked = []
    for model in apps.get_models():
        if model._meta.app_label not in project_apps:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                assert model in form_fields, f"{model.__name__}.{field.name} is not edited through the admin"
                assert isinstance(form_fields[model][field.name], SafeImageField), f"{model.__name__}.{field.name}"
                checked.append(f"{model.__name__}.{field.name}")
    assert sorted(checked) == ["Author.photo", "Photo.image"]


def test_svg_is_refused_and_nothing_is_stored(admin_client):
    response = add_author(admin_client, "logo.svg", SVG, "image/svg+xml")
    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()
    assert not Author.objects.exists()
    assert stored_files() == []


def test_svg_named_like_a_photo_is_refused(admin_client):
    response = add_author(admin_client, "anh.jpg", SVG)
    assert "không phải là ảnh" in response.content.decode()
    assert stored_files() == []


def test_html_page_named_like_a_photo_is_refused(admin_client):
    add_author(admin_client, "anh.jpg", b"<html><script>alert(1)</script></html>")
    assert stored_files() == []


@pytest.mark.parametrize(
    "sent, stem",
    [
        ("../../etc/passwd.jpg", "passwd-"),
        ("..\\..\\windows\\anh.jpg", "anh-"),
        ("x.php.jpg", "x-php-"),
        ("chan-dung.html", "chan-dung-"),
        ("Ảnh chân dung Minh Huệ.JPG", "anh-chan-dung-minh-hue-"),
        ("x", "x-"),
        ("\x00.jpg", "jpg-"),
        (".htaccess", "htaccess-"),
    ],
)
def test_uploaded_names_are_replaced_by_safe_ones(admin_client, sent, stem):
    add_author(admin_client, sent, jpeg_bytes())
    photo = Author.objects.get().photo.name
    folder, name = photo.rsplit("/", 1)
    assert folder == "authors"
    assert name.startswith(stem) and name.endswith(".jpg") and name.count(".") == 1
    assert ".." not in photo and "\\" not in photo
    assert stored_files() == [photo]


def test_two_uploads_with_the_same_name_do_not_overwrite_each_other(admin_client):
    add_author(admin_client, "anh.jpg", jpeg_bytes())
    admin_client.post(
        "/quan-tri/articles/author/add/",
        {"pen_name": "Tuấn Hiển", "photo": SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")},
    )
    assert len({a.photo.name for a in Author.objects.all()}) == 2


@pytest.mark.urls(__name__)
def test_media_files_are_served_as_images_and_never_sniffed(admin_client, client):
    # A real JPEG may carry "<script>" in a comment; as image/jpeg with nosniff a browser never runs it.
    add_author(admin_client, "anh.html", jpeg_bytes(comment=b"<script>alert(1)</script>"))
    photo = Author.objects.get().photo
    response = client.get(f"/media/{photo.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


GPS_IFD = 0x8825


def phone_photo(tail=b""):
    """A JPEG as a reporter's phone makes it: EXIF with the GPS position, XMP, a comment; `tail` appended after
    the end-of-image marker (a polyglot when it is a ZIP or an HTML page)."""
    exif = Image.Exif()
    exif[0x010F] = "Điện thoại phóng viên"
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (18.0, 20.0, 30.0), 3: "E", 4: (105.0, 54.0, 10.0)})
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Toa do 18.34N</x:xmpmeta>'
    Image.new("RGB", (60, 40), "red").save(buffer, "JPEG", exif=exif.tobytes(), xmp=xmp, comment=b"Ha Tinh")
    return buffer.getvalue() + tail


def stored_bytes(name):
    return (settings.MEDIA_ROOT / name).read_bytes()


def assert_no_metadata(content):
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif(), "EXIF kept"
        assert not image.getexif().get_ifd(GPS_IFD), "GPS position kept"
        assert "xmp" not in image.info and "comment" not in image.info and "icc_profile" not in image.info
    assert b"Exif" not in content and b"xmpmeta" not in content and b"Ha Tinh" not in content


def test_phone_photo_is_stored_upright_without_exif_gps_or_xmp_original_and_renditions(admin_client):
    sent = phone_photo()
    with Image.open(io.BytesIO(sent)) as image:
        assert image.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position

    response = add_author(admin_client, "IMG_0001.jpg", sent)

    assert response.status_code == 302
    author = Author.objects.get()
    original = stored_bytes(author.photo.name)
    assert_no_metadata(original)
    with Image.open(io.BytesIO(original)) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 60)  # the orientation is applied to the pixels, not left to a tag
    renditions = make_renditions(author.photo)
    for rendition in renditions:
        for key in ("jpeg", "webp"):
            assert_no_metadata(stored_bytes(rendition[key]))


@pytest.mark.parametrize(
    "tail",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00payload.php<?php system($_GET['c']); ?>PK\x05\x06" + b"\x00" * 18,
        b"<html><script>alert(document.cookie)</script></html>",
    ],
    ids=["zip", "html"],
)
def test_polyglot_upload_is_stored_without_its_appended_payload(admin_client, tail):
    sent = phone_photo(tail)

    response = add_author(admin_client, "anh.jpg", sent)

    assert response.status_code == 302
    stored = stored_bytes(Author.objects.get().photo.name)
    assert tail[:12] not in stored
    assert b"<script>" not in stored and b"<?php" not in stored and b"PK\x03\x04" not in stored
    assert stored.endswith(b"\xff\xd9")  # the file ends where the JPEG ends


def test_png_with_a_colour_profile_is_converted_to_srgb_and_loses_the_profile(admin_client):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(buffer, "PNG", icc_profile=profile.tobytes())

    response = add_author(admin_client, "anh.png", buffer.getvalue(), "image/png")

    assert response.status_code == 302
    stored = stored_bytes(Author.objects.get().photo.name)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert "icc_profile" not in image.info
