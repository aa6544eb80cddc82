"""End to end in a real browser: a reader comments, a moderator edits and approves, the reader sees it.

Debian's Chromium through Playwright's Python package (never `playwright install`): `.ci/run` installs it,
locally `apt-get install -y chromium`. Run only this file with `pytest -m browser`.
"""

import re
from pathlib import Path

import pytest

from comments.models import Comment
from tests.browser_support import in_view
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, ModeratorFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var"
MODERATOR_PASSWORD = "mat-khau-kiem-duyet"


@pytest.fixture
def live_server(browser_server):
    return browser_server


@pytest.fixture
def open_page(browser, request):
    """A page in a fresh browser context (its own cookies); screenshots of every page if the test fails."""
    pages = []
    failures_before = request.session.testsfailed

    def make():
        page = browser.new_context(locale="vi-VN").new_page()
        page.set_default_timeout(15_000)
        pages.append(page)
        return page

    yield make
    if request.session.testsfailed > failures_before:  # the call phase is reported before teardown
        SCREENSHOTS.mkdir(exist_ok=True)
        for n, page in enumerate(pages):
            try:
                page.screenshot(path=str(SCREENSHOTS / f"browser-failure-{request.node.name}-{n}.png"), full_page=True)
            except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
                pass


@pytest.fixture
def seed_story():
    """The seed page's story, as the Báo Hà Tĩnh printed it."""
    return ArticleFactory(
        kicker="Công tác tổ chức xây dựng Đảng năm 2012:",
        headline="“Đòn bẩy” nâng sức mạnh hệ thống chính trị",
        sapo="Năm 2012 có thể coi là một năm đầy dấu ấn đối với những người làm công tác tổ chức xây dựng Đảng.",
        body="<p>Thực hiện lời dạy của Bác “cán bộ là gốc của mọi phong trào”.</p>",
        section=SectionFactory(name="Xây dựng Đảng", slug="xay-dung-dang"),
        authors=[AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")],
    )


@pytest.fixture
def moderator():
    from django.contrib.auth.models import Group, Permission

    # A transactional test empties the tables afterwards, the group from the data migration included.
    group, created = Group.objects.get_or_create(name="Kiểm duyệt viên")
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="comments",
                codename__in=["view_comment", "change_comment", "moderate_comment"],
            )
        )
    return ModeratorFactory(username="kiemduyet", password=MODERATOR_PASSWORD)


