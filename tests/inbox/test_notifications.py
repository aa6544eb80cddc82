"""Staff e-mail about their stories: queued by the step, sent once by the worker, as each chose, in Vietnamese."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, ArticleTransition
from inbox.models import Event, Notification, NotificationPreference
from inbox.tasks import notify_step
from tests.factories import ArticleFactory, AuthorFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

S = Article.Status
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def _mailbox(settings):
    settings.MAILERS = LOCMEM
    settings.SITE_URL = "https://baohatinh.vn"


def draft_of(user, **fields):
    return ArticleFactory(created_by=user, status=S.DRAFT, published_at=None, headline="Đường làng Thạch Hà", **fields)


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_send_back_is_queued_by_the_step_and_mailed_once_by_the_worker(
    reporter, editor, django_capture_on_commit_callbacks
):
    story = draft_of(reporter)
    story.submit(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        story.send_back(editor, "Thêm ý kiến của người dân xã Thạch Hà")
    assert mail.outbox == []  # the step only queued a task
    assert DBTaskResult.objects.filter(task_path="inbox.tasks.notify_step").exists()

    run_worker()
    [message] = sent_to("pv@baohatinh.vn")
    assert message.subject == "Bài bị trả lại: Đường làng Thạch Hà"
    assert message.body.startswith("Chào Minh Huệ,\n")
    assert "đã bị Tuấn Hiển trả lại" in message.body
    assert "Thêm ý kiến của người dân xã Thạch Hà" in message.body
    assert f"https://baohatinh.vn/quan-tri/articles/article/{story.pk}/change/" in message.body
    assert sent_to("btv@baohatinh.vn") == []  # never to the person who made the step

    # The same step's task run again (a retried task, a second worker) sends nothing more.
    step = ArticleTransition.objects.get(article=story, target=S.DRAFT)
    notify_step.enqueue(step.pk)
    run_worker()
    assert len(sent_to("pv@baohatinh.vn")) == 1
    assert Notification.objects.get().sent_at is not None


def test_a_submitted_story_is_mailed_to_the_editors_it_waits_for(
    reporter, editor, second_editor, django_capture_on_commit_callbacks
):
    story = draft_of(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        story.submit(reporter)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["btv2@baohatinh.vn", "btv@baohatinh.vn"]
    assert mail.outbox[0].subject == "Bài chờ bạn duyệt: Đường làng Thạch Hà"
    assert "đang chờ bạn duyệt; Minh Huệ đã chuyển bài lên" in mail.outbox[0].body


def test_each_person_gets_only_the_mail_they_chose(reporter, editor, second_editor, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=second_editor, awaiting=False)
    NotificationPreference.objects.create(user=reporter, sent_back=False, published=True)
    story = draft_of(reporter)
    for step in (
        lambda: story.submit(reporter),
        lambda: story.send_back(editor, "Sửa tít"),
        lambda: story.submit(reporter),
        lambda: story.publish(editor),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            step()
        run_worker()
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("btv@baohatinh.vn", "Bài chờ bạn duyệt: Đường làng Thạch Hà"),
        ("btv@baohatinh.vn", "Bài chờ bạn duyệt: Đường làng Thạch Hà"),  # each submission is a new occasion
        ("pv@baohatinh.vn", "Bài của bạn đã được đăng: Đường làng Thạch Hà"),
    ]


def test_a_story_that_moved_on_before_the_worker_ran_is_not_mailed_as_waiting(
    reporter, editor, django_capture_on_commit_callbacks
):
    story = draft_of(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        story.submit(reporter)
        story.publish(editor)
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Bài của bạn đã được đăng: Đường làng Thạch Hà"]


def test_a_byline_author_hears_of_the_publication_but_not_the_editor_who_published(
    reporter, editor, django_capture_on_commit_callbacks
):
    story = draft_of(editor, authors=[AuthorFactory(user=reporter), AuthorFactory(user=editor)])
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(editor)
    run_worker()
    [message] = mail.outbox
    assert message.to == ["pv@baohatinh.vn"]
    assert "đã được Tuấn Hiển đăng lúc" in message.body
    assert f"https://baohatinh.vn{story.get_absolute_url()}" in message.body


def test_a_scheduled_story_is_mailed_when_it_goes_out_not_before(reporter, editor, django_capture_on_commit_callbacks):
    story = draft_of(reporter)
    at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(editor, at=at)
    run_worker()
    assert mail.outbox == []  # no "published" mail for a schedule, and its minute has not come

    with time_machine.travel(at + datetime.timedelta(seconds=30), tick=False):
        run_worker()
        run_worker()
    [message] = mail.outbox
    assert message.to == ["pv@baohatinh.vn"]
    assert message.subject == "Bài hẹn giờ của bạn đã lên trang: Đường làng Thạch Hà"
    local = timezone.localtime(at).strftime("%H:%M %d/%m/%Y")
    assert f"hẹn giờ {local}, nay đã lên trang" in message.body
    assert Notification.objects.get().event == Event.SCHEDULED_OUT


def test_a_rescheduled_story_is_mailed_once_at_its_new_time(reporter, editor, django_capture_on_commit_callbacks):
    story = draft_of(reporter)
    first = timezone.now() + datetime.timedelta(hours=1)
    later = timezone.now() + datetime.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(editor, at=first)
        story.publish(editor, at=later)
    with time_machine.travel(first + datetime.timedelta(minutes=1), tick=False):
        run_worker()
    assert mail.outbox == []
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        run_worker()
    assert len(mail.outbox) == 1


def test_an_unpublished_schedule_sends_nothing(reporter, editor, django_capture_on_commit_callbacks):
    story = draft_of(reporter)
    at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(editor, at=at)
        story.unpublish(editor)
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        run_worker()
    assert mail.outbox == []


def test_nobody_without_an_address_is_written_to(reporter, editor, django_capture_on_commit_callbacks):
    reporter.email = ""
    reporter.save()
    story = draft_of(reporter)
    story.submit(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        story.send_back(editor, "Sửa tít")
    run_worker()
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_mail_server_outage_is_retried_later_and_still_sent_once(
    reporter, editor, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.comments.test_comment_mail.RefusingBackend"}}
    story = draft_of(reporter)
    story.submit(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        story.send_back(editor, "Sửa tít")
    run_worker()
    row = Notification.objects.get()
    assert (row.sent_at, row.attempts, row.last_error) == (None, 1, "ConnectionRefusedError")

    settings.MAILERS = LOCMEM
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        run_worker()
        run_worker()
    assert len(sent_to("pv@baohatinh.vn")) == 1
