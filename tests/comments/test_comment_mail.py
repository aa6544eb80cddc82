"""Mail to readers goes through the task queue: no request waits on it or fails with it; sent once, retried later."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, CommentMail
from comments.tasks import send_comment_mail
from tests.factories import CommentFactory, ModeratorFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

S = Comment.Status
READER = "lan.reader@example.vn"
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
REFUSING = {"default": {"BACKEND": "tests.comments.test_comment_mail.RefusingBackend"}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as SMTP does when nothing listens on port 25."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory())
    return client


@pytest.fixture
def asked():
    return CommentFactory(notify_on_approval=True, email=READER, name="Nguyễn Thị Lan", status=S.PENDING)


def approve_in_admin(client, comment, captured):
    with captured(execute=True):
        return client.post(
            reverse("admin:comments_comment_change", args=[comment.pk]),
            {"action": "approve", "version": comment.version, "body": comment.body, "edit_reason": "", "edit_note": ""},
        )


def test_approving_while_the_mail_server_is_down_gives_no_500_and_queues_the_mail(
    moderator_client, asked, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = REFUSING
    response = approve_in_admin(moderator_client, asked, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == S.APPROVED
    queued = CommentMail.objects.get()
    assert (queued.comment, queued.to, queued.sent_at, queued.attempts) == (asked, READER, None, 0)
    task = DBTaskResult.objects.get()
    assert task.task_path == "comments.tasks.send_comment_mail"
    assert task.args_kwargs == {"args": [queued.pk], "kwargs": {}}  # the queue's row holds no address


def test_the_bulk_action_queues_too_and_the_worker_sends_each_mail_once(
    moderator_client, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = LOCMEM
    comments = [CommentFactory(notify_on_approval=True, email=f"r{i}@example.vn") for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve_selected", "_selected_action": [c.pk for c in comments]},
        )
    assert mail.outbox == []
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@example.vn", "r1@example.vn"]
    assert all(row.sent_at for row in CommentMail.objects.all())
    # The same task run again, by a second worker or a retry, sends nothing more.
    for row in CommentMail.objects.all():
        send_comment_mail.enqueue(row.pk)
    run_worker()
    assert len(mail.outbox) == 2
    assert send_comment_mail.call(CommentMail.objects.first().pk) == "skipped"
    assert len(mail.outbox) == 2


def test_a_failed_send_is_retried_later_with_growing_waits_and_not_lost(
    moderator_client, asked, settings, django_capture_on_commit_callbacks, caplog
):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        settings.MAILERS = REFUSING
        approve_in_admin(moderator_client, asked, django_capture_on_commit_callbacks)
        run_worker()
        queued = CommentMail.objects.get()
        assert (queued.attempts, queued.sent_at, queued.last_error) == (1, None, "ConnectionRefusedError")
        assert READER not in caplog.text
        assert not DBTaskResult.objects.ready().exists()  # the retry is queued, but not due yet
        assert DBTaskResult.objects.filter(status="READY").get().run_after == start + datetime.timedelta(minutes=1)

        clock.shift(datetime.timedelta(seconds=61))
        run_worker()  # second failure: the next wait is longer
        queued.refresh_from_db()
        assert queued.attempts == 2
        assert DBTaskResult.objects.filter(status="READY").get().run_after == timezone.now() + datetime.timedelta(
            minutes=5
        )
        clock.shift(datetime.timedelta(minutes=4))
        settings.MAILERS = LOCMEM  # the mail server is back, but the retry is not due
        run_worker()
        assert mail.outbox == []

        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        run_worker()
        assert [m.to for m in mail.outbox] == [[READER]]
        queued.refresh_from_db()
        assert queued.sent_at is not None and queued.attempts == 3
        assert not DBTaskResult.objects.filter(status="READY").exists()
        assert not DBTaskResult.objects.failed().exists()  # failures are handled, never left as crashed tasks


def test_a_mail_that_keeps_failing_is_given_up_after_a_bounded_number_of_attempts(asked, settings):
    settings.MAILERS = REFUSING
    row = CommentMail.objects.create(comment=asked, kind=CommentMail.Kind.APPROVED, to=READER)
    outcomes = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(len(CommentMail.RETRY_DELAYS) + 2):
            outcomes.append(send_comment_mail.call(row.pk))
            clock.shift(datetime.timedelta(hours=13))  # past every wait
    assert outcomes == ["retry"] * len(CommentMail.RETRY_DELAYS) + ["failed", "skipped"]
    row.refresh_from_db()
    assert row.failed_at is not None and row.sent_at is None


def test_a_mail_being_sent_by_one_worker_is_not_sent_by_another(asked, settings):
    settings.MAILERS = LOCMEM
    row = CommentMail.objects.create(comment=asked, kind=CommentMail.Kind.APPROVED, to=READER)
    assert row.claim(timezone.now())  # the first worker is mid-send
    assert send_comment_mail.call(row.pk) == "skipped"
    assert mail.outbox == []


def test_rejecting_queues_no_mail(moderator_client, asked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked.reject(ModeratorFactory())
    assert not CommentMail.objects.exists() and not DBTaskResult.objects.exists()


def test_a_mail_whose_task_was_lost_is_queued_again_by_the_scheduled_command(asked, settings):
    settings.MAILERS = LOCMEM
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        asked.approve(ModeratorFactory())  # committed, but the enqueue after commit never happened
        assert CommentMail.objects.filter(sent_at=None).count() == 1 and not DBTaskResult.objects.exists()
        call_command("requeue_comment_mail")
        assert not DBTaskResult.objects.exists()  # not overdue yet: its task may still be on its way
        clock.shift(datetime.timedelta(minutes=16))
        call_command("requeue_comment_mail")
        run_worker()
        assert [m.to for m in mail.outbox] == [[READER]]
        call_command("requeue_comment_mail")
        run_worker()
        assert len(mail.outbox) == 1


def test_a_retry_run_before_it_is_due_sends_nothing(asked, settings):
    settings.MAILERS = REFUSING
    row = CommentMail.objects.create(comment=asked, kind=CommentMail.Kind.APPROVED, to=READER)
    assert send_comment_mail.call(row.pk) == "retry"
    settings.MAILERS = LOCMEM
    assert send_comment_mail.call(row.pk) == "skipped"  # a duplicate of the task, a minute too early
    assert mail.outbox == []
