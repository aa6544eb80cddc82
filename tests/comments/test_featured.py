"""Good comments ("Bình luận hay"): moderators mark published comments, which show first under the story."""

import re

import pytest
from django.test import Client

from comments.models import Comment, InvalidTransition, ModerationLog
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
DESK = "/quan-tri/kiem-duyet/"
QUEUE = "/quan-tri/comments/comment/"


@pytest.fixture
def moderator():
    return ModeratorFactory(username="kiemduyet_hay")


@pytest.fixture
def desk(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def names_in_order(html):
    return re.findall(r'<span class="comment__name">([^<]+)</span>', html)


def test_a_featured_comment_shows_first_marked_as_a_good_comment(client, desk):
    story = ArticleFactory()
    first = CommentFactory(article=story, name="Người thứ nhất", status=Status.APPROVED)
    good = CommentFactory(article=story, name="Người viết hay", status=Status.APPROVED)
    assert names_in_order(client.get(story.get_absolute_url()).content.decode()) == ["Người thứ nhất", "Người viết hay"]

    answer = desk.post(
        f"{DESK}{good.pk}/", {"version": good.version, "action": "feature", "queue": "approved"}, follow=True
    )
    assert "Bình luận của Người viết hay: đã chọn là bình luận hay." in answer.content.decode()

    html = client.get(story.get_absolute_url()).content.decode()  # the cached page was refreshed
    assert names_in_order(html) == ["Người viết hay", "Người thứ nhất"]
    article = html[html.index(f'id="comment-{good.pk}"') : html.index(f'id="comment-{first.pk}"')]
    assert '<strong class="comment__badge comment__badge--featured">Bình luận hay</strong>' in article
    assert html.count("Bình luận hay</strong>") == 1
    entry = ModerationLog.objects.get(comment=good)
    assert (entry.actor.username, entry.reason) == ("kiemduyet_hay", "Chọn là bình luận hay")


def test_the_featured_queue_lists_them_and_unfeaturing_takes_the_mark_off(client, desk, moderator):
    good = CommentFactory(status=Status.APPROVED, body="Một góc nhìn đáng đọc", is_featured=True)
    CommentFactory(status=Status.APPROVED, body="Bình luận thường")
    html = desk.get(DESK, {"queue": "featured"}).content.decode()
    assert "Một góc nhìn đáng đọc" in html and "Bình luận thường" not in html
    assert "Bỏ khỏi bình luận hay" in html and 'data-key="f"' in html
    desk.post(f"{DESK}{good.pk}/", {"version": good.version, "action": "unfeature", "queue": "featured"})
    good.refresh_from_db()
    assert not good.is_featured
    assert "Bình luận hay</strong>" not in client.get(good.article.get_absolute_url()).content.decode()
    assert "Một góc nhìn đáng đọc" not in desk.get(DESK, {"queue": "featured"}).content.decode()


def test_only_published_comments_can_be_featured(desk, moderator):
    pending = CommentFactory()
    with pytest.raises(InvalidTransition):
        pending.set_featured(moderator)
    desk.post(f"{DESK}{pending.pk}/", {"version": pending.version, "action": "feature"})
    pending.refresh_from_db()
    assert not pending.is_featured and pending.status == Status.PENDING


def test_a_stale_feature_click_changes_nothing(desk, moderator):
    comment = CommentFactory(status=Status.APPROVED)
    stale = comment.version
    comment.hide(ModeratorFactory(username="kiemduyet_khac"))
    answer = desk.post(f"{DESK}{comment.pk}/", {"version": stale, "action": "feature"}, follow=True)
    comment.refresh_from_db()
    assert not comment.is_featured and comment.status == Status.HIDDEN
    assert "kiemduyet_khac" in answer.content.decode()


def test_admin_actions_mark_and_unmark_good_comments(desk):
    published = CommentFactory.create_batch(2, status=Status.APPROVED)
    pending = CommentFactory()
    ids = [c.pk for c in [*published, pending]]
    answer = desk.post(QUEUE + "?status=all", {"action": "feature_selected", "_selected_action": ids}, follow=True)
    assert "Đã chọn 2 bình luận hay." in answer.content.decode()
    assert set(Comment.objects.filter(is_featured=True).values_list("pk", flat=True)) == {c.pk for c in published}
    desk.post(QUEUE + "?status=all", {"action": "unfeature_selected", "_selected_action": ids})
    assert not Comment.objects.filter(is_featured=True).exists()
    assert ModerationLog.objects.filter(reason="Bỏ chọn bình luận hay").count() == 2


def test_a_featured_reply_stays_under_its_comment(client):
    story = ArticleFactory()
    root = CommentFactory(article=story, name="Gốc", status=Status.APPROVED)
    CommentFactory(article=story, name="Khác", status=Status.APPROVED)
    CommentFactory(article=story, parent=root, name="Trả lời hay", status=Status.APPROVED, is_featured=True)
    assert names_in_order(client.get(story.get_absolute_url()).content.decode()) == ["Gốc", "Trả lời hay", "Khác"]
