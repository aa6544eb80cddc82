from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments.models import ALLOWED, Comment, ConcurrentModeration, InvalidTransition, ModerationLog
from core.diff import render_word_diff, word_diff
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

Status = Comment.Status

STEPS = {
    Status.APPROVED: lambda comment, user: comment.approve(user),
    Status.REJECTED: lambda comment, user: comment.reject(user, reason="Lạc đề"),
    Status.SPAM: lambda comment, user: comment.mark_spam(user),
    Status.HIDDEN: lambda comment, user: comment.hide(user, reason="Khiếu nại"),
}
BULK_STEPS = {
    Status.APPROVED: lambda qs, user: qs.approve(user),
    Status.REJECTED: lambda qs, user: qs.reject(user, reason="Lạc đề"),
    Status.SPAM: lambda qs, user: qs.mark_spam(user),
    Status.HIDDEN: lambda qs, user: qs.hide(user),
}
ALLOWED_PAIRS = [(source, target) for source, targets in ALLOWED.items() for target in targets]
FORBIDDEN_PAIRS = [
    (source, target) for source in Status for target in STEPS if target not in ALLOWED.get(source, set())
]


@pytest.fixture
def moderator():
    return ModeratorFactory()


@pytest.mark.parametrize(("source", "target"), ALLOWED_PAIRS)
def test_allowed_transition_changes_status_and_logs_who_and_when(source, target, moderator):
    comment = CommentFactory(status=source)
    STEPS[target](comment, moderator)
    comment.refresh_from_db()
    assert comment.status == target
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None
    assert comment.version == 2
    entry = comment.log_entries.get()
    assert (entry.actor, entry.from_status, entry.to_status) == (moderator, source, target)


@pytest.mark.parametrize(("source", "target"), FORBIDDEN_PAIRS)
def test_forbidden_transition_is_refused_and_changes_nothing(source, target, moderator):
    comment = CommentFactory(status=source)
    with pytest.raises(InvalidTransition):
        STEPS[target](comment, moderator)
    comment.refresh_from_db()
    assert comment.status == source
    assert comment.version == 1
    assert not comment.log_entries.exists()


@pytest.mark.parametrize(("source", "target"), FORBIDDEN_PAIRS)
def test_bulk_step_skips_comments_in_a_forbidden_state(source, target, moderator):
    comment = CommentFactory(status=source)
    assert BULK_STEPS[target](Comment.objects.all(), moderator) == 0
    comment.refresh_from_db()
    assert comment.status == source
    assert not ModerationLog.objects.exists()


def test_reject_keeps_the_reason(moderator):
    comment = CommentFactory()
    comment.reject(moderator, reason="Xúc phạm người khác")
    comment.refresh_from_db()
    assert comment.rejection_reason == "Xúc phạm người khác"
    assert comment.log_entries.get().reason == "Xúc phạm người khác"


def test_edit_before_publish_keeps_the_original_and_records_who_when_why(moderator):
    comment = CommentFactory(body="bai viet hay qua")
    comment.approve(moderator, body="Bài viết hay quá", reason=Comment.EditReason.DIACRITICS, note="Thêm dấu")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.body == "Bài viết hay quá"
    assert comment.original_body == "bai viet hay qua"
    assert comment.is_edited
    assert (comment.edit_reason, comment.edit_note) == (Comment.EditReason.DIACRITICS, "Thêm dấu")
    assert comment.moderated_by == moderator
    assert comment.moderated_at is not None
    entry = comment.log_entries.get()
    assert entry.actor == moderator
    assert entry.note == "Thêm dấu"
    assert entry.reason == str(Comment.EditReason.DIACRITICS.label)


def test_second_edit_keeps_the_readers_first_text(moderator):
    comment = CommentFactory(body="ban dau")
    comment.approve(moderator, body="Ban đầu", reason=Comment.EditReason.DIACRITICS)
    comment.hide(moderator)
    comment.approve(moderator, body="Ban đầu.", reason=Comment.EditReason.SPELLING)
    comment.refresh_from_db()
    assert comment.original_body == "ban dau"
    assert comment.body == "Ban đầu."


def test_approve_with_unchanged_body_is_not_an_edit(moderator):
    comment = CommentFactory(body="Hay")
    comment.approve(moderator, body="Hay")
    comment.refresh_from_db()
    assert comment.original_body == ""
    assert not comment.is_edited


def test_approve_refuses_an_empty_edit(moderator):
    comment = CommentFactory(body="Hay")
    with pytest.raises(ValueError):
        comment.approve(moderator, body="   ")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_second_moderator_on_a_stale_copy_is_refused_and_the_first_action_stands(moderator):
    other = ModeratorFactory()
    comment = CommentFactory()
    first_copy = Comment.objects.get(pk=comment.pk)
    second_copy = Comment.objects.get(pk=comment.pk)
    first_copy.approve(moderator, body="Sửa bởi người thứ nhất", reason=Comment.EditReason.SPELLING)
    with pytest.raises(ConcurrentModeration):
        second_copy.reject(other, reason="Muộn")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.body == "Sửa bởi người thứ nhất"
    assert comment.moderated_by == moderator
    assert comment.rejection_reason == ""
    assert list(comment.log_entries.values_list("actor", flat=True)) == [moderator.pk]


