"""Retention jobs: IP addresses and browsers erased, refused comments deleted, each with a dry run."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment, ModerationLog
from tests.factories import CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

S = Comment.Status


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def refused(status, *, days, moderator):
    """A comment refused `days` days ago through the real moderation step (so it has a log row)."""
    comment = CommentFactory(created_at=days_ago(days + 1))
    if status == S.REJECTED:
        comment.reject(moderator, reason="Lạc đề")
    else:
        comment.mark_spam(moderator)
    Comment.objects.filter(pk=comment.pk).update(moderated_at=days_ago(days))
    return comment


@pytest.fixture
def refused_comments(settings):
    settings.COMMENTS_REJECTED_RETENTION_DAYS = 180
    moderator = ModeratorFactory()
    return {
        "old_rejected": refused(S.REJECTED, days=200, moderator=moderator),
        "old_spam": refused(S.SPAM, days=365, moderator=moderator),
        "recent_rejected": refused(S.REJECTED, days=10, moderator=moderator),
        "old_approved": CommentFactory(status=S.APPROVED, created_at=days_ago(400)),
        "old_pending": CommentFactory(status=S.PENDING, created_at=days_ago(400)),
        # Refused by the banned-word filter on arrival: no moderator, no moderated_at.
        "auto_rejected": CommentFactory(status=S.REJECTED, created_at=days_ago(300)),
    }


def test_purge_dry_run_says_what_would_go_and_deletes_nothing(refused_comments):
    out = run("purge_rejected_comments", "--dry-run", "--verbosity", "2")
    assert (
        "Dry run: would delete 3 comment(s) refused more than 180 day(s) ago (2 rejected, 1 spam) "
        "and 2 moderation log row(s)." in out
    )
    assert f"comment {refused_comments['old_spam'].pk} (spam)" in out
    assert Comment.objects.count() == 6
    assert ModerationLog.objects.count() == 3


def test_purge_deletes_old_refused_comments_with_their_log_rows(refused_comments):
    out = run("purge_rejected_comments")
    assert (
        "Deleted 3 comment(s) refused more than 180 day(s) ago (2 rejected, 1 spam) and 2 moderation log row(s)." in out
    )
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining == {refused_comments[key].pk for key in ("recent_rejected", "old_approved", "old_pending")}
    assert list(ModerationLog.objects.values_list("comment_id", flat=True)) == [refused_comments["recent_rejected"].pk]
    assert "Deleted 0 comment(s)" in run("purge_rejected_comments")


def test_purge_period_can_be_given_on_the_command_line(refused_comments):
    out = run("purge_rejected_comments", "--days", "5")
    assert "Deleted 4 comment(s) refused more than 5 day(s) ago (3 rejected, 1 spam)" in out
    assert not Comment.objects.filter(status__in=[S.REJECTED, S.SPAM]).exists()


def test_purge_leaves_a_spam_comment_others_replied_to(settings):
    moderator = ModeratorFactory()
    comment = CommentFactory(status=S.APPROVED, created_at=days_ago(400))
    reply = CommentFactory(article=comment.article, parent=comment, status=S.APPROVED, body="Trả lời")
    comment.mark_spam(moderator)
    Comment.objects.filter(pk=comment.pk).update(moderated_at=days_ago(300))
    assert "Deleted 0 comment(s)" in run("purge_rejected_comments")
    assert Comment.objects.filter(pk__in=[comment.pk, reply.pk]).count() == 2


def test_purge_refuses_a_negative_period():
    with pytest.raises(CommandError):
        run("purge_rejected_comments", "--days", "-1")


@pytest.fixture
def aged_comments(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 90
    return {
        "old": CommentFactory(created_at=days_ago(120), ip_address="203.0.113.9", user_agent="Firefox"),
        "old_ua_only": CommentFactory(created_at=days_ago(95), ip_address=None, user_agent="Chrome"),
        "recent": CommentFactory(created_at=days_ago(3), ip_address="203.0.113.10", user_agent="Safari"),
    }


def test_ip_erase_dry_run_changes_nothing(aged_comments):
    out = run("erase_comment_ips", "--dry-run")
    assert "Dry run: would erase IP address and user agent of 2 comment(s) older than 90 day(s)." in out
    old = Comment.objects.get(pk=aged_comments["old"].pk)
    assert (old.ip_address, old.user_agent) == ("203.0.113.9", "Firefox")
    assert Comment.objects.get(pk=aged_comments["old_ua_only"].pk).user_agent == "Chrome"


def test_ip_erase_blanks_old_comments_only(aged_comments):
    out = run("erase_comment_ips")
    assert "Erased IP address and user agent of 2 comment(s) older than 90 day(s)." in out
    for key in ("old", "old_ua_only"):
        comment = Comment.objects.get(pk=aged_comments[key].pk)
        assert (comment.ip_address, comment.user_agent) == (None, "")
    recent = Comment.objects.get(pk=aged_comments["recent"].pk)
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.10", "Safari")
    assert "of 0 comment(s)" in run("erase_comment_ips")
