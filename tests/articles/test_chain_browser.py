"""A story through a three-step approval chain in a real browser, with four accounts, and an edit after an approval
sending it back to the first step."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles import revisions
from articles.chains import ApprovalChain, ApprovalStep
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, StaffFactory, restore_newsroom_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RANKS = ["Phóng viên", "Biên tập viên", "Thư ký tòa soạn", "Lãnh đạo tòa soạn"]


@pytest.fixture
def newsroom(browser, browser_server):
    restore_newsroom_groups()
    users = {
        rank: StaffFactory(username=username, group=rank)
        for rank, username in zip(RANKS, ["phongvien", "bientap", "thuky", "lanhdao"], strict=True)
    }
    section = SectionFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    chain = ApprovalChain.objects.create(section=section)
    for position, rank in enumerate(RANKS[1:], 1):
        ApprovalStep.objects.create(chain=chain, position=position, group=Group.objects.get(name=rank))
    story = ArticleFactory(
        section=section,
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=users["Phóng viên"],
        headline="Đại hội chi bộ điểm ở Thạch Hà",
        sapo="Chi bộ bầu ban chi ủy nhiệm kỳ mới.",
    )
    revisions.record(story, users["Phóng viên"])

    def open_story_as(username):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(browser_server.url + "/quan-tri/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "mat-khau-toa-soan")
        page.click("input[type=submit]")
        page.goto(f"{browser_server.url}/quan-tri/articles/article/{story.pk}/change/")
        return page

    return story, open_story_as, browser_server.url


def press(page, action):
    page.click(f"button[name=_workflow][value={action}]")
    page.wait_for_load_state()


def test_a_story_climbs_three_ranks_and_an_edit_sends_it_back(newsroom):
    story, open_story_as, url = newsroom

    reporter = open_story_as("phongvien")
    press(reporter, "submit")
    expect(reporter.locator("#chain-waiting")).to_contain_text("bước 1: Biên tập viên")

    editor = open_story_as("bientap")
    expect(editor.locator("button[name=_workflow][value=publish]")).to_have_count(0)  # two steps still to go
    press(editor, "approve")
    expect(editor.locator("#chain-waiting")).to_contain_text("bước 2: Thư ký tòa soạn")

    # The secretary edits the text: the editor's approval was for the older version, the story goes back to step 1.
    secretary = open_story_as("thuky")
    assert secretary.locator("#id_headline").bounding_box()["width"] >= 600  # as wide as a headline
    secretary.fill("#id_sapo", "Chi bộ bầu ban chi ủy nhiệm kỳ 2025-2030.")
    secretary.click("input[name=_continue]")
    expect(secretary.locator("#chain-waiting")).to_contain_text("bước 1: Biên tập viên")
    expect(secretary.locator("button[name=_workflow][value=approve]")).to_have_count(0)

    editor.reload()
    press(editor, "approve")
    secretary.reload()
    press(secretary, "approve")
    expect(secretary.locator("#chain-waiting")).to_contain_text("bước 3: Lãnh đạo tòa soạn")

    leader = open_story_as("lanhdao")
    press(leader, "publish")
    expect(leader.locator("#workflow")).to_contain_text("Đã xuất bản")
    expect(leader.locator("#approvals")).to_contain_text("thuky")

    reader = leader.context.browser.new_page()
    reader.goto(url + Article.objects.get(pk=story.pk).get_absolute_url())
    expect(reader.locator("body")).to_contain_text("Chi bộ bầu ban chi ủy nhiệm kỳ 2025-2030.")
