"""A logged-out reader reports a comment in a real browser, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentReport
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False])
def test_a_logged_out_reader_reports_a_comment(browser, browser_server, settings, javascript):
    settings.COMMENTS_REPORT_HIDE_THRESHOLD = 1  # this one reader is enough here: the comment leaves the page
    story = ArticleFactory(headline="Cầu Cửa Hội sắp thông xe")
    CommentFactory(article=story, name="Chị Mai", body="Mong cầu sớm thông xe", status=Comment.Status.APPROVED)
    rude = CommentFactory(article=story, name="Kẻ lạ", body="Lời lẽ khiếm nhã", status=Comment.Status.APPROVED)
    context = browser.new_context(locale="vi-VN", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + story.get_absolute_url())

    page.locator(f"#comment-{rude.pk}").get_by_role("link", name="Báo vi phạm").click()
    expect(page.get_by_role("heading", name="Báo vi phạm bình luận")).to_be_visible()
    expect(page.locator("blockquote")).to_contain_text("Lời lẽ khiếm nhã")
    page.get_by_role("button", name="Gửi báo vi phạm").click()  # no reason chosen yet
    expect(page.locator("#id_reason-error")).to_be_visible()
    page.get_by_label("Xúc phạm, thô tục").check()
    page.get_by_label("Chi tiết thêm (không bắt buộc)").fill("Chửi bậy")
    page.get_by_role("button", name="Gửi báo vi phạm").click()

    expect(page.locator("#binh-luan-thong-bao")).to_contain_text("Cảm ơn bạn. Kiểm duyệt viên sẽ xem")
    expect(page.locator(f"#comment-{rude.pk}")).to_have_count(0)
    expect(page.get_by_text("Mong cầu sớm thông xe")).to_be_visible()
    report = CommentReport.objects.get()
    assert (report.comment_id, report.reason, report.note) == (rude.pk, "abuse", "Chửi bậy")
    assert Comment.objects.get(pk=rude.pk).hidden_by_reports
    context.close()
