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
from PIL import Image

from articles.forms import SafeImageField
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
    assert sorted(checked) == ["Article.cover", "ArticleImage.image", "Author.photo"]


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
