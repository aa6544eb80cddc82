import pytest

from articles.models import Article, Photo
from tests.articles.test_images import jpeg_upload
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def placed(photo, caption="chú thích trong trình soạn thảo"):
    return f'<figure class="body-image-{photo.pk}"><img src="/x.jpg"><figcaption>{caption}</figcaption></figure>'


def test_slug_is_made_from_a_vietnamese_headline():
    article = ArticleFactory(headline="Đường về Đồng Lộc", slug="")

    assert article.slug == "duong-ve-dong-loc"


def test_body_photo_becomes_a_captioned_picture_with_srcset():
    photo = Photo.objects.create(image=jpeg_upload(size=(1000, 600)), caption="Cầu <Bến> Thủy", credit="Ảnh: Tuấn Hiển")
    article = ArticleFactory(body=f"<p>Trước</p>{placed(photo)}<p>Sau</p>")

    html = Article.objects.get(pk=article.pk).body_html

    assert "chú thích trong trình soạn thảo" not in html
    assert '<figure class="article-image"><picture><source type="image/webp" srcset="/media/renditions/' in html
    assert "480w" in html and "800w" in html and "1000w" in html
    assert 'width="1000" height="600"' in html
    assert '<figcaption>Cầu &lt;Bến&gt; Thủy <span class="credit">Ảnh: Tuấn Hiển</span></figcaption>' in html
    assert html.startswith("<p>Trước</p>") and html.endswith("<p>Sau</p>")


def test_a_photo_missing_from_the_library_disappears_from_the_body():
    article = ArticleFactory(body='<p>Trước</p><figure class="body-image-999"><img src="/x.jpg"></figure>')

    assert Article.objects.get(pk=article.pk).body_html == "<p>Trước</p>"


def test_one_library_photo_shows_in_two_stories():
    photo = PhotoFactory(caption="Ảnh dùng chung")
    first, second = ArticleFactory(body=placed(photo)), ArticleFactory(body=placed(photo))

    assert "Ảnh dùng chung" in first.body_html and "Ảnh dùng chung" in second.body_html


def test_body_without_photos_costs_no_query(django_assert_num_queries):
    article = Article.objects.get(pk=ArticleFactory(body="<p>Chỉ có chữ</p>").pk)

    with django_assert_num_queries(0):
        assert article.body_html == "<p>Chỉ có chữ</p>"


def test_body_photos_and_galleries_cost_one_query_however_many(django_assert_num_queries):
    photos = PhotoFactory.create_batch(5)
    gallery = f'<figure class="body-gallery" data-photos="{photos[3].pk},{photos[4].pk}"></figure>'
    article = ArticleFactory(body="".join(placed(photo) for photo in photos[:3]) + gallery)
    article = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(1):
        html = article.body_html
    assert html.count('<figure class="article-image">') == 3 and html.count('class="gallery__item"') == 2
