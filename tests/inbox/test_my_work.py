""" "Việc của tôi": what waits for me, with its count in the header of every admin page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from inbox.models import NotificationPreference
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

S = Article.Status
MY_WORK = "/quan-tri/viec-cua-toi/"


def story_of(user, **fields):
    return ArticleFactory(created_by=user, status=S.DRAFT, published_at=None, **fields)


def test_a_send_back_shows_first_on_my_work_with_its_remark(client, reporter, editor):
    mine = story_of(reporter, headline="Đường làng Thạch Hà")
    mine.submit(reporter)
    mine.send_back(editor, "Thêm ý kiến của người dân xã Thạch Hà")
    client.force_login(reporter)
    page = client.get(MY_WORK).content.decode()
    assert "Bị trả lại cho bạn (1)" in page
    assert "Thêm ý kiến của người dân xã Thạch Hà" in page
    assert page.index("Đường làng Thạch Hà") < page.index('id="awaiting"')


def test_a_resubmitted_story_is_no_longer_sent_back(client, reporter, editor):
    mine = story_of(reporter, headline="Đường làng Thạch Hà")
    mine.submit(reporter)
    mine.send_back(editor, "Thêm ý kiến người dân")
    mine.submit(reporter)
    client.force_login(reporter)
    assert "Thêm ý kiến người dân" not in client.get(MY_WORK).content.decode()


def test_stories_in_review_wait_for_editors_not_for_reporters(client, reporter, editor):
    story = story_of(reporter, headline="Lúa xuân Cẩm Xuyên")
    story.submit(reporter)
    client.force_login(editor)
    page = client.get(MY_WORK).content.decode()
    assert "Chờ bước của bạn (1)" in page and "Lúa xuân Cẩm Xuyên" in page
    client.force_login(reporter)
    assert "Chờ bước của bạn (0)" in client.get(MY_WORK).content.decode()


def test_moderators_see_the_comments_waiting_with_a_link_to_the_desk(client, reporter):
    CommentFactory.create_batch(3)
    client.force_login(ModeratorFactory())
    page = client.get(MY_WORK).content.decode()
    assert "3 bình luận đang chờ ở bàn kiểm duyệt" in page
    assert 'href="/quan-tri/kiem-duyet/"' in page
    client.force_login(reporter)
    assert "bàn kiểm duyệt" not in client.get(MY_WORK).content.decode()


def test_my_scheduled_stories_are_listed_with_their_time(client, editor):
    at = timezone.now() + datetime.timedelta(days=1)
    ArticleFactory(created_by=editor, headline="Bài hẹn giờ", published_at=at)
    ArticleFactory(headline="Bài hẹn giờ của người khác", published_at=at)
    client.force_login(editor)
    page = client.get(MY_WORK).content.decode()
    assert "Bài hẹn giờ" in page and "Bài hẹn giờ của người khác" not in page
    assert timezone.localtime(at).strftime("%H:%M %d/%m/%Y") in page


def test_every_admin_page_counts_my_work_in_its_header(client, reporter, editor):
    for _n in range(2):
        story_of(reporter).submit(reporter)
    client.force_login(editor)
    for url in (
        "/quan-tri/",
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_section_changelist"),
    ):
        assert "Việc của tôi (2)" in client.get(url).content.decode(), url
    client.force_login(reporter)
    assert "Việc của tôi (0)" in client.get("/quan-tri/").content.decode()


def test_the_header_count_costs_the_same_with_many_stories(client, reporter, editor, django_assert_max_num_queries):
    story_of(reporter).submit(reporter)
    client.force_login(editor)
    client.get("/quan-tri/")
    with CaptureQueriesContext(connection) as one:
        client.get("/quan-tri/")
    for _n in range(10):
        story = story_of(reporter)
        story.submit(reporter)
        story.send_back(editor, "Sửa lại")
    with django_assert_max_num_queries(len(one)):
        assert "Việc của tôi (1)" in client.get("/quan-tri/").content.decode()


def test_my_work_page_query_budget(client, reporter, editor, django_assert_max_num_queries):
    for n in range(10):
        story_of(reporter).submit(reporter)
        gone_back = story_of(reporter)
        gone_back.submit(reporter)
        gone_back.send_back(editor, f"Sửa lại lần {n}")
        ArticleFactory(created_by=reporter, published_at=timezone.now() + datetime.timedelta(hours=n + 1))
    client.force_login(reporter)
    # session, user, preferences, 2 x permissions, sent back (listed; counted by the header), scheduled, and the
    # stories waiting for a step of theirs (listed, counted, counted by the header: any group may be a chain's step)
    with django_assert_max_num_queries(11):
        assert client.get(MY_WORK).status_code == 200
    client.force_login(editor)
    # ... plus the stories waiting (listed, counted, and counted by the header) and the comments waiting (on the
    # page and in the header's desk badge: editors moderate too)
    with django_assert_max_num_queries(13):
        assert client.get(MY_WORK).status_code == 200


def test_choosing_my_emails_keeps_the_choice(client, reporter):
    client.force_login(reporter)
    response = client.post(MY_WORK, {"sent_back": "on", "published": "on"}, follow=True)
    assert "Đã lưu lựa chọn e-mail của bạn." in response.content.decode()
    chosen = NotificationPreference.objects.get(user=reporter)
    assert (chosen.sent_back, chosen.awaiting, chosen.published, chosen.scheduled_out) == (True, False, True, False)
    assert 'name="awaiting" id="id_awaiting"' in response.content.decode()
    assert 'name="sent_back" id="id_sent_back" checked' in response.content.decode()


def test_strangers_are_sent_to_the_login_page(client):
    response = client.get(MY_WORK)
    assert response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")
