"""The moderation desk in a real browser: a queue cleared with the keyboard alone."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Comment.Status


@pytest.fixture
def desk_page(browser, browser_server, settings):
    settings.DESK_UNDO_SECONDS = 2  # the undo window: long enough for the key after, short for the last wait
    # A transactional test empties the tables the migrations filled: the moderators' group comes back here.
    group, _created = Group.objects.get_or_create(name="Kiểm duyệt viên")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["view_comment", "change_comment", "moderate_comment"])
    )
    ModeratorFactory(username="kiemduyet")
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800}).new_page()
    page.set_default_timeout(15_000)
    page.goto(browser_server.url + "/quan-tri/login/")
    page.fill("#id_username", "kiemduyet")
    page.fill("#id_password", "mat-khau-kiem-duyet")
    page.click("input[type=submit]")
    return page, browser_server.url


def test_twenty_pending_comments_cleared_with_keys_alone(desk_page):
    page, url = desk_page
    story = ArticleFactory()
    comments = [CommentFactory(article=story, body=f"Bình luận thứ {n} về bài viết") for n in range(1, 21)]
    page.goto(url + "/quan-tri/kiem-duyet/")
    expect(page.locator(f"#comment-{comments[0].pk}")).to_be_focused()

    keys = page.keyboard
    for number, comment in enumerate(comments, start=1):
        expect(page.locator(f"#comment-{comment.pk}")).to_be_focused()
        if number == 3:  # edit and approve: E, type, Tab to the reason, pick it with a digit, Ctrl+Enter
            keys.press("e")
            keys.press("Control+a")
            keys.type("Bình luận thứ 3, đã sửa chính tả")
            keys.press("Tab")
            keys.press("2")
            keys.press("Control+Enter")
        elif number == 5:  # reject with the second reason of the list
            keys.press("r")
            keys.press("2")
            keys.press("Enter")
        elif number == 7:
            keys.press("s")
        elif number == 9:  # approve, think again, undo, then approve after all
            keys.press("a")
            keys.press("u")
            expect(page.locator(f"#comment-{comment.pk}")).to_be_focused()
            keys.press("a")
        else:
            keys.press("a")

    expect(page.locator("#desk")).to_have_attribute("data-pending", "0")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[comments[4].pk] == Status.REJECTED
    assert statuses[comments[6].pk] == Status.SPAM
    assert sum(status == Status.APPROVED for status in statuses.values()) == 18
    edited = Comment.objects.get(pk=comments[2].pk)
    assert (edited.body, edited.original_body) == ("Bình luận thứ 3, đã sửa chính tả", "Bình luận thứ 3 về bài viết")
    assert Comment.objects.get(pk=comments[4].pk).rejection_reason == "Không liên quan đến bài viết"


def test_the_desk_fits_a_laptop_and_a_phone(desk_page):
    page, url = desk_page
    CommentFactory(body="Một bình luận rất dài " * 40, banned_match="")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url + "/quan-tri/kiem-duyet/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow}px cut off at {width}px"
