"""Approval by rank: each section's chain of steps, tried through the admin as each rank would."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import revisions
from articles.chains import ApprovalChain, ApprovalStep, StepApproval, progress
from articles.models import Article
from tests.articles.test_workflow import story_post_data
from tests.factories import ArticleFactory, SectionFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADMIN = "/quan-tri/articles/article"
S = Article.Status
REPORTER, EDITOR, SECRETARY, LEADER = "Phóng viên", "Biên tập viên", "Thư ký tòa soạn", "Lãnh đạo tòa soạn"


def chain(section, *groups):
    approval_chain = ApprovalChain.objects.create(section=section)
    for position, name in enumerate(groups, 1):
        ApprovalStep.objects.create(chain=approval_chain, position=position, group=Group.objects.get(name=name))
    return approval_chain


@pytest.fixture
def people():
    return {
        "reporter": StaffFactory(username="phongvien", group=REPORTER),
        "editor": StaffFactory(username="bientap", group=EDITOR),
        "secretary": StaffFactory(username="thuky", group=SECRETARY),
        "leader": StaffFactory(username="lanhdao", group=LEADER),
    }


@pytest.fixture
def party_section():
    section = SectionFactory(name="Xây dựng Đảng", slug="xay-dung-dang")
    chain(section, EDITOR, SECRETARY, LEADER)
    return section


def submitted(people, section, headline="Đại hội chi bộ nhiệm kỳ mới"):
    """A reporter's story as the admin makes it (its first revision), submitted to the chain."""
    story = ArticleFactory(
        section=section, status=S.DRAFT, published_at=None, created_by=people["reporter"], headline=headline
    )
    revisions.record(story, people["reporter"])
    story.submit(people["reporter"])
    return story


def act(client, user, story, action, **data):
    client.force_login(user)
    return client.post(f"{ADMIN}/{story.pk}/workflow/{action}/", data, follow=True)


def edit(client, user, story, **fields):
    """Save the story's form as `user` would, changing `fields`."""
    client.force_login(user)
    story = Article.objects.get(pk=story.pk)
    return client.post(f"{ADMIN}/{story.pk}/change/", story_post_data(client, story, **fields))


def waiting_at(story):
    """The step the story waits at now (computed from its approvals, never stored)."""
    return progress(Article.objects.get(pk=story.pk))[1]


def test_story_climbs_three_ranks_and_is_published_by_the_leader(client, people, party_section):
    story = submitted(people, party_section)

    refused = act(client, people["editor"], story, "publish").content.decode()
    assert "Bài chưa thể đăng: bước 2, “Thư ký tòa soạn”, chưa duyệt phiên bản hiện tại." in refused
    assert Article.objects.get().status == S.REVIEW

    act(client, people["editor"], story, "approve", remark="Đã kiểm tra số liệu.")
    assert waiting_at(story).name == SECRETARY
    assert act(client, people["secretary"], story, "approve").status_code == 200
    assert waiting_at(story).name == LEADER
    act(client, people["leader"], story, "publish")

    story.refresh_from_db()
    assert story.is_public
    history = act(client, people["leader"], story, "approve").content.decode()  # refused: nothing left to approve
    assert "Đã duyệt" in history and "bientap" in history and "thuky" in history and "lanhdao" in history
    assert "Đã kiểm tra số liệu." in history
    approvals = StepApproval.objects.filter(article=story).order_by("at", "id")
    assert [(a.step_name, a.actor.username) for a in approvals] == [
        (EDITOR, "bientap"),
        (SECRETARY, "thuky"),
        (LEADER, "lanhdao"),
    ]


def test_schedule_waits_for_every_step_too(client, people, party_section):
    story = submitted(people, party_section)
    act(client, people["editor"], story, "approve")
    at = timezone.localtime() + datetime.timedelta(days=1)

    page = act(client, people["leader"], story, "schedule", publish_at=at.strftime("%Y-%m-%dT%H:%M"))

    assert "bước 2, “Thư ký tòa soạn”" in page.content.decode()
    assert Article.objects.get().status == S.REVIEW


