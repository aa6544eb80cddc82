"""The comment form on a phone, in a real browser: what the reader sees after sending, refusals, the share bar,
and what the form remembers. Debian's Chromium through Playwright (see tests/conftest.py)."""

import pytest

from comments.models import Comment
from tests.browser_support import in_view
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 664}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
LONG = "Tôi rất đồng tình với bài viết, cảm ơn tòa soạn đã phản ánh kịp thời. " * 6


@pytest.fixture
def live_server(browser_server):
    return browser_server


@pytest.fixture
def story():
    """A story with a long thread, so the form sits far below the first comments on a phone."""
    article = ArticleFactory(headline="Đường ven biển Hà Tĩnh sắp thông xe")
    CommentFactory.create_batch(6, article=article, body=LONG, status=Comment.Status.APPROVED)
    return article


def phone_page(browser, **options):
    page = browser.new_context(**{**PHONE, **options}).new_page()
    page.set_default_timeout(15_000)
    return page


def fill(page, body="Cảm ơn tòa soạn đã đưa tin kịp thời."):
    page.fill("#id_name", "Trần Thị Bình")
    page.fill("#id_email", "binh@example.vn")
    page.fill("#id_body", body)


def test_after_sending_on_a_phone_the_message_and_the_pending_comment_are_in_view(live_server, browser, story):
    from playwright.sync_api import expect

    page = phone_page(browser)
    page.goto(live_server.url + story.get_absolute_url())
    fill(page)
    page.click("button.comment-form__submit")
    status = page.locator("[data-form-status]")
    expect(status).to_contain_text("Cảm ơn bạn.")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    expect(page.locator(".comment--pending")).to_contain_text("Cảm ơn tòa soạn đã đưa tin kịp thời.")
    assert in_view(page, "[data-form-status] .comments__message")
    assert in_view(page, ".comment--pending")


def test_without_javascript_the_thanks_is_where_the_page_opens(live_server, browser, story):
    from playwright.sync_api import expect

    page = phone_page(browser, java_script_enabled=False)
    page.goto(live_server.url + story.get_absolute_url())
    fill(page)
    page.click("button.comment-form__submit")
    expect(page.locator("#binh-luan-thong-bao")).to_contain_text("Cảm ơn bạn.")
    assert page.url.endswith("#binh-luan-thong-bao")
    assert in_view(page, "#binh-luan-thong-bao")


def test_without_javascript_a_refused_comment_opens_on_the_form_with_its_error(live_server, browser, story):
    from playwright.sync_api import expect

    page = phone_page(browser, java_script_enabled=False)
    page.goto(live_server.url + story.get_absolute_url())
    fill(page, body="Bai viet rat hay, cam on toa soan nhieu lam")
    page.click("button.comment-form__submit")
    error = page.locator("#id_body-error")
    expect(error).to_contain_text("Bình luận của bạn chưa có dấu.")
    assert page.url.endswith("#binh-luan-form")
    assert page.evaluate("scrollY") > 1000
    assert page.input_value("#id_body") == "Bai viet rat hay, cam on toa soan nhieu lam"
    # The address left in the bar, opened again later (a GET), leads back to the story's form.
    refused_url = page.url
    page.goto("about:blank")
    page.goto(refused_url)
    assert page.url.endswith(story.get_absolute_url() + "#binh-luan-form")
    expect(page.locator("h1")).to_contain_text("Đường ven biển Hà Tĩnh sắp thông xe")
    assert not Comment.objects.filter(status=Comment.Status.PENDING).exists()


def test_the_phone_share_bar_steps_aside_while_the_reader_types(live_server, browser, story):
    from playwright.sync_api import expect

    page = phone_page(browser)
    page.goto(live_server.url + story.get_absolute_url())
    bar = page.locator("[data-share-bar]")
    expect(bar).to_be_visible()
    page.focus("#id_body")
    expect(bar).to_be_hidden()
    page.focus("#id_name")
    expect(bar).to_be_hidden()
    page.evaluate("document.activeElement.blur()")
    expect(bar).to_be_visible()


def test_name_and_email_are_remembered_only_when_the_reader_asks(live_server, browser, story):
    from playwright.sync_api import expect

    page = phone_page(browser)
    url = live_server.url + story.get_absolute_url()
    page.goto(url)
    remember = page.get_by_label("Ghi nhớ thông tin")
    expect(remember).to_be_visible()
    expect(remember).not_to_be_checked()
    fill(page)
    page.click("button.comment-form__submit")
    expect(page.locator("[data-form-status]")).to_contain_text("Cảm ơn bạn.")
    page.goto(url)
    assert page.input_value("#id_name") == "" and page.input_value("#id_email") == ""

    fill(page, body="Mong tỉnh sớm hoàn thành tuyến đường này.")
    page.get_by_label("Ghi nhớ thông tin").check()
    page.click("button.comment-form__submit")
    expect(page.locator("[data-form-status]")).to_contain_text("Cảm ơn bạn.")
    page.goto(url)
    assert page.input_value("#id_name") == "Trần Thị Bình"
    assert page.input_value("#id_email") == "binh@example.vn"
    expect(page.get_by_label("Ghi nhớ thông tin")).to_be_checked()

    # Unticking it and sending forgets them again.
    page.get_by_label("Ghi nhớ thông tin").uncheck()
    page.fill("#id_body", "Thêm một ý kiến nữa về con đường.")
    page.click("button.comment-form__submit")
    expect(page.locator("[data-form-status]")).to_contain_text("Cảm ơn bạn.")
    page.goto(url)
    assert page.input_value("#id_name") == ""
