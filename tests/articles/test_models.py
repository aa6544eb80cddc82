import pytest

from articles.images import render_body_image
from articles.models import Article, ArticleImage
from tests.articles.test_images import jpeg_upload
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def placed(image, caption="chú thích trong trình soạn thảo"):
    return f'<figure class="body-image-{image.pk}"><img src="/x.jpg"><figcaption>{caption}</figcaption></figure>'


def test_slug_is_made_from_a_vietnamese_headline():
    article = ArticleFactory(headline="Đường về Đồng Lộc", slug="")

    assert article.slug == "duong-ve-dong-loc"


def test_body_photo_becomes_a_captioned_picture_with_srcset():
    article = ArticleFactory()
    image = ArticleImage.objects.create(
        article=article, image=jpeg_upload(size=(1000, 600)), caption="Cầu <Bến> Thủy", credit="Ảnh: Tuấn Hiển"
    )
    render_body_image(image)
    article.body = f"<p>Trước</p>{placed(image)}<p>Sau</p>"
    article.save()

    html = Article.objects.get(pk=article.pk).body_html

    assert "chú thích trong trình soạn thảo" not in html
    assert '<figure class="article-image"><picture><source type="image/webp" srcset="/media/renditions/' in html
    assert "480w" in html and "800w" in html and "1000w" in html
    assert 'width="1000" height="600"' in html
    assert '<figcaption>Cầu &lt;Bến&gt; Thủy <span class="credit">Ảnh: Tuấn Hiển</span></figcaption>' in html
    assert html.startswith("<p>Trước</p>") and html.endswith("<p>Sau</p>")


def test_a_removed_photo_disappears_from_the_body():
    article = ArticleFactory()
    image = ArticleImage.objects.create(article=article, image=jpeg_upload())
    article.body = f"<p>Trước</p>{placed(image)}"
    article.save()
    image.delete()

    assert Article.objects.get(pk=article.pk).body_html == "<p>Trước</p>"


def test_another_storys_photo_is_not_shown():
    other = ArticleImage.objects.create(article=ArticleFactory(), image=jpeg_upload(), caption="Ảnh bài khác")
    article = ArticleFactory(body=f"<p>Bài</p>{placed(other)}")

    assert "Ảnh bài khác" not in article.body_html


def test_body_without_photos_costs_no_query(django_assert_num_queries):
    article = Article.objects.get(pk=ArticleFactory(body="<p>Chỉ có chữ</p>").pk)

    with django_assert_num_queries(0):
        assert article.body_html == "<p>Chỉ có chữ</p>"


def test_body_photos_cost_one_query_however_many(django_assert_num_queries):
    article = ArticleFactory()
    images = [ArticleImage.objects.create(article=article, image=jpeg_upload(), caption=f"Ảnh {n}") for n in range(3)]
    article.body = "".join(placed(image) for image in images)
    article.save()
    article = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(1):
        html = article.body_html
    assert html.count("<figure") == 3
