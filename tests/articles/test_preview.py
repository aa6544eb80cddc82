import pytest
from django.core import signing

from articles import preview
from articles.models import Article
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles/article"


@pytest.fixture
def draft():
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Bài nháp chưa đăng")


def test_staff_preview_renders_the_public_page_of_a_draft(client, draft):
    client.force_login(StaffFactory(group="Biên tập viên"))

    response = client.get(f"{ADMIN}/{draft.pk}/preview/")

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert "Bài nháp chưa đăng" in response.content.decode()
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_preview_needs_a_login_and_the_right_story(client, draft):
    assert client.get(f"{ADMIN}/{draft.pk}/preview/").status_code == 302  # to the login page

    client.force_login(StaffFactory(group="Phóng viên"))
    assert client.get(f"{ADMIN}/{draft.pk}/preview/").status_code == 403


def test_change_page_offers_preview_and_signed_link(client, draft):
    client.force_login(StaffFactory(group="Biên tập viên"))

    page = client.get(f"{ADMIN}/{draft.pk}/change/").content.decode()

    assert f"{ADMIN}/{draft.pk}/preview/" in page
    assert "/xem-truoc/" in page
    assert "48 giờ" in page


def test_signed_link_opens_the_story_without_an_account(client, draft):
    response = client.get(preview.link(draft))

    assert response.status_code == 200
    assert "Bài nháp chưa đăng" in response.content.decode()
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "no-store" in response.headers["Cache-Control"]


def test_expired_link_gets_a_vietnamese_page(client, draft, monkeypatch, settings):
    settings.PREVIEW_LINK_HOURS = 48
    url = preview.link(draft)
    issued = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: issued + 48 * 3600 + 5)

    response = client.get(url)

    assert response.status_code == 403
    assert "đã hết hạn" in response.content.decode()


def test_link_is_still_valid_just_before_expiry(client, draft, monkeypatch):
    url = preview.link(draft)
    issued = signing.time.time()
    monkeypatch.setattr(signing.time, "time", lambda: issued + 47 * 3600)

    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature altered
        lambda token: "9999" + token[token.index(":") :],  # another story's id with this signature
        lambda token: "rac-rac",
        lambda token: signing.TimestampSigner(salt="another-purpose").sign(token.split(":")[0]),
    ],
    ids=["signature", "story-id", "garbage", "other-salt"],
)
def test_tampered_link_gets_a_vietnamese_404(client, draft, tamper):
    token = preview.make_token(draft)

    response = client.get(f"/xem-truoc/{tamper(token)}/")

    assert response.status_code == 404
    assert "không hợp lệ" in response.content.decode()


def test_link_to_a_deleted_story_is_a_clear_404(client, draft):
    url = preview.link(draft)
    draft.delete()

    response = client.get(url)

    assert response.status_code == 404
    assert "không còn nữa" in response.content.decode()