def test_only_the_waiting_steps_rank_approves_or_sends_back(client, people, party_section):
    story = submitted(people, party_section)

    assert act(client, people["secretary"], story, "approve").status_code == 403
    assert act(client, people["leader"], story, "send_back", remark="Sửa lại.").status_code == 403
    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()
    assert 'value="approve"' not in page and 'value="publish"' not in page
    assert not StepApproval.objects.exists()

    client.force_login(people["editor"])
    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()
    assert 'value="approve"' in page and 'value="send_back"' in page and 'value="take_over"' in page
    assert "đang chờ bước 1: Biên tập viên" in page


def test_send_back_at_any_step_returns_the_story_with_the_remark_on_top(client, people, party_section):
    story = submitted(people, party_section)
    act(client, people["editor"], story, "approve")

    act(client, people["secretary"], story, "send_back", remark="Bổ sung ý kiến của bí thư chi bộ.")

    assert Article.objects.get().status == S.DRAFT
    client.force_login(people["reporter"])
    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()
    assert page.index('id="sent-back-remark"') < page.index('id="id_headline"')
    assert "Bổ sung ý kiến của bí thư chi bộ." in page and "thuky trả bài lúc" in page
    [back] = Article.objects.sent_back_to(people["reporter"])
    assert (back.pk, back.send_back_remark, back.sent_back_by) == (
        story.pk,
        "Bổ sung ý kiến của bí thư chi bộ.",
        "thuky",
    )
    assert not Article.objects.sent_back_to(people["editor"]).exists()


def test_an_edit_after_an_approval_sends_the_story_back_to_the_first_step(client, people, party_section):
    story = submitted(people, party_section)
    act(client, people["editor"], story, "approve")
    act(client, people["secretary"], story, "take_over")

    assert edit(client, people["secretary"], story, headline="Đại hội chi bộ: nhiệm kỳ mới").status_code == 302

    assert waiting_at(story).name == EDITOR
    assert list(Article.objects.awaiting(people["editor"])) == [story]
    assert not Article.objects.awaiting(people["secretary"]).exists()
    # Saving without a change keeps the approvals that count.
    act(client, people["editor"], story, "approve")
    edit(client, people["secretary"], story)
    assert waiting_at(story).name == SECRETARY


def test_with_same_an_edit_keeps_the_steps_before_the_one_it_waited_at(client, people, party_section, settings):
    settings.ARTICLES_EDIT_AFTER_APPROVAL_RESETS_TO = "same"
    story = submitted(people, party_section)
    act(client, people["editor"], story, "approve")

    edit(client, people["secretary"], story, sapo="Tóm tắt đã sửa.")

    assert waiting_at(story).name == SECRETARY
    assert list(Article.objects.awaiting(people["secretary"])) == [story]
    act(client, people["secretary"], story, "approve")
    edit(client, people["leader"], story, sapo="Tóm tắt sửa lần hai.")
    assert waiting_at(story).name == LEADER


def test_reporter_withdraws_until_a_step_starts_on_the_story(client, people, party_section):
    story = submitted(people, party_section)
    client.force_login(people["reporter"])
    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()  # read-only: the button posts the step alone
    assert f'value="withdraw" formaction="{ADMIN}/{story.pk}/workflow/withdraw/"' in page
    act(client, people["reporter"], story, "withdraw")
    assert Article.objects.get().status == S.DRAFT

    story.submit(people["reporter"])
    act(client, people["editor"], story, "take_over")
    page = act(client, people["reporter"], story, "withdraw").content.decode()

    assert "Đã có người bắt đầu xử lý bài này" in page
    assert Article.objects.get().status == S.REVIEW
    assert 'value="withdraw"' not in page
    assert act(client, people["editor"], story, "withdraw").status_code == 403  # not the editor's story


def test_a_published_story_is_edited_only_by_the_last_step(client, people, party_section):
    story = submitted(people, party_section)
    for rank in ("editor", "secretary"):
        act(client, people[rank], story, "approve")
    act(client, people["leader"], story, "publish")
    story.refresh_from_db()

    response = edit(client, people["editor"], story, headline="Tiêu đề chưa ai duyệt")
    story.refresh_from_db()
    assert story.headline == "Đại hội chi bộ nhiệm kỳ mới"
    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()
    assert "chỉ bước cuối của quy trình duyệt" in page
    assert response.status_code == 302

    first_revision = story.revisions.order_by("created_at", "id").first()
    assert client.post(f"{ADMIN}/{story.pk}/revisions/{first_revision.pk}/restore/").status_code == 403

    edit(client, people["leader"], story, headline="Đại hội chi bộ: kết quả")
    story.refresh_from_db()
    assert story.headline == "Đại hội chi bộ: kết quả"
    assert client.get(story.get_absolute_url()).status_code == 200
    # The version on the page is approved by every step: taken down and put back by the secretary, it needs no one.
    act(client, people["leader"], story, "unpublish")
    act(client, people["secretary"], story, "publish")
    assert Article.objects.get().status == S.PUBLISHED