def test_stale_copy_is_refused_even_when_the_step_looks_allowed(moderator):
    comment = CommentFactory(status=Status.APPROVED)
    stale = Comment.objects.get(pk=comment.pk)
    comment.hide(moderator)
    comment.approve(moderator)  # back to approved, but a newer version
    with pytest.raises(ConcurrentModeration):
        stale.hide(ModeratorFactory())
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.version == 3


def test_bulk_approve_of_1000_comments_runs_a_bounded_number_of_queries(moderator, django_assert_max_num_queries):
    article = ArticleFactory()
    Comment.objects.bulk_create(
        Comment(article=article, name=f"Bạn đọc {i}", email=f"b{i}@example.vn", body="Hay") for i in range(1000)
    )
    CommentFactory(status=Status.REJECTED)  # not pending: left alone
    # select + lock; update; insert of log rows (SQLite may split it in a few batches); savepoints
    with django_assert_max_num_queries(10):
        approved = Comment.objects.pending().approve(moderator)
    assert approved == 1000
    assert Comment.objects.visible().count() == 1000
    assert ModerationLog.objects.filter(to_status=Status.APPROVED, actor=moderator).count() == 1000
    assert Comment.objects.filter(status=Status.REJECTED).count() == 1


def test_bulk_steps_on_a_mixed_selection_log_each_comments_own_previous_state(moderator):
    pending = CommentFactory()
    hidden = CommentFactory(status=Status.HIDDEN)
    CommentFactory(status=Status.APPROVED)
    assert Comment.objects.approve(moderator) == 2
    sources = dict(ModerationLog.objects.values_list("comment_id", "from_status"))
    assert sources == {pending.pk: Status.PENDING, hidden.pk: Status.HIDDEN}


def test_bulk_reject_stores_the_reason(moderator):
    comments = CommentFactory.create_batch(3)
    assert Comment.objects.reject(moderator, reason="Quảng cáo") == 3
    assert set(Comment.objects.values_list("rejection_reason", flat=True)) == {"Quảng cáo"}
    assert all(c.log_entries.get().reason == "Quảng cáo" for c in comments)


# E-mail to the reader


def test_approval_email_is_sent_only_when_the_reader_asked(moderator, django_capture_on_commit_callbacks):
    asked = CommentFactory(notify_on_approval=True, email="hoi@example.vn", name="Lan")
    silent = CommentFactory(notify_on_approval=False, email="im@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        asked.approve(moderator)
        silent.approve(moderator)
    assert mail.outbox == []  # the request sends nothing: the worker does
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hoi@example.vn"]
    assert "đã được đăng" in message.subject
    assert "Lan" in message.body
    assert asked.article.headline in message.body
    assert asked.get_absolute_url() in message.body


def test_bulk_approval_emails_each_reader_who_asked_and_nobody_else(moderator, django_capture_on_commit_callbacks):
    CommentFactory(notify_on_approval=True, email="a@example.vn")
    CommentFactory(notify_on_approval=True, email="b@example.vn")
    CommentFactory(notify_on_approval=False, email="c@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.approve(moderator)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_no_email_when_a_comment_is_rejected(moderator, django_capture_on_commit_callbacks):
    comment = CommentFactory(notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment.reject(moderator)
        Comment.objects.mark_spam(moderator)
    run_worker()
    assert mail.outbox == []


# Word diff


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("bai viet hay", "bài viết hay") == [
        ("delete", "bai viet "),
        ("insert", "bài viết "),
        ("equal", "hay"),
    ]


def test_rendered_diff_uses_ins_and_del_and_escapes_the_text():
    html = render_word_diff("xin chao <script>alert(1)</script>", "xin chào <b>bạn</b>")
    assert "<del>chao &lt;script&gt;alert(1)&lt;/script&gt;</del>" in html
    assert "<ins>chào &lt;b&gt;bạn&lt;/b&gt;</ins>" in html
    assert "<script>" not in html
    assert html.startswith("xin ")


def test_identical_texts_have_no_diff_marks():
    assert "<ins>" not in render_word_diff("Giống nhau", "Giống nhau")


# Erasing IP addresses


def test_erase_command_blanks_ip_and_user_agent_of_old_comments_only(settings, capsys):
    settings.COMMENTS_IP_RETENTION_DAYS = 90
    old = CommentFactory(created_at=timezone.now() - timedelta(days=91))
    recent = CommentFactory(created_at=timezone.now() - timedelta(days=10))
    call_command("erase_comment_ips")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.7", "Mozilla/5.0")
    assert "1 comment" in capsys.readouterr().out


def test_erase_command_takes_days_on_the_command_line(capsys):
    CommentFactory(created_at=timezone.now() - timedelta(days=10))
    call_command("erase_comment_ips", "--days", "5")
    assert not Comment.objects.exclude(ip_address=None).exists()
    assert "1 comment" in capsys.readouterr().out