def test_comment_goes_through_moderation_in_a_real_browser(live_server, open_page, seed_story, moderator):
    from playwright.sync_api import expect

    story_url = live_server.url + seed_story.get_absolute_url()

    # A reader posts a comment: the page thanks them in place, the comment is theirs alone for now.
    reader = open_page()
    reader.goto(story_url)
    expect(reader.locator("#comments-title")).to_have_text("0 bình luận")
    expect(reader.locator("#binh-luan-form")).to_contain_text(
        "Ý kiến của bạn sẽ được biên tập trước khi đăng. Vui lòng gõ tiếng Việt có dấu"
    )
    reader.fill("#id_name", "Nguyễn Văn An")
    reader.fill("#id_email", "an@example.vn")
    reader.fill("#id_body", "Bài viết rất hay, cảm ơn tác giả.")
    reader.get_by_label("Ghi nhớ thông tin").check()  # the reply below needs only its text
    reader.locator("button.comment-form__submit").scroll_into_view_if_needed()
    reader.click("button.comment-form__submit")
    expect(reader.locator("[data-form-status]")).to_contain_text(
        "Cảm ơn bạn. Bình luận sẽ hiển thị sau khi được biên tập."
    )
    # The new comment went in above the form; it and the thanks are scrolled into view, the focus stays.
    assert in_view(reader, ".comment--pending") and in_view(reader, "[data-form-status]")
    expect(reader.locator("button.comment-form__submit")).to_be_focused()
    expect(reader.locator(".comment--pending")).to_contain_text("Đang chờ biên tập")
    assert reader.url == story_url  # submitted in place, no navigation
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    # Anyone else sees nothing yet.
    stranger = open_page()
    stranger.goto(story_url)
    expect(stranger.locator("#comments-title")).to_have_text("0 bình luận")
    expect(stranger.locator("#binh-luan")).not_to_contain_text("Bài viết rất hay")

    # A moderator logs in, opens the comment from the queue, edits the text and approves it.
    desk = open_page()
    desk.goto(live_server.url + "/quan-tri/login/")
    desk.fill("#id_username", "kiemduyet")
    desk.fill("#id_password", MODERATOR_PASSWORD)
    desk.click("input[type=submit]")
    desk.goto(live_server.url + "/quan-tri/comments/comment/")
    desk.get_by_role("link", name=re.compile("Bài viết rất hay")).click()
    desk.fill("#id_body", "Bài viết rất hay. Cảm ơn tác giả Minh Huệ - Tuấn Hiển!")
    desk.select_option("#id_edit_reason", "spelling")
    desk.click("button[name=action][value=approve]")
    expect(desk.locator("ul.messagelist")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.original_body == "Bài viết rất hay, cảm ơn tác giả."

    # The reader reloads: the edited text is published and counted.
    reader.reload()
    expect(reader.locator("#comments-title")).to_have_text("1 bình luận")
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text(
        "Bài viết rất hay. Cảm ơn tác giả Minh Huệ - Tuấn Hiển!"
    )
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text("Nguyễn Văn An - ")

    # A reply: "Trả lời" brings the form under the comment, and the reply waits in the queue too.
    reader.click(f"#comment-{comment.pk} .comment__reply")
    expect(reader.locator("[data-replying]")).to_contain_text("Trả lời Nguyễn Văn An")
    expect(reader.locator("#id_body")).to_be_focused()
    reader.fill("#id_body", "Tôi đồng ý với ý kiến của bạn.")
    reader.click("button.comment-form__submit")
    expect(reader.locator("[data-form-status]")).to_contain_text("Cảm ơn bạn.")
    expect(reader.locator(".comments__replies .comment--pending")).to_contain_text("Tôi đồng ý với ý kiến của bạn.")
    assert Comment.objects.pending().count() == 1
    assert Comment.objects.pending().get().parent_id == comment.pk

    stranger.reload()
    expect(stranger.locator("#comments-title")).to_have_text("1 bình luận")
    expect(stranger.locator("#binh-luan")).not_to_contain_text("Tôi đồng ý với ý kiến của bạn.")

    # The moderator's queue shows it waiting.
    desk.goto(live_server.url + "/quan-tri/comments/comment/")
    expect(desk.locator("#result_list")).to_contain_text("Tôi đồng ý với ý kiến của bạn.")


def test_posting_works_without_javascript(live_server, browser, seed_story):
    from playwright.sync_api import expect

    page = browser.new_context(java_script_enabled=False).new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + seed_story.get_absolute_url())
    page.fill("#id_name", "Trần Thị Bình")
    page.fill("#id_email", "binh@example.vn")
    page.fill("#id_body", "Cảm ơn tòa soạn đã đưa tin kịp thời.")
    page.click("button.comment-form__submit")
    expect(page.locator("[data-comments-status]")).to_contain_text("Cảm ơn bạn.")
    assert page.url.endswith(seed_story.get_absolute_url() + "#binh-luan-thong-bao")
    expect(page.locator(".comment--pending")).to_contain_text("Cảm ơn tòa soạn đã đưa tin kịp thời.")
    page.get_by_role("link", name="Theo dõi bình luận của bạn").click()
    expect(page.locator(".comment-status")).to_contain_text("Đang chờ biên tập")


def test_more_comments_load_in_place_and_work_without_javascript(live_server, open_page, browser, seed_story, settings):
    from playwright.sync_api import expect

    settings.COMMENTS_PER_PAGE = 2
    for n in range(1, 6):
        root = CommentFactory(article=seed_story, status=Comment.Status.APPROVED, body=f"Gốc số {n}")
        CommentFactory(article=seed_story, parent=root, status=Comment.Status.APPROVED, body=f"Đáp số {n}")
    url = live_server.url + seed_story.get_absolute_url()

    reader = open_page()
    reader.goto(url)
    bodies = reader.locator("[data-comments-list] .comment__body")
    expect(bodies).to_have_count(4)
    reader.get_by_role("link", name="Xem thêm bình luận").click()
    expect(bodies).to_have_count(8)
    assert reader.url == url  # loaded in place, no navigation
    expect(bodies.nth(4)).to_have_text("Gốc số 3")
    expect(bodies.nth(5)).to_have_text("Đáp số 3")  # a reply stays with its parent
    expect(reader.locator("#comment-" + str(Comment.objects.get(body="Gốc số 3").pk))).to_be_focused()
    reader.get_by_role("link", name="Xem thêm bình luận").click()
    expect(bodies).to_have_count(10)
    expect(reader.get_by_role("link", name="Xem thêm bình luận")).to_have_count(0)

    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.set_default_timeout(15_000)
    plain.goto(url)
    plain.get_by_role("link", name="Xem thêm bình luận").click()
    assert plain.url.endswith("?binh-luan=2#binh-luan")
    expect(plain.locator(".comment__body")).to_have_text(["Gốc số 3", "Đáp số 3", "Gốc số 4", "Đáp số 4"])
