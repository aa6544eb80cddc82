import re

import pytest
from django.core import signing
from django.test import Client

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
    page = response.content.decode()
    assert '<article class="story"' in page and "Bài nháp chưa đăng" in page  # the story page readers will see
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


def test_editor_revokes_every_preview_link_of_a_story_at_once(client, draft):
    given_out = [preview.link(draft), preview.link(draft)]
    other_story_link = preview.link(ArticleFactory(status=Article.Status.DRAFT, published_at=None))
    reader = Client()
    assert all(reader.get(url).status_code == 200 for url in given_out)
    client.force_login(StaffFactory(group="Biên tập viên"))
    assert "Thu hồi các liên kết xem trước" in client.get(f"{ADMIN}/{draft.pk}/change/").content.decode()

    response = client.post(f"{ADMIN}/{draft.pk}/preview/revoke/", follow=True)

    assert "không còn dùng được nữa" in response.content.decode()
    for url in given_out:
        refused = reader.get(url)
        assert refused.status_code == 403
        assert "Không xem trước được" in refused.content.decode()  # articles/preview_invalid.html
        assert "đã bị tòa soạn thu hồi" in refused.content.decode()
    new_link = re.search(r'value="https?://[^/"]+(/xem-truoc/[^"]+)"', response.content.decode()).group(1)
    assert new_link not in given_out
    assert reader.get(new_link).status_code == 200
    assert reader.get(other_story_link).status_code == 200  # other stories' links are untouched


def test_revoking_previews_needs_a_post_and_the_right_to_change_the_story(client, draft):
    url = preview.link(draft)
    client.force_login(StaffFactory(group="Phóng viên"))  # not their story

    assert client.post(f"{ADMIN}/{draft.pk}/preview/revoke/").status_code == 403
    client.force_login(StaffFactory(group="Biên tập viên"))
    assert client.get(f"{ADMIN}/{draft.pk}/preview/revoke/").status_code == 302
    assert Client().get(url).status_code == 200


def test_links_signed_before_revocation_existed_still_open_until_revoked(client, draft):
    old_style = f"/xem-truoc/{signing.TimestampSigner(salt=preview.SALT).sign(str(draft.pk))}/"
    assert client.get(old_style).status_code == 200

    draft.revoke_previews()

    assert client.get(old_style).status_code == 403
