"""Who is editing: a second person opening a story someone has open is told who and since when, before typing."""

import datetime

import pytest
from django.test import Client

from articles.models import Article
from tests.articles.test_workflow import story_post_data
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

HCM = datetime.timezone(datetime.timedelta(hours=7))
OPENED = datetime.datetime(2026, 3, 2, 9, 12, 30, tzinfo=HCM)
NOTE = "Đang được Tuấn Hiển chỉnh sửa từ 09:12"


@pytest.fixture
def story(reporter):
    return ArticleFactory(created_by=reporter, status=Article.Status.DRAFT, published_at=None)


@pytest.fixture
def first(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def second(second_editor):
    other = Client()
    other.force_login(second_editor)
    return other


def change_url(story):
    return f"/quan-tri/articles/article/{story.pk}/change/"


def heartbeat_url(story):
    return f"/quan-tri/viec-cua-toi/dang-sua/{story.pk}/"


def at(seconds):
    return OPENED + datetime.timedelta(seconds=seconds)


def test_the_second_editor_sees_who_has_the_story_open_and_since_when(first, second, story, time_machine):
    time_machine.move_to(OPENED, tick=False)
    assert "Đang được" not in first.get(change_url(story)).content.decode()  # nobody else is on it
    time_machine.move_to(at(5), tick=False)
    page = second.get(change_url(story)).content.decode()
    assert NOTE in page
    assert page.index(NOTE) < page.index('name="headline"')  # above the form, before anyone types
    # ... and the first editor now learns of the second one
    assert "Đang được Thu Hà chỉnh sửa từ 09:12" in first.get(change_url(story)).content.decode()


def test_editing_stays_possible_for_the_second_editor(first, second, story):
    first.get(change_url(story))
    data = story_post_data(second, story, headline="Tít mới do người thứ hai sửa")
    assert second.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Tít mới do người thứ hai sửa"


def test_the_note_disappears_within_a_minute_of_the_first_editor_leaving(first, second, story, time_machine):
    time_machine.move_to(OPENED, tick=False)
    first.get(change_url(story))
    time_machine.move_to(at(59), tick=False)
    assert NOTE in second.get(change_url(story)).content.decode()
    time_machine.move_to(at(61), tick=False)  # the first editor's browser went quiet a minute ago
    assert NOTE not in second.get(change_url(story)).content.decode()


def test_heartbeats_keep_the_note_and_its_time(first, second, story, time_machine):
    time_machine.move_to(OPENED, tick=False)
    first.get(change_url(story))
    for seconds in (20, 40, 60, 80):
        time_machine.move_to(at(seconds), tick=False)
        assert first.post(heartbeat_url(story)).status_code == 200
    time_machine.move_to(at(100), tick=False)
    assert NOTE in second.get(change_url(story)).content.decode()  # still since 09:12, not since the last ping


def test_the_heartbeat_answers_with_the_note_the_page_shows(first, second, story, time_machine):
    time_machine.move_to(OPENED, tick=False)
    first.get(change_url(story))
    answer = second.post(heartbeat_url(story)).json()
    assert NOTE in answer["html"]
    time_machine.move_to(at(90), tick=False)
    assert "Đang được" not in second.post(heartbeat_url(story)).json()["html"]


def test_closing_the_page_removes_the_note_at_once(first, second, story):
    first.get(change_url(story))
    assert first.post(heartbeat_url(story), {"leave": "1"}).status_code == 200
    assert "Đang được" not in second.get(change_url(story)).content.decode()


def test_presence_lives_in_the_shared_cache_on_redis(redis_cache, first, second, story, time_machine):
    time_machine.move_to(OPENED, tick=False)
    first.get(change_url(story))
    assert any(b"inbox:presence" in key for key in redis_cache.scan_iter())
    assert NOTE in second.get(change_url(story)).content.decode()
    time_machine.move_to(at(61), tick=False)
    assert NOTE not in second.get(change_url(story)).content.decode()


def test_only_people_who_may_open_the_story_can_ping_it(client, story):
    client.force_login(StaffFactory(group="Phóng viên"))  # another reporter's story
    assert client.post(heartbeat_url(story)).status_code == 403
    client.force_login(story.created_by)
    assert client.get(heartbeat_url(story)).status_code == 405
    assert client.post(heartbeat_url(story)).status_code == 200
