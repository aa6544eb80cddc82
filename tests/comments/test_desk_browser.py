"""The moderation desk in a real browser: a queue cleared with the keyboard alone."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory
from tips.models import Tip

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
    reported = CommentFactory(body="Một bình luận bị báo vi phạm " * 20, status=Status.APPROVED, is_featured=True)
    reported.report("198.51.100.1", "other", note="Ghi chú rất dài của bạn đọc " * 10)
    CommentFactory(body="Một ý kiến đã duyệt rất dài " * 30).approve(ModeratorFactory(username="kiemduyet"))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for address in (
            "/quan-tri/kiem-duyet/",
            "/quan-tri/kiem-duyet/?queue=reported",
            "/quan-tri/kiem-duyet/nhat-ky/",
        ):
            page.goto(url + address)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{overflow}px cut off at {width}px on {address}"


def log_in(browser, url, username):
    ModeratorFactory(username=username)
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800}).new_page()
    page.set_default_timeout(20_000)
    page.goto(url + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "mat-khau-kiem-duyet")
    page.click("input[type=submit]")
    return page


def test_done_when_fifty_pending_comments_are_cleared_with_the_keyboard_only(desk_page):
    """The issue's "done when": 40 approved, 5 rejected with a reason, 3 edited and approved, 2 spam."""
    page, url = desk_page
    story = ArticleFactory()
    comments = [CommentFactory(article=story, body=f"Ý kiến số {n} của bạn đọc") for n in range(1, 51)]
    rejects = {5: 1, 15: 2, 25: 3, 35: 4, 45: 5}  # card number -> the reason's place in the list
    edits = {3, 13, 23}
    spam = {7, 17}
    page.goto(url + "/quan-tri/kiem-duyet/")

    keys = page.keyboard
    for number, comment in enumerate(comments, start=1):
        expect(page.locator(f"#comment-{comment.pk}")).to_be_focused()
        if number in edits:
            keys.press("e")
            keys.press("Control+a")
            keys.type(f"Ý kiến số {number} của bạn đọc, đã sửa")
            keys.press("Tab")
            keys.press("2")  # the first reason after the empty choice: spelling
            keys.press("Control+Enter")
        elif number in rejects:
            keys.press("r")
            keys.press(str(rejects[number]))
            keys.press("Enter")
        elif number in spam:
            keys.press("s")
        else:
            keys.press("a")

    expect(page.locator("#desk")).to_have_attribute("data-pending", "0", timeout=60_000)
    by_number = {n: Comment.objects.get(pk=c.pk) for n, c in enumerate(comments, start=1)}
    states = [c.status for c in by_number.values()]
    assert states.count(Status.APPROVED) == 43
    assert states.count(Status.REJECTED) == 5
    assert states.count(Status.SPAM) == 2
    assert not Comment.objects.pending().exists()
    reasons = [by_number[n].rejection_reason for n in sorted(rejects)]
    assert reasons == [
        "Xúc phạm, thô tục",
        "Không liên quan đến bài viết",
        "Quảng cáo",
        "Thông tin sai sự thật",
        "Vi phạm pháp luật",
    ]
    for number in edits:
        edited = by_number[number]
        assert edited.status == Status.APPROVED
        assert (edited.body, edited.original_body) == (
            f"Ý kiến số {number} của bạn đọc, đã sửa",
            comments[number - 1].body,
        )
        assert edited.edit_reason == Comment.EditReason.SPELLING
    assert {by_number[n].status for n in spam} == {Status.SPAM}


def test_two_moderators_on_one_queue_never_overwrite_each_other_unknowingly(desk_page, browser):
    first, url = desk_page  # kiemduyet
    comment = CommentFactory(name="Bác Hùng", body="Cảm ơn tòa soạn")
    later = CommentFactory(name="Cô Hoa", body="Bài viết hay")
    second = log_in(browser, url, "kiemduyet_hai")
    for page in (first, second):
        page.goto(url + "/quan-tri/kiem-duyet/")
        expect(page.locator(f"#comment-{comment.pk}")).to_be_focused()

    first.keyboard.press("a")  # the first approves; the second's page still shows the card
    expect(first.locator("#desk")).to_have_attribute("data-pending", "0")
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED

    second.keyboard.press("s")  # the second, unaware, calls it spam
    card = second.locator(f"#comment-{comment.pk}")
    expect(card).to_have_attribute("data-result", "stale")
    expect(card.locator(".desk-card__status")).to_contain_text("Đã được kiemduyet chuyển sang “Đã đăng” lúc")
    expect(second.locator(f"#comment-{later.pk}")).to_be_focused()  # and moves on to the next card
    fresh = Comment.objects.get(pk=comment.pk)
    assert (fresh.status, fresh.moderated_by.username) == (Status.APPROVED, "kiemduyet")

    # Reloaded, the second's queue no longer holds the card the first handled.
    second.reload()
    expect(second.locator(f"#comment-{comment.pk}")).to_have_count(0)


def test_a_card_another_moderator_handled_says_so_before_anyone_touches_it(desk_page):
    page, url = desk_page
    page.clock.install()  # the desk's check every 20 seconds, on the test's clock
    first, second = CommentFactory(name="Bác Hùng"), CommentFactory(name="Cô Hoa")
    page.goto(url + "/quan-tri/kiem-duyet/")
    expect(page.locator(f"#comment-{first.pk}")).to_be_focused()

    first.approve(ModeratorFactory(username="kiemduyet_hai"))  # on another moderator's desk
    page.clock.run_for(21_000)
    card = page.locator(f"#comment-{first.pk}")
    expect(card).to_have_attribute("data-result", "stale")
    expect(card.locator(".desk-card__status")).to_contain_text("Đã được kiemduyet_hai chuyển sang “Đã đăng” lúc")
    expect(page.locator(f"#comment-{second.pk}")).to_be_focused()  # the next card is the one to decide on
    assert Comment.objects.get(pk=second.pk).status == Status.PENDING


def test_t_sends_the_card_to_the_tip_desk_and_the_page_says_which_tip(desk_page):
    page, url = desk_page
    Group.objects.get(name="Kiểm duyệt viên").permissions.add(Permission.objects.get(codename="add_tip"))
    first = CommentFactory(body="Một bình luận bình thường")
    tip_like = CommentFactory(name="Anh Tuấn", body="Cầu Hộ Độ có vết nứt dài, xin phóng viên về xem giúp.")
    page.goto(url + "/quan-tri/kiem-duyet/")
    expect(page.locator(f"#comment-{first.pk}")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f"#comment-{tip_like.pk}")).to_be_focused()
    page.keyboard.press("t")
    expect(page.locator(".messagelist")).to_contain_text("Bình luận của Anh Tuấn đã thành tin #")
    tip = Tip.objects.get()
    assert (tip.from_comment_id, tip.text) == (tip_like.pk, tip_like.body)
    assert not Tip.objects.filter(from_comment_id=first.pk).exists()
    assert Comment.objects.get(pk=tip_like.pk).status == Status.PENDING