def test_a_section_without_a_chain_keeps_the_single_review_and_sub_sections_inherit(client, people, party_section):
    plain = SectionFactory(name="Thể thao")
    story = submitted(people, plain, headline="Giải bóng đá thiếu niên")
    act(client, people["editor"], story, "publish")
    assert Article.objects.get(pk=story.pk).status == S.PUBLISHED

    child = SectionFactory(name="Công tác cán bộ", parent=party_section)
    inner = submitted(people, child, headline="Luân chuyển cán bộ")
    assert "bước 2" in act(client, people["editor"], inner, "publish").content.decode()
    assert list(Article.objects.awaiting(people["editor"])) == [inner]


def test_awaiting_is_one_query_for_many_stories(people, party_section, django_assert_num_queries):
    news = SectionFactory(name="Thời sự")
    chain(news, EDITOR, SECRETARY)
    plain = SectionFactory(name="Thể thao")
    for number in range(3):
        submitted(people, party_section, headline=f"Bài Đảng {number}").approve(people["editor"])
        submitted(people, news, headline=f"Bài thời sự {number}")
        submitted(people, plain, headline=f"Bài thể thao {number}")

    with django_assert_num_queries(1):
        for_secretary = {story.headline for story in Article.objects.awaiting(people["secretary"])}
    with django_assert_num_queries(1):
        for_editor = {story.headline for story in Article.objects.awaiting(people["editor"])}
    with django_assert_num_queries(1):
        list(Article.objects.sent_back_to(people["reporter"]))

    unchained = {f"Bài thể thao {n}" for n in range(3)}  # the default chain: whoever may review
    assert for_secretary == {f"Bài Đảng {n}" for n in range(3)} | unchained
    assert for_editor == {f"Bài thời sự {n}" for n in range(3)} | unchained
    assert not Article.objects.awaiting(people["reporter"]).exists()


def test_leader_sets_a_sections_chain_in_the_admin(client, people):
    section = SectionFactory(name="Chính trị")
    client.force_login(people["leader"])
    groups = {name: Group.objects.get(name=name).pk for name in (EDITOR, SECRETARY)}
    data = {
        "section": section.pk,
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "1",
        "steps-0-group": groups[EDITOR],
        "steps-1-position": "2",
        "steps-1-group": groups[SECRETARY],
    }

    assert client.post("/quan-tri/articles/approvalchain/add/", data).status_code == 302

    page = client.get("/quan-tri/articles/approvalchain/").content.decode()
    assert "Biên tập viên → Thư ký tòa soạn" in page
    client.force_login(people["editor"])
    assert client.get("/quan-tri/articles/approvalchain/").status_code == 403


def test_the_story_form_has_one_state_control_and_one_remark_box(client, people, party_section):
    story = submitted(people, party_section)
    client.force_login(people["editor"])

    page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()

    assert page.count('name="remark"') == 1
    assert 'name="status"' not in page
    assert page.count('name="_workflow"') == len(["approve", "take_over", "send_back", "publish", "schedule"]) - 2
    assert "articles/admin/story_form.css" in page
    assert 'name="edit_version"' in page  # the conflict check stays


def test_a_superuser_acts_at_every_step(client, people, party_section, admin_user):
    story = submitted(people, party_section)

    act(client, admin_user, story, "publish")

    assert Article.objects.get().status == S.PUBLISHED
    assert StepApproval.objects.filter(article=story, actor=admin_user).count() == 3


