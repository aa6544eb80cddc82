"""The photo library: uploads, search without marks, focal-point crops, "used in", deletion, picking, credits."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.models import Article, Photo, PhotoUse
from articles.photos import clean_credit
from articles.sanitize import clean_html
from tests.articles.test_images import jpeg_upload
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("bientap", password="mat-khau-dai-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(user)
    return user


def placed(photo):
    return f'<figure class="body-image-{photo.pk}"><img src="/x.jpg"></figure>'


def two_colour_jpeg(name="hai-mau.jpg"):
    """640×180: the left half red, the right half blue. A 16:9 crop (320×180) holds one colour or the other."""
    image = Image.new("RGB", (640, 180), (220, 0, 0))
    image.paste((0, 0, 220), (320, 0, 640, 180))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def centre_colour(rendition):
    with default_storage.open(rendition["jpeg"]) as f, Image.open(f) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


# Search


def test_search_without_marks_finds_caption_credit_and_tags():
    photo = PhotoFactory(caption="Lũ về Hương Khê", credit="Đình Nhất")
    photo.tags.set(["Phòng chống thiên tai"])
    photo.refresh_search_text()
    PhotoFactory(caption="Đồng lúa Can Lộc")

    for term in ("huong khe", "Hương Khê", "dinh nhat", "phong chong thien tai", "LU VE"):
        assert list(Photo.objects.search(term)) == [photo], term
    assert not Photo.objects.search("hà nội").exists()


def test_search_by_the_date_taken():
    photo = PhotoFactory(taken_on=datetime.date(2013, 1, 23))
    PhotoFactory(taken_on=datetime.date(2013, 1, 24))

    assert list(Photo.objects.search("23/01/2013")) == [photo]
    assert list(Photo.objects.search("2013-01-23")) == [photo]


def test_library_list_searches_without_marks(client, editor):
    PhotoFactory(caption="Cầu Bến Thủy lúc hoàng hôn")
    PhotoFactory(caption="Biển Thiên Cầm")

    page = client.get(f"{ADMIN}/photo/", {"q": "cau ben thuy"}).content.decode()

    assert "Cầu Bến Thủy lúc hoàng hôn" in page
    assert "Biển Thiên Cầm" not in page
    assert 'class="library-thumb"' in page


# Upload


def test_several_photos_upload_at_once_without_javascript(client, editor):
    response = client.post(
        f"{ADMIN}/photo/upload/",
        {"files": [jpeg_upload(name="a.jpg"), jpeg_upload(name="b.jpg")], "credit": "Ảnh: Minh Huệ", "tags": "Hà Tĩnh"},
    )

    assert response.status_code == 302
    photos = list(Photo.objects.all())
    assert len(photos) == 2
    for photo in photos:
        assert photo.credit == "Minh Huệ"
        assert photo.uploaded_by == editor
        assert [t.name for t in photo.tags.all()] == ["Hà Tĩnh"]
        assert photo.renditions and photo.crops
        with photo.image.open() as f, Image.open(f) as image:
            assert not image.getexif()  # the camera's data is gone


def test_the_script_uploads_one_file_per_request_and_gets_json(client, editor):
    response = client.post(f"{ADMIN}/photo/upload/", {"files": [jpeg_upload()]}, headers={"accept": "application/json"})

    answer = response.json()
    photo = Photo.objects.get()
    assert answer["photos"][0]["id"] == photo.pk
    assert answer["photos"][0]["change_url"].endswith(f"/photo/{photo.pk}/change/")

    refused = client.post(
        f"{ADMIN}/photo/upload/",
        {"files": [SimpleUploadedFile("x.jpg", b"not a photo")]},
        headers={"accept": "application/json"},
    )
    assert refused.status_code == 400
    assert "không phải là ảnh" in " ".join(refused.json()["errors"])


def test_reporters_upload_but_only_editors_delete():
    reporter = Group.objects.get(name="Phóng viên").permissions.values_list("codename", flat=True)
    assert {"add_photo", "change_photo", "view_photo"} <= set(reporter)
    assert "delete_photo" not in reporter


# Focal point


def test_the_cover_crop_follows_the_focal_point():
    photo = Photo.objects.create(image=two_colour_jpeg(), focal_x=0.1, focal_y=0.5)
    assert [(r["width"], r["height"]) for r in photo.crops] == [(160, 90), (320, 180)]
    red, green, blue = centre_colour(photo.crops[-1])
    assert red > 180 and blue < 60  # the left half

    photo.focal_x = 0.9
    photo.save()
    photo.refresh_from_db()
    red, green, blue = centre_colour(photo.crops[-1])
    assert blue > 180 and red < 60  # the right half


def test_moving_the_focal_point_in_the_admin_recrops_the_stories_covers(client, editor):
    photo = Photo.objects.create(image=two_colour_jpeg(), focal_x=0.1)
    story = ArticleFactory(cover=photo)
    before = Article.objects.get(pk=story.pk).cover_renditions

    page = client.get(f"{ADMIN}/photo/{photo.pk}/change/").content.decode()
    assert "data-focal-picker" in page and "articles/admin/photos.js" in page
    data = {"caption": "Hai màu", "credit": "", "alt": "", "place": "", "tags": "", "focal_x": "0.9", "focal_y": "0.5"}
    response = client.post(f"{ADMIN}/photo/{photo.pk}/change/", data)

    assert response.status_code == 302
    after = Article.objects.get(pk=story.pk).cover_renditions
    assert after != before
    assert centre_colour(after[-1])[2] > 180  # blue: the right half
    assert not default_storage.exists(before[-1]["jpeg"])  # the old crops are gone


def test_a_focal_point_outside_the_photo_is_refused(client, editor):
    photo = PhotoFactory()
    data = {"caption": "Ảnh", "credit": "", "alt": "", "place": "", "tags": "", "focal_x": "1.5", "focal_y": "-1"}

    response = client.post(f"{ADMIN}/photo/{photo.pk}/change/", data)

    assert response.status_code == 200
    assert "nhỏ hơn hoặc bằng với 1" in response.content.decode()


# Used in, and deletion


def test_used_in_lists_cover_body_and_gallery_uses(client, editor):
    photo = PhotoFactory()
    cover = ArticleFactory(headline="Bài dùng làm ảnh bìa", cover=photo)
    body = ArticleFactory(headline="Bài có ảnh trong bài", body=placed(photo))
    gallery = ArticleFactory(
        headline="Bài có bộ ảnh", body=f'<figure class="body-gallery" data-photos="{photo.pk}"></figure>'
    )
    ArticleFactory(headline="Bài không dùng ảnh")

    assert set(PhotoUse.objects.values_list("article_id", "kind")) == {
        (cover.pk, "cover"),
        (body.pk, "body"),
        (gallery.pk, "gallery"),
    }
    page = client.get(f"{ADMIN}/photo/{photo.pk}/change/").content.decode()
    for headline in ("Bài dùng làm ảnh bìa", "Bài có ảnh trong bài", "Bài có bộ ảnh"):
        assert headline in page
    assert "Bài không dùng ảnh" not in page
    assert "3 bài" in client.get(f"{ADMIN}/photo/").content.decode()


def test_uses_follow_the_body_as_it_is_edited():
    first, second = PhotoFactory(), PhotoFactory()
    story = ArticleFactory(body=placed(first))
    story.body = placed(second)
    story.save()

    assert list(PhotoUse.objects.values_list("photo_id", flat=True)) == [second.pk]


def test_a_photo_in_use_cannot_be_deleted(client, editor):
    photo = PhotoFactory()
    ArticleFactory(headline="Bài đang dùng ảnh", body=placed(photo))

    with pytest.raises(ProtectedError):
        photo.delete()
    page = client.get(f"{ADMIN}/photo/{photo.pk}/delete/").content.decode()
    assert "Bài đang dùng ảnh" in page
    client.post(f"{ADMIN}/photo/{photo.pk}/delete/", {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_an_unused_photo_can_be_deleted(client, editor):
    photo = PhotoFactory()

    client.post(f"{ADMIN}/photo/{photo.pk}/delete/", {"post": "yes"})

    assert not Photo.objects.exists()


# Picking


def test_pick_endpoint_answers_staff_who_may_view_photos(client):
    PhotoFactory(caption="Cầu Bến Thủy", credit="Minh Huệ", alt="Cây cầu")
    user = User.objects.create_user("khach", password="mat-khau-dai-123", is_staff=True)
    client.force_login(user)
    assert client.get(f"{ADMIN}/photo/pick/").status_code == 403

    user.user_permissions.add(Permission.objects.get(codename="view_photo"))
    answer = client.get(f"{ADMIN}/photo/pick/", {"q": "ben thuy"}).json()

    [found] = answer["results"]
    assert found["caption"] == "Cầu Bến Thủy" and found["credit"] == "Minh Huệ" and found["alt"] == "Cây cầu"
    assert found["thumb"].startswith("/media/renditions/") and found["thumb"].endswith("-160.jpeg")
    assert answer["more"] is False


def test_pick_endpoint_pages_and_costs_the_same_for_5_or_50_photos(client, editor):
    def queries_for(count):
        Photo.objects.all().delete()
        Photo.objects.bulk_create(Photo(image=f"photos/{n}.jpg", caption=f"Ảnh {n}") for n in range(count))
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(f"{ADMIN}/photo/pick/").json()
        return len(captured), answer

    few, small = queries_for(5)
    many, large = queries_for(50)
    # The session, the user, the user's permissions (group and own), then the photos in one query.
    assert few == many <= 5
    assert len(small["results"]) == 5 and small["more"] is False
    assert len(large["results"]) == 24 and large["more"] is True
    second = client.get(f"{ADMIN}/photo/pick/", {"page": "3"}).json()
    assert len(second["results"]) == 2 and second["more"] is False


# Credits and galleries on the page


@pytest.mark.parametrize(
    "typed", ["Ảnh: Minh Huệ", "ảnh: Minh Huệ", "ẢNH - Minh Huệ", "Ảnh Minh Huệ", "Ảnh: Ảnh: Minh Huệ", " Minh Huệ "]
)
def test_credit_is_stored_without_the_prefix(typed):
    assert clean_credit(typed) == "Minh Huệ"


def test_credits_never_print_twice(client):
    author = AuthorFactory(pen_name="Minh Huệ")
    photo = PhotoFactory(caption="Cán bộ lão thành", credit="Ảnh: Minh Huệ")
    story = ArticleFactory(cover=photo, cover_credit="Ảnh: Ảnh: Minh Huệ", body=placed(photo))

    page = client.get(story.get_absolute_url()).content.decode()

    assert photo.credit_author == author  # linked to the author of that pen name
    assert "Ảnh: Ảnh:" not in page
    assert page.count("Ảnh: Minh Huệ") == 2  # the cover and the body photo


def test_a_gallery_is_readable_without_javascript(client):
    photos = [PhotoFactory(caption=f"Khoảnh khắc {n}", credit="Anh Minh") for n in range(3)]
    ids = ",".join(str(p.pk) for p in photos)
    story = ArticleFactory(body=f'<p>Mở đầu</p><figure class="body-gallery" data-photos="{ids}"><p>x</p></figure>')

    page = client.get(story.get_absolute_url()).content.decode()

    gallery = page[page.index('<div class="gallery"') :]
    gallery = gallery[: gallery.index("</div>")]
    assert gallery.count('<figure class="gallery__item">') == 3
    assert gallery.index("Khoảnh khắc 0") < gallery.index("Khoảnh khắc 1") < gallery.index("Khoảnh khắc 2")
    assert "1/3" in gallery and "Ảnh: Anh Minh" in gallery and "srcset=" in gallery


def test_the_sanitiser_keeps_a_gallery_and_nothing_else_in_its_ids():
    assert clean_html('<figure class="body-gallery" data-photos="1, 2,3"></figure>') == (
        '<figure class="body-gallery" data-photos="1,2,3"></figure>'
    )
    assert "data-photos" not in clean_html('<figure class="body-gallery" data-photos="1&quot;onload=x"></figure>')
    assert "data-photos" not in clean_html('<p data-photos="1">x</p>')


# The story list


def test_story_list_shows_list_size_thumbnails(client, editor):
    photo = PhotoFactory()
    ArticleFactory(cover=photo)

    page = client.get(f"{ADMIN}/article/").content.decode()

    assert 'class="list-thumb"' in page
    assert photo.crops[0]["jpeg"] in page and photo.crops[0]["width"] == 160
    assert 'loading="lazy"' in page
    assert "articles/admin/photos.css" in page


def test_story_cover_is_picked_from_the_library(client, editor):
    photo = PhotoFactory(caption="Ảnh trong thư viện")
    story = ArticleFactory()

    page = client.get(f"{ADMIN}/article/{story.pk}/change/").content.decode()
    assert 'name="cover"' in page and "vForeignKeyRawIdAdminField" in page
    # The body editor's photo button searches the library, where the photo is found.
    assert reverse("admin:articles_photo_pick") in page
    found = client.get(reverse("admin:articles_photo_pick"), {"q": "anh trong thu vien"}).json()["results"]
    assert [result["id"] for result in found] == [photo.pk]


def test_deleting_a_photo_removes_its_renditions(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    files = [r["jpeg"] for r in [*photo.renditions, *photo.crops]]
    assert all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert not any(default_storage.exists(name) for name in files)


def test_library_list_query_budget_is_the_same_for_5_or_40_photos(client, editor):
    def queries_for(count):
        Photo.objects.all().delete()
        Photo.objects.bulk_create(Photo(image=f"photos/{n}.jpg", caption=f"Ảnh {n}") for n in range(count))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{ADMIN}/photo/").status_code == 200
        return len(captured)

    assert queries_for(5) == queries_for(40)


def test_photos_brought_in_without_crops_get_them_and_their_stories_too():
    photo = PhotoFactory(caption="Cầu Cửa Hội")
    story = ArticleFactory(cover=photo)
    # As the migration from the old per-story files left them: renditions, no focal crops, the cover uncropped.
    Photo.objects.filter(pk=photo.pk).update(crops=[])
    Article.objects.filter(pk=story.pk).update(cover_renditions=photo.renditions)
    untouched = PhotoFactory()
    kept = Photo.objects.get(pk=untouched.pk).crops
    out = io.StringIO()
    call_command("render_photos", stdout=out)
    assert out.getvalue().startswith("Đã tạo lại ảnh cỡ nhỏ và ảnh cắt cho 1 ảnh")
    photo.refresh_from_db()
    story.refresh_from_db()
    assert photo.crops and photo.crops[0]["width"] == 160  # the smallest crop: no wider than the 320 px file
    assert story.cover_renditions == photo.crops
    assert Photo.objects.get(pk=untouched.pk).crops == kept
