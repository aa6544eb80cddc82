"""The moderation desk: one card per comment, one click or key per decision, stale cards named, figures live."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, ModerationLog
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory
from tips.models import Tip

pytestmark = pytest.mark.django_db

Status = Comment.Status
DESK = "/quan-tri/kiem-duyet/"


@pytest.fixture
def moderator():
    return ModeratorFactory(username="kiemduyet_a")


@pytest.fixture
def desk(client, moderator):
    client.force_login(moderator)
    return client


def act(client, comment, **data):
    return client.post(f"{DESK}{comment.pk}/", {"version": comment.version, **data})


def test_a_card_shows_everything_a_moderator_decides_on(desk):
    story = ArticleFactory(headline="Ngư dân Thạch Kim vươn khơi")
    parent = CommentFactory(article=story, name="Bà Lan", body="Chúc bà con mùa cá bội thu", status=Status.APPROVED)
    CommentFactory(email="anh.hai@example.vn", status=Status.REJECTED)
    CommentFactory(
        article=story,
        parent=parent,
        name="Anh Hải",
        email="anh.hai@example.vn",
        body="Ai nói vậy là đồ ngu, xem https://a.example",
        banned_match="đồ ngu",
    )
    html = desk.get(DESK).content.decode()
    for expected in [
        "Ngư dân Thạch Kim vươn khơi",  # the story
        "Chúc bà con mùa cá bội thu",  # the parent of a reply
        "Anh Hải",
        "anh.hai@example.vn",
        "203.0.113.7",
        "0 đã duyệt, 1 bị từ chối, 0 thư rác",  # the author's history
        "<mark>đồ ngu</mark>",  # the banned words in context
        "1 đường dẫn",  # the flag that held it
    ]:
        assert expected in html, expected


def test_approve_with_a_plain_form_and_come_back_to_the_desk(desk, moderator):
    comment = CommentFactory()
    response = act(desk, comment, action="approve")
    assert response.status_code == 302 and response["Location"].startswith(DESK)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (Status.APPROVED, moderator)


def test_reject_takes_a_reason_from_the_short_list_and_a_note(desk):
    comment = CommentFactory()
    act(desk, comment, action="reject")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # no reason, no rejection
    act(desk, comment, action="reject", reject_reason="off-topic", note="nói về bài khác")
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert comment.rejection_reason == "Không liên quan đến bài viết: nói về bài khác"


def test_edit_and_approve_keeps_the_readers_original(desk):
    comment = CommentFactory(body="bai viet hay")
    act(desk, comment, action="approve", body="Bài viết hay", edit_reason="diacritics")
    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.original_body) == (Status.APPROVED, "Bài viết hay", "bai viet hay")


def test_a_published_comment_is_corrected_in_place_and_stays_published(desk):
    comment = CommentFactory(status=Status.APPROVED, body="So dien thoai cua toi la 0912345678")
    response = act(desk, comment, action="approve", body="Số điện thoại đã được ẩn.", edit_reason="violation")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.body == "Số điện thoại đã được ẩn."
    assert comment.original_body == "So dien thoai cua toi la 0912345678"
    entry = ModerationLog.objects.get(comment=comment)
    assert (entry.from_status, entry.to_status) == (Status.APPROVED, Status.APPROVED)


def test_a_card_another_moderator_handled_says_who_did_what_and_changes_nothing(client, desk):
    comment = CommentFactory()
    other = ModeratorFactory(username="kiemduyet_b")
    stale_version = comment.version
    comment.approve(other)
    with time_machine.travel(timezone.now()):
        response = client.post(
            f"{DESK}{comment.pk}/",
            {"version": stale_version, "action": "spam"},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 409
    assert "kiemduyet_b" in response.json()["message"] and "Đã đăng" in response.json()["message"]
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_the_desk_learns_which_open_cards_another_moderator_handled(desk):
    handled, untouched, reply = CommentFactory(name="Minh"), CommentFactory(name="Hà"), CommentFactory(name="Tuấn")
    shown = [f"{comment.pk}-{comment.version}" for comment in (handled, untouched, reply)]
    handled.approve(ModeratorFactory(username="kiemduyet_b"))
    answer = desk.get(f"{DESK}dem/", {"card": [*shown, "abc", "12-x", "-1"]}).json()
    assert list(answer["changed"]) == [str(handled.pk)]
    assert "kiemduyet_b" in answer["changed"][str(handled.pk)] and "Đã đăng" in answer["changed"][str(handled.pk)]
    assert answer["pending"] == 2
    assert desk.get(f"{DESK}dem/").json()["changed"] == {}


def test_a_bulk_step_names_every_comment_it_did_not_change(desk):
    first, second, third = CommentFactory(name="Minh"), CommentFactory(name="Hà"), CommentFactory(name="Tuấn")
    second.reject(ModeratorFactory(username="kiemduyet_b"), reason="trùng")
    response = desk.post(
        f"{DESK}hang-loat/", {"action": "approve", "ids": [first.pk, second.pk, third.pk]}, follow=True
    )
    text = response.content.decode()
    assert "Đã đổi 2 bình luận." in text
    assert "Không đổi: Hà — Đã được kiemduyet_b chuyển sang “Từ chối”" in text
    assert Comment.objects.filter(status=Status.APPROVED).count() == 2


def test_a_bulk_step_refuses_ids_that_are_not_numbers(desk):
    assert desk.post(f"{DESK}hang-loat/", {"action": "approve", "ids": ["1 OR 1=1"]}).status_code == 400


def test_queues_count_and_filter_by_story_and_banned_word(desk):
    story = ArticleFactory(headline="Cầu Cửa Hội")
    CommentFactory.create_batch(3, article=story)
    CommentFactory(banned_match="ngu", body="ngu")
    CommentFactory(status=Status.APPROVED)
    html = desk.get(DESK).content.decode()
    assert re.search(r"Chờ duyệt <span class=\"desk-count\">4</span>", html)
    assert re.search(r"Bị giữ vì từ cấm <span class=\"desk-count\">1</span>", html)
    assert re.search(r"Cầu Cửa Hội <span class=\"desk-count\">3</span>", html)
    by_story = desk.get(DESK, {"article": story.pk})
    assert len(by_story.context["cards"]) == 3
    assert len(desk.get(DESK, {"queue": "banned"}).context["cards"]) == 1
    assert desk.get(DESK, {"article": "abc"}).status_code == 200  # junk filters are ignored, never a 500


def test_the_desk_costs_the_same_queries_for_5_or_50_cards(desk):
    def queries(count):
        Comment.objects.all().delete()
        for _ in range(count):
            parent = CommentFactory(status=Status.APPROVED)
            CommentFactory(article=parent.article, parent=parent, email=parent.email)
        desk.get(DESK)  # the sender rules are read once a minute, not per card
        with CaptureQueriesContext(connection) as captured:
            response = desk.get(DESK)
        assert len(response.context["cards"]) == count
        return len(captured)

    assert queries(5) == queries(50)


def test_figures_for_the_desk_head(desk, moderator):
    start = datetime.datetime(2026, 12, 6, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        waiting = CommentFactory()
        decided = CommentFactory.create_batch(3)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        for comment in decided:
            comment.approve(moderator)
    with time_machine.travel(start + datetime.timedelta(minutes=40), tick=False):
        figures = desk.get(DESK).context["figures"]
    assert figures["waiting"] == 1
    assert figures["oldest"] == waiting.created_at
    assert figures["per_moderator"] == [("kiemduyet_a", 3)]
    assert figures["median_day"] == 10


def test_the_pending_badge_is_on_every_admin_page_and_its_count_answers_as_json(desk):
    CommentFactory.create_batch(2)
    html = desk.get("/quan-tri/").content.decode()
    assert 'id="pending-badge"' in html and '<span class="pending-badge__count">2</span>' in html
    answer = desk.get(f"{DESK}dem/").json()
    assert answer["pending"] == 2


def test_a_card_becomes_a_tip_in_one_click_with_a_message_and_the_tips_link(desk, moderator):
    comment = CommentFactory(name="Chị Mai", body="Đường vào xóm Bắc ở Cẩm Xuyên sạt lở, xin tòa soạn về xem.")
    html = desk.get(DESK).content.decode()
    assert f'action="{DESK}{comment.pk}/tin-bao/"' in html and "Chuyển sang Đường dây nóng" in html

    answer = desk.post(f"{DESK}{comment.pk}/tin-bao/", {"version": comment.version, "queue": "pending"}, follow=True)
    tip = Tip.objects.get()
    assert (tip.name, tip.text, tip.from_comment_id) == ("Chị Mai", comment.body, comment.pk)
    page = answer.content.decode()
    assert f"Bình luận của Chị Mai đã thành tin #{tip.pk} trên Đường dây nóng" in page
    assert f"/quan-tri/tips/tip/{tip.pk}/change/" not in page  # a moderator may make tips, not open them
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # the comment itself stays as it is

    # Twice is still one tip, and one who may open tips gets its link.
    moderator.user_permissions.add(Permission.objects.get(codename="view_tip"))
    again = desk.post(f"{DESK}{comment.pk}/tin-bao/", {"version": comment.version}, follow=True).content.decode()
    assert Tip.objects.count() == 1
    assert f"đã là tin #{tip.pk} trên Đường dây nóng từ trước" in again
    assert f'href="/quan-tri/tips/tip/{tip.pk}/change/"' in again


def test_only_who_may_add_tips_sees_the_button_and_may_post_it(client):
    moderator = ModeratorFactory(username="kiemduyet_khong_tin")
    moderator.groups.get().permissions.remove(Permission.objects.get(codename="add_tip"))
    client.force_login(moderator)
    comment = CommentFactory()
    assert "tin-bao" not in client.get(DESK).content.decode()
    assert client.post(f"{DESK}{comment.pk}/tin-bao/").status_code == 403
    assert client.get(f"{DESK}{comment.pk}/tin-bao/").status_code in (403, 405)
    assert not Tip.objects.exists()