def test_moving_a_submitted_story_out_of_a_longer_chain_is_the_last_steps_act(client, people, party_section):
    plain = SectionFactory(name="Thể thao")
    story = submitted(people, party_section)
    act(client, people["editor"], story, "approve")

    refused = edit(client, people["editor"], story, section=str(plain.pk), headline="Tiêu đề vừa gõ")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Chỉ người duyệt ở bước cuối" in page
    assert "Tiêu đề vừa gõ" in page  # what was typed is kept
    story.refresh_from_db()
    assert story.section == party_section
    assert act(client, people["editor"], story, "publish").status_code == 200
    assert Article.objects.get().status == S.REVIEW

    # The leader may move it; the move is a change: the new section's chain starts again from its first step.
    assert edit(client, people["leader"], story, section=str(plain.pk)).status_code == 302
    story.refresh_from_db()
    assert story.section == plain
    assert waiting_at(story).name == "Biên tập viên duyệt"


def test_moving_a_story_into_a_longer_chain_is_free_and_starts_it_again(client, people, party_section):
    news = SectionFactory(name="Thời sự")
    chain(news, EDITOR, SECRETARY)
    story = submitted(people, news)
    act(client, people["editor"], story, "approve")

    assert edit(client, people["editor"], story, section=str(party_section.pk)).status_code == 302

    assert waiting_at(story).name == EDITOR
    assert "bước 1" in act(client, people["secretary"], story, "publish").content.decode()
    assert Article.objects.get().status == S.REVIEW


def test_a_published_story_moves_only_to_a_section_whose_last_step_its_mover_holds(client, people, party_section):
    plain = SectionFactory(name="Thể thao")
    story = submitted(people, plain)
    act(client, people["editor"], story, "publish")

    refused = edit(client, people["editor"], story, section=str(party_section.pk))

    assert refused.status_code == 200
    assert "Chỉ người duyệt ở bước cuối" in refused.content.decode()
    assert Article.objects.get().section == plain


def test_an_approval_of_a_story_without_revisions_holds_only_for_the_text_it_saw(client, people, party_section):
    story = ArticleFactory(section=party_section, status=S.DRAFT, published_at=None, created_by=people["reporter"])
    story.submit(people["reporter"])  # an older story: never saved through the admin, no revision
    act(client, people["editor"], story, "approve")

    assert waiting_at(story).name == SECRETARY

    edit(client, people["secretary"], story, headline="Tiêu đề sửa sau khi duyệt")  # its first admin save

    assert waiting_at(story).name == EDITOR
    act(client, people["editor"], story, "approve")
    edit(client, people["secretary"], story)  # saved unchanged: the approval still counts
    assert waiting_at(story).name == SECRETARY


def test_the_add_page_offers_publish_only_where_its_author_alone_may_publish(client, people, party_section, admin_user):
    plain = SectionFactory(name="Thể thao")
    client.force_login(people["editor"])

    assert 'value="publish"' not in client.get(f"{ADMIN}/add/").content.decode()
    assert 'value="publish"' not in client.get(f"{ADMIN}/add/?section={party_section.pk}").content.decode()
    assert 'value="publish"' in client.get(f"{ADMIN}/add/?section={plain.pk}").content.decode()
    # The server still refuses what the page no longer offers.
    data = story_post_data(client, section=str(party_section.pk), _workflow="publish")
    page = client.post(f"{ADMIN}/add/", data, follow=True).content.decode()
    assert "Bài chưa thể đăng: bước 2" in page
    assert Article.objects.get().status == S.DRAFT

    client.force_login(admin_user)
    assert 'value="publish"' in client.get(f"{ADMIN}/add/").content.decode()


def test_the_workflow_history_lists_approvals_and_take_overs_among_the_state_changes(client, people, party_section):
    with time_machine.travel(datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        story = submitted(people, party_section)
        clock.shift(60)
        act(client, people["editor"], story, "approve", remark="Số liệu đã kiểm tra.")
        clock.shift(60)
        act(client, people["secretary"], story, "take_over")
        clock.shift(60)
        act(client, people["secretary"], story, "send_back", remark="Thêm ý kiến của bí thư chi bộ.")
        page = client.get(f"{ADMIN}/{story.pk}/change/").content.decode()

    history = page[page.index('id="transitions"') : page.index('id="approvals"')]
    order = [
        "Chờ duyệt",
        "Biên tập viên: Đã duyệt (phiên bản",
        "Số liệu đã kiểm tra.",
        "Thư ký tòa soạn: Nhận bài để biên tập",
        "Thêm ý kiến của bí thư chi bộ.",
    ]
    positions = [history.index(text) for text in order]
    assert positions == sorted(positions)
