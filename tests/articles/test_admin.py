import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from articles.models import Article, Author, Photo, Section, Tag
from tests.articles.test_images import jpeg_upload, png_claiming
from tests.factories import ArticleFactory, AuthorFactory, LocalityFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("bientap", password="mat-khau-dai-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["articles", "redirects"]))
    client.force_login(user)
    return user


def inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def story_form(section, **fields):
    data = {
        "kicker": "Công tác tổ chức xây dựng Đảng năm 2012:",
        "headline": "“Đòn bẩy” nâng sức mạnh hệ thống chính trị",
        "slug": "",
        "sapo": "Năm 2012 có thể coi là một năm đầy dấu ấn.",
        "body": "<p>Nội dung bài viết.</p>",
        "cover_caption": "Bí thư Tỉnh ủy nói chuyện với cán bộ",
        "cover_credit": "Ảnh: Hải Yến",
        "cover_alt": "",
        "section": str(section.pk),
        "tags": "Hà Tĩnh, Xây dựng Đảng",
        "_workflow": "publish",  # the form's "Đăng ngay" button
        "published_at_0": "",
        "published_at_1": "",
        "allow_comments": "on",
        "_save": "Lưu",
        **inline("bylines", []),
        **inline("related_pins", []),
    }
    data.update(fields)
    return data


def test_editor_publishes_a_story_with_cover_and_ordered_byline(client, editor):
    section = SectionFactory(name="Xây dựng Đảng")
    first, second = AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")
    data = story_form(
        section,
        cover=str(Photo.objects.create(image=jpeg_upload(size=(1000, 500), orientation=6)).pk),
        # Rows in the form in the "wrong" order: the position decides the byline.
        **inline("bylines", [{"author": second.pk, "position": "2"}, {"author": first.pk, "position": "1"}]),
    )

    response = client.post(f"{ADMIN}/article/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.for_page().get()
    assert article.byline == "Minh Huệ - Tuấn Hiển"
    assert article.slug == "don-bay-nang-suc-manh-he-thong-chinh-tri"
    assert article.created_by == editor
    assert sorted(article.tags.names()) == ["Hà Tĩnh", "Xây dựng Đảng"]
    # The cover was turned upright (a 1000x500 shot with "rotate 90°" is portrait), then cropped to 16:9.
    assert [(r["width"], r["height"]) for r in article.cover_renditions] == [(160, 90), (480, 270), (500, 281)]
    with default_storage.open(article.cover_renditions[1]["webp"]) as f, Image.open(f) as webp:
        assert webp.size == (480, 270)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index("Minh Huệ") < page.index("Tuấn Hiển")


def test_typed_slug_is_made_ascii(client, editor):
    data = story_form(SectionFactory(), slug="Đường về Hà Tĩnh")

    client.post(f"{ADMIN}/article/add/", data)

    assert Article.objects.get().slug == "duong-ve-ha-tinh"


def test_hostile_body_never_reaches_the_page(client, editor):
    hostile = (
        "<p>Tin nóng</p><script>alert('xss')</script>"
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">bấm</a>'
        '<iframe src="https://example.com/"></iframe><p style="color:red" onclick="alert(3)">Hết</p>'
    )
    client.post(f"{ADMIN}/article/add/", story_form(SectionFactory(), body=hostile))

    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Tin nóng" in page
    for bad in ("<script>alert", "onerror", "javascript:", "<iframe", "onclick", "color:red"):
        assert bad not in article.body
        assert bad not in page


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("anh.jpg", b"\x00\x01\x02" * 300), "không phải là ảnh"),
        (SimpleUploadedFile("anh.jpg", "Đây là văn bản".encode()), "không phải là ảnh"),
        (SimpleUploadedFile("anh.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'), "không phải là ảnh"),
        (SimpleUploadedFile("bom.png", png_claiming(100_000, 100_000)), "megapixel"),
    ],
    ids=["random-bytes", "text-renamed", "svg", "decompression-bomb"],
)
def test_bad_photo_comes_back_with_a_vietnamese_error(client, editor, upload, expected):
    response = client.post(f"{ADMIN}/photo/upload/", {"files": [upload], "credit": "Hải Yến"})

    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page
    assert upload.name in page  # which of the files was refused
    assert 'value="Hải Yến"' in page
    assert not Photo.objects.exists()


def test_oversize_photo_is_refused(client, editor, settings):
    settings.MAX_UPLOAD_MB = 0
    response = client.post(f"{ADMIN}/photo/upload/", {"files": [jpeg_upload()]})

    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()


def test_library_photo_is_placed_in_the_body_with_caption_and_srcset(client, editor):
    article = ArticleFactory()
    photo = Photo.objects.create(image=jpeg_upload(size=(1600, 1000)), caption="Cán bộ lão thành")
    assert [r["width"] for r in photo.renditions] == [480, 800, 1200]

    # The editor's image button inserts this figure; the page shows the photo as it is now.
    data = story_form(
        article.section,
        headline=article.headline,
        body=f'<p>Trước</p><figure class="body-image-{photo.pk}"><img src="/x.jpg"></figure>',
    )
    client.post(f"{ADMIN}/article/{article.pk}/change/", data)
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "<figcaption>Cán bộ lão thành</figcaption>" in page
    assert 'type="image/webp"' in page
    assert "1200w" in page


def test_story_form_carries_the_body_editor(client, editor):
    article = ArticleFactory()

    page = client.get(f"{ADMIN}/article/{article.pk}/change/").content.decode()

    assert "data-body-editor" in page
    assert "articles/admin/body_editor.js" in page
    assert "django_prose_editor/editor.css" in page


def changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{ADMIN}/article/")
    assert response.status_code == 200
    return len(queries)


def test_article_changelist_query_count_does_not_grow_with_rows(client, editor):
    section = SectionFactory()
    authors = AuthorFactory.create_batch(2)
    ArticleFactory.create_batch(3, section=section, authors=authors, localities=[LocalityFactory()])
    few = changelist_queries(client)

    ArticleFactory.create_batch(27, authors=authors)
    many = changelist_queries(client)

    assert many == few


def test_changelist_shows_byline_and_finds_headlines_without_diacritics(client, editor):
    ArticleFactory(headline="Đồng Lộc vào mùa", authors=[AuthorFactory(pen_name="Minh Huệ")])
    ArticleFactory(headline="Giá lúa tăng")

    page = client.get(f"{ADMIN}/article/", {"q": "dong loc"}).content.decode()

    assert "Đồng Lộc vào mùa" in page
    assert "Minh Huệ" in page
    assert "Giá lúa tăng" not in page


def test_locality_filter_includes_units_below(client, editor):
    district = LocalityFactory(name="Can Lộc", kind="district")
    commune = LocalityFactory(name="Đồng Lộc", parent=district)
    ArticleFactory(headline="Tin xã Đồng Lộc", localities=[commune])
    ArticleFactory(headline="Tin nơi khác")

    page = client.get(f"{ADMIN}/article/", {"locality": district.pk}).content.decode()

    assert "Tin xã Đồng Lộc" in page
    assert "Tin nơi khác" not in page


def test_taggit_own_tag_admin_is_hidden_and_ours_is_shown(client, editor):
    index = client.get("/quan-tri/").content.decode()
    assert "/quan-tri/taggit/" not in index
    assert f"{ADMIN}/tag/" in index
    assert "/quan-tri/redirects/redirect/" in index


def test_site_one_carries_the_public_domain():
    assert Site.objects.get(pk=1).domain


@pytest.fixture
def one_of_each():
    section = SectionFactory(name="Thời sự")
    locality = LocalityFactory(name="Hà Tĩnh", kind="province")
    author = AuthorFactory(pen_name="Minh Huệ")
    article = ArticleFactory(section=section, authors=[author], localities=[locality], tags=["Hà Tĩnh"])
    redirect = Redirect.objects.create(site_id=1, old_path="/tin-cu.html", new_path=article.get_absolute_url())
    return {
        "section": section,
        "locality": locality,
        "author": author,
        "article": article,
        "tag": Tag.objects.get(),
        "redirect": redirect,
    }


@pytest.mark.parametrize(
    ("model", "url", "vietnamese"),
    [
        ("section", f"{ADMIN}/section/", "Chuyên mục"),
        ("locality", f"{ADMIN}/locality/", "Địa phương"),
        ("author", f"{ADMIN}/author/", "Bút danh"),
        ("article", f"{ADMIN}/article/", "Tiêu đề"),
        ("tag", f"{ADMIN}/tag/", "Thẻ"),
        ("redirect", "/quan-tri/redirects/redirect/", "Chuyển hướng"),
    ],
)
def test_admin_pages_render_in_vietnamese(client, editor, one_of_each, model, url, vietnamese):
    obj = one_of_each[model]
    for page_url in (url, f"{url}add/", f"{url}{obj.pk}/change/"):
        response = client.get(page_url)
        assert response.status_code == 200, page_url
        assert vietnamese in response.content.decode(), page_url


def test_article_form_is_grouped_as_an_editor_thinks(client, editor):
    page = client.get(f"{ADMIN}/article/add/").content.decode()

    for heading in ("Nội dung", "Ảnh", "Phân loại", "Xuất bản", "Tác giả (theo thứ tự ký tên)"):
        assert heading in page
    assert "articles/admin/urlify_vi.js" in page


def test_bad_author_photo_is_refused(client, editor):
    data = {"pen_name": "Minh Huệ", "slug": "", "bio": "", "photo": SimpleUploadedFile("a.jpg", b"<html></html>")}

    response = client.post(f"{ADMIN}/author/add/", data)

    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()


def test_section_and_author_slugs_are_ascii_even_when_left_empty(client, editor):
    client.post(f"{ADMIN}/section/add/", {"name": "Đời sống", "slug": "", "position": "0", "description": ""})
    client.post(f"{ADMIN}/author/add/", {"pen_name": "Đức Hùng", "slug": "Đức Hùng", "bio": ""})

    assert Section.objects.get().slug == "doi-song"
    assert Author.objects.get().slug == "duc-hung"
