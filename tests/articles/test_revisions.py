import datetime

import pytest
from django.utils import timezone

from articles import revisions
from articles.models import Article, ArticleRevision
from tests.articles.test_workflow import story_post_data
from tests.factories import ArticleFactory, AuthorFactory, LocalityFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles/article"


@pytest.fixture
def editor(client):
    user = StaffFactory(username="bientap", group="Biên tập viên")
    client.force_login(user)
    return user


def save(client, article, **fields):
    return client.post(f"{ADMIN}/{article.pk}/change/", story_post_data(client, article, **fields))


def test_every_save_that_changes_content_keeps_a_revision(client, editor):
    article = ArticleFactory(headline="Tiêu đề đầu tiên")

    save(client, article)
    save(client, Article.objects.get(), sapo="Tóm tắt mới.")
    save(client, Article.objects.get(), sapo="Tóm tắt mới.")  # nothing changed: no new revision

    kept = list(ArticleRevision.objects.order_by("created_at", "id"))
    assert [r.content["sapo"] for r in kept] == ["Tóm tắt bài viết.", "Tóm tắt mới."]
    assert kept[-1].author == editor
    assert set(kept[-1].content) == {
        "kicker",
        "headline",
        "sapo",
        "body",
        "cover",
        "section",
        "localities",
        "tags",
        "authors",
    }


def test_snapshot_keeps_classification_and_byline_order():
    first, second = AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")
    place = LocalityFactory()
    article = ArticleFactory(authors=[second, first], localities=[place], tags=["Hà Tĩnh"])

    content = revisions.snapshot(article)

    assert content["authors"] == [second.pk, first.pk]
    assert content["localities"] == [place.pk]
    assert content["tags"] == ["Hà Tĩnh"]
    assert content["section"] == article.section_id


def test_diff_shows_words_removed_and_added_escaped(client, editor):
    article = ArticleFactory(headline="Giá lúa tăng mạnh", body="<p>Nông dân vui mừng.</p>")
    save(client, article)
    save(client, Article.objects.get(), headline="Giá lúa <b>giảm</b> mạnh", body="<p>Nông dân lo lắng.</p>")
    older, newer = ArticleRevision.objects.order_by("created_at", "id")

    page = client.get(f"{ADMIN}/{article.pk}/revisions/", {"a": older.pk, "b": newer.pk}).content.decode()

    assert "<del>tăng</del>" in page
    assert "<ins>&lt;b&gt;giảm&lt;/b&gt;</ins>" in page
    assert "<del>vui mừng.</del>" in page
    assert "<ins>lo lắng.</ins>" in page
    assert "<b>giảm</b>" not in page


def test_restore_brings_old_content_back_as_a_new_revision(client, editor):
    article = ArticleFactory(headline="Bản gốc", tags=["Hà Tĩnh"])
    save(client, article, tags="Hà Tĩnh")
    save(client, Article.objects.get(), headline="Bản bị sửa sai", tags="Nghệ An")
    original = ArticleRevision.objects.order_by("created_at", "id").first()

    response = client.post(f"{ADMIN}/{article.pk}/revisions/{original.pk}/restore/")

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.headline == "Bản gốc"
    assert list(article.tags.names()) == ["Hà Tĩnh"]
    latest = ArticleRevision.objects.order_by("-created_at", "-id").first()
    assert ArticleRevision.objects.count() == 3
    assert latest.restored_from == original
    assert latest.content["headline"] == "Bản gốc"


def test_restore_is_post_only_and_needs_the_right_to_edit(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save(client, article)
    revision = ArticleRevision.objects.get()
    assert client.get(f"{ADMIN}/{article.pk}/revisions/{revision.pk}/restore/").status_code == 302

    client.force_login(StaffFactory(group="Phóng viên"))
    assert client.post(f"{ADMIN}/{article.pk}/revisions/{revision.pk}/restore/").status_code == 403


# Two people on one story


def test_second_save_on_a_stale_form_is_refused_and_keeps_the_typing(client, editor):
    article = ArticleFactory(headline="Tiêu đề ban đầu")
    mine = story_post_data(client, article, headline="Tiêu đề tôi đang gõ")  # form opened now

    colleague = StaffFactory(username="dongnghiep", first_name="Hải Yến", group="Biên tập viên")
    client.force_login(colleague)
    save(client, Article.objects.get(), headline="Tiêu đề của đồng nghiệp")

    client.force_login(editor)
    response = client.post(f"{ADMIN}/{article.pk}/change/", mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hải Yến đã lưu bài này lúc" in page
    assert "Tiêu đề tôi đang gõ" in page
    assert Article.objects.get().headline == "Tiêu đề của đồng nghiệp"

    # Having seen the warning, saving again is a deliberate choice.
    again = {**mine, "edit_version": response.context["adminform"].form.data["edit_version"]}
    assert client.post(f"{ADMIN}/{article.pk}/change/", again).status_code == 302
    assert Article.objects.get().headline == "Tiêu đề tôi đang gõ"


# What readers see


def test_published_story_changed_shows_updated_time(client, editor):
    article = ArticleFactory(headline="Tin nóng", published_at=timezone.now() - datetime.timedelta(hours=2))
    save(client, article)
    assert "Cập nhật:" not in client.get(article.get_absolute_url()).content.decode()

    save(client, Article.objects.get(), sapo="Tóm tắt đã bổ sung số liệu.")

    article = Article.objects.get()
    assert article.content_updated_at is not None
    assert "Cập nhật:" in client.get(article.get_absolute_url()).content.decode()


def test_draft_edits_and_tag_changes_are_not_an_update(client, editor):
    article = ArticleFactory(headline="Tin nóng")
    save(client, article)
    save(client, Article.objects.get(), tags="Hà Tĩnh")

    assert Article.objects.get().content_updated_at is None


def test_correction_note_appears_under_the_story(client, editor):
    article = ArticleFactory()

    save(client, article, correction="Bản trước ghi nhầm tên xã Đồng Lộc.")

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Đính chính:" in page
    assert "Bản trước ghi nhầm tên xã Đồng Lộc." in page
