import pytest

from comments.models import ALLOWED, BannedWord, Comment, ModerationLog
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status


def submit(article, **kwargs):
    data = {"name": "Nguyễn Văn An", "email": "an@example.vn", "body": "Bài viết rất hay."} | kwargs
    return Comment.objects.submit(article=article, **data)


def test_submitted_comment_waits_for_moderation_and_is_not_visible():
    article = ArticleFactory()
    comment = submit(article, ip_address="203.0.113.9", user_agent="Firefox", notify_on_approval=True)
    assert comment.status == Status.PENDING
    assert comment.ip_address == "203.0.113.9"
    assert comment.notify_on_approval is True
    assert comment.token
    assert list(Comment.objects.visible()) == []
    assert list(Comment.objects.pending()) == [comment]


def test_submit_normalises_text_to_nfc_and_strips_invisible_characters():
    decomposed = "Vie\u0323\u0302t Nam\u200b"  # "Việt Nam" typed with combining marks and a zero-width space
    comment = submit(ArticleFactory(), body=decomposed, email=" An@Example.VN ")
    assert comment.body == "Việt Nam"
    assert comment.email == "an@example.vn"


def test_reply_to_a_reply_joins_the_thread_root():
    article = ArticleFactory()
    root = submit(article)
    reply = submit(article, parent=root)
    reply_to_reply = submit(article, parent=reply)
    assert reply.parent_id == root.pk
    assert reply_to_reply.parent_id == root.pk


def test_reply_must_belong_to_the_same_article():
    root = CommentFactory()
    with pytest.raises(ValueError):
        submit(ArticleFactory(), parent=root)


def test_banned_word_reject_action_rejects_and_logs_without_moderator():
    comment = submit(ArticleFactory(), body="có từ cấm", banned_match="cấm", banned_action=BannedWord.Action.REJECT)
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert comment.banned_match == "cấm"
    entry = comment.log_entries.get()
    assert entry.actor is None
    assert (entry.from_status, entry.to_status) == (Status.PENDING, Status.REJECTED)


def test_banned_word_hold_action_keeps_comment_pending_with_the_match():
    comment = submit(ArticleFactory(), banned_match="cấm", banned_action=BannedWord.Action.HOLD)
    assert comment.status == Status.PENDING
    assert comment.banned_match == "cấm"


def test_visible_and_pending_querysets():
    approved = CommentFactory(status=Status.APPROVED)
    CommentFactory(status=Status.REJECTED)
    CommentFactory(status=Status.HIDDEN)
    pending = CommentFactory()
    assert list(Comment.objects.visible()) == [approved]
    assert list(Comment.objects.pending()) == [pending]


def test_article_page_lists_approved_threads_oldest_first_with_approved_replies_only():
    article = ArticleFactory()
    first = CommentFactory(article=article, status=Status.APPROVED, body="Thứ nhất")
    second = CommentFactory(article=article, status=Status.APPROVED, body="Thứ hai")
    CommentFactory(article=article, status=Status.PENDING, body="Chờ")
    reply = CommentFactory(article=article, parent=first, status=Status.APPROVED, body="Trả lời")
    CommentFactory(article=article, parent=first, status=Status.REJECTED, body="Bị từ chối")
    CommentFactory(status=Status.APPROVED)  # another story
    page = Comment.objects.thread_page(article)
    assert [(t.pk, t.body) for t in page.roots] == [(first.pk, "Thứ nhất"), (second.pk, "Thứ hai")]
    assert [(r.pk, r.body) for r in page.roots[0].visible_replies] == [(reply.pk, "Trả lời")]
    assert page.roots[1].visible_replies == []
    assert page.count == 3


@pytest.mark.parametrize("count", [2, 200])
def test_article_page_comments_use_one_query_whatever_their_number(count, django_assert_num_queries):
    article = ArticleFactory()
    roots = CommentFactory.create_batch(count // 2, article=article, status=Status.APPROVED)
    for root in roots:
        CommentFactory(article=article, parent=root, status=Status.APPROVED)
    with django_assert_num_queries(1):  # one page of comments with their replies, each row with the counts
        page = Comment.objects.thread_page(article, per_page=100)
        replies = sum(len(thread.visible_replies) for thread in page.roots)
    assert len(page.roots) + replies == page.count == count


def test_transition_table_covers_every_status_and_never_returns_to_pending():
    assert set(ALLOWED) == set(Status)
    assert all(Status.PENDING not in targets for targets in ALLOWED.values())


def test_log_entries_are_kept_per_comment():
    comment = CommentFactory()
    comment.approve(None)
    comment.hide(None, reason="Khiếu nại")
    steps = list(ModerationLog.objects.filter(comment=comment).order_by("id").values_list("to_status", "reason"))
    assert steps == [(Status.APPROVED, ""), (Status.HIDDEN, "Khiếu nại")]
