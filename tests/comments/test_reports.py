"""Readers' reports ("Báo vi phạm"): one per address, rate-limited, past a threshold of distinct reporters the comment
leaves the page until a moderator keeps it or hides it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, CommentReport, ModerationLog, SenderRule
from tests.factories import CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

Status = Comment.Status
DESK = "/quan-tri/kiem-duyet/"


def report_url(comment):
    return f"/binh-luan/{comment.pk}/bao-vi-pham/"


def report(client, comment, address, reason="abuse", note=""):
    return client.post(report_url(comment), {"reason": reason, "note": note}, REMOTE_ADDR=address)


@pytest.fixture
def published():
    return CommentFactory(status=Status.APPROVED, name="Anh Tuấn", body="Bình luận bị báo vi phạm")


def story_html(client, comment):
    return client.get(comment.article.get_absolute_url()).content.decode()


def test_every_published_comment_has_a_report_link_that_works_without_an_account(client, published):
    assert f'href="{report_url(published)}"' in story_html(client, published)
    page = client.get(report_url(published))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Báo vi phạm bình luận" in html
    assert "Bình luận bị báo vi phạm" in html
    for label in ["Spam, quảng cáo", "Xúc phạm, thô tục", "Thông tin sai sự thật", "Khác"]:
        assert label in html
    assert "csrfmiddlewaretoken" in html


def test_a_report_thanks_the_reader_and_queues_the_comment_on_the_desk(client, published):
    response = report(client, published, "198.51.100.1", reason="false", note="Số liệu sai")
    assert response.status_code == 303
    assert response["Location"].endswith("#binh-luan-thong-bao")
    assert "Kiểm duyệt viên sẽ xem" in client.get(response["Location"]).content.decode()
    published.refresh_from_db()
    assert (published.report_count, published.hidden_by_reports) == (1, False)
    desk = Client()
    desk.force_login(ModeratorFactory())
    html = desk.get(DESK, {"queue": "reported"}).content.decode()
    assert "Bình luận bị báo vi phạm" in html
    assert "Bị 1 bạn đọc báo vi phạm" in html
    assert "Thông tin sai sự thật (1)" in html
    assert "Số liệu sai" in html


def test_one_report_per_comment_per_address(client, published):
    report(client, published, "198.51.100.1")
    again = report(client, published, "198.51.100.1", reason="spam")
    assert again.status_code == 303
    assert "đã báo vi phạm bình luận này rồi" in client.get(again["Location"]).content.decode()
    assert CommentReport.objects.filter(comment=published).count() == 1
    published.refresh_from_db()
    assert published.report_count == 1


def test_the_threshold_of_distinct_reporters_takes_the_comment_off_the_page(client, settings, published):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 3
    assert "Bình luận bị báo vi phạm" in story_html(client, published)  # the page is now in the cache
    report(client, published, "198.51.100.1")
    report(client, published, "203.0.113.50")
    assert "Bình luận bị báo vi phạm" in story_html(client, published)
    report(client, published, "192.0.2.9")
    published.refresh_from_db()
    assert published.hidden_by_reports and published.status == Status.APPROVED
    # The story's token changed: the cached page does not keep showing it.
    assert "Bình luận bị báo vi phạm" not in story_html(client, published)
    entry = ModerationLog.objects.get(comment=published)
    assert entry.actor is None and "báo vi phạm" in entry.reason
    # Its writer's status page says it awaits a moderator again, not that it is published.
    status_page = client.get(published.get_status_url()).content.decode()
    assert "Đang chờ biên tập" in status_page and "Đã đăng" not in status_page
    # Once off the page it cannot be reported again.
    assert client.get(report_url(published)).status_code == 404


def test_the_comment_list_in_the_admin_shows_and_sorts_by_reports(client, settings, published):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 2
    CommentFactory(status=Status.APPROVED, name="Chị Mai", body="Bình luận không ai báo")
    once = CommentFactory(status=Status.APPROVED, name="Ông Bảy", body="Bình luận bị báo một lần")
    report(client, once, "198.51.100.1")
    report(client, published, "198.51.100.1")
    report(client, published, "203.0.113.50")
    moderator = Client()
    moderator.force_login(ModeratorFactory())
    # The admin sorts by the column at this place (the checkbox is 0): -7, the reports, most first.
    page = moderator.get("/quan-tri/comments/comment/", {"status": "approved", "o": "-7"}).content.decode()
    assert "Báo vi phạm của bạn đọc" in page  # the column
    assert "<strong>2</strong> (đã tạm ẩn khỏi trang)" in page
    bodies = ("Bình luận bị báo vi phạm", "Bình luận bị báo một lần", "Bình luận không ai báo")
    order = [page.index(body) for body in bodies]
    assert order == sorted(order)


def test_one_stranger_with_many_addresses_in_one_range_cannot_hide_a_comment(client, settings, published):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 3
    for last in range(1, 8):
        report(client, published, f"198.51.100.{last}")
    published.refresh_from_db()
    assert published.report_count == 7  # every report is queued for the desk
    assert not published.hidden_by_reports  # but one address range is one reporter
    assert "Bình luận bị báo vi phạm" in story_html(client, published)


@pytest.mark.parametrize("protect", ["featured", "trusted", "kept"])
def test_reports_never_hide_a_comment_staff_vouched_for(client, settings, published, protect):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 2
    moderator = ModeratorFactory()
    if protect == "featured":
        published.set_featured(moderator)
    elif protect == "trusted":
        SenderRule.objects.create(value=published.email, action=SenderRule.Action.TRUST)
    else:
        report(client, published, "198.51.100.1")
        published.refresh_from_db()
        published.keep(moderator)
    for address in ["192.0.2.1", "203.0.113.1", "198.18.0.1"]:
        report(client, published, address)
    published.refresh_from_db()
    assert published.report_count == 3 and not published.hidden_by_reports
    assert "Bình luận bị báo vi phạm" in story_html(client, published)


def test_reports_are_rate_limited_per_address(client, settings):
    settings.COMMENTS_REPORT_RATE_LIMIT = "3/h"
    comments = CommentFactory.create_batch(5, status=Status.APPROVED)
    answers = [report(client, comment, "198.51.100.1").status_code for comment in comments]
    assert answers == [303, 303, 303, 429, 429]
    refused = report(client, comments[4], "198.51.100.1", reason="false", note="Viết sai tên xã")
    html = refused.content.decode()
    assert "Bạn đã gửi nhiều báo vi phạm trong thời gian ngắn" in html
    assert "Viết sai tên xã" in html  # what the reader typed is kept
    assert CommentReport.objects.count() == 3


def test_hostile_input_gets_a_vietnamese_answer_never_a_500(client, published):
    unknown = report(client, published, "198.51.100.1", reason="<script>alert(1)</script>")
    assert unknown.status_code == 400
    assert "Hãy chọn" in unknown.content.decode() or "hợp lệ" in unknown.content.decode()
    too_long = report(client, published, "198.51.100.1", reason="other", note="x" * 301)
    assert too_long.status_code == 400
    assert CommentReport.objects.count() == 0
    assert client.post(report_url(published), {"reason": ["spam", "abuse"]}, REMOTE_ADDR="::1").status_code == 303
    assert client.get("/binh-luan/99999999/bao-vi-pham/").status_code == 404
    assert client.put(report_url(published)).status_code == 405


def test_a_reader_note_is_escaped_on_the_desk(client, published):
    report(client, published, "198.51.100.1", reason="other", note='<img src=x onerror="alert(1)">')
    desk = Client()
    desk.force_login(ModeratorFactory())
    html = desk.get(DESK, {"queue": "reported"}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_a_report_needs_the_csrf_token(published):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(report_url(published), {"reason": "spam"}, REMOTE_ADDR="198.51.100.1").status_code == 403
    page = strict.get(report_url(published))
    token = page.cookies["csrftoken"].value
    sent = strict.post(
        report_url(published), {"reason": "spam", "csrfmiddlewaretoken": token}, REMOTE_ADDR="198.51.100.1"
    )
    assert sent.status_code == 303


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM, Status.HIDDEN])
def test_only_published_comments_can_be_reported(client, status):
    comment = CommentFactory(status=status)
    assert client.get(report_url(comment)).status_code == 404
    assert report(client, comment, "198.51.100.1").status_code == 404


@pytest.mark.parametrize("decision", ["keep", "hide"])
def test_a_moderator_decides_a_hidden_reported_comment_and_the_reports_are_cleared(client, settings, decision):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 2
    published = CommentFactory(status=Status.APPROVED, body="Bình luận chờ quyết định")
    for address in ["198.51.100.1", "203.0.113.1"]:
        report(client, published, address)
    published.refresh_from_db()
    assert published.hidden_by_reports
    story_html(client, published)
    desk = Client()
    desk.force_login(ModeratorFactory(username="kiemduyet_bao"))
    answer = desk.post(
        f"{DESK}{published.pk}/", {"version": published.version, "action": decision, "queue": "reported"}
    )
    assert answer.status_code == 302
    published.refresh_from_db()
    assert (published.report_count, published.hidden_by_reports) == (0, False)
    assert not CommentReport.objects.filter(comment=published).exists()
    assert published.status == (Status.APPROVED if decision == "keep" else Status.HIDDEN)
    assert ("Bình luận chờ quyết định" in story_html(client, published)) == (decision == "keep")
    entry = ModerationLog.objects.filter(comment=published, actor__username="kiemduyet_bao").get()
    assert entry.to_status == published.status
    assert "Bình luận chờ quyết định" not in desk.get(DESK, {"queue": "reported"}).content.decode()


def test_the_reported_queue_costs_the_same_queries_for_5_or_40_cards():
    desk = Client()
    desk.force_login(ModeratorFactory())

    def queries(count):
        Comment.objects.all().delete()
        for n in range(count):
            comment = CommentFactory(status=Status.APPROVED)
            comment.report(f"198.51.{n}.1", "spam", note=f"ghi chú {n}")
            comment.report(f"203.0.{n}.1", "abuse")
        desk.get(DESK, {"queue": "reported"})  # the sender rules are read once a minute, not per card
        with CaptureQueriesContext(connection) as captured:
            response = desk.get(DESK, {"queue": "reported"})
        assert response.content.decode().count("Spam, quảng cáo (1)") == count
        return len(captured)

    assert queries(5) == queries(40)
