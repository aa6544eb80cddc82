"""The date archive: /ngay/2025-01-24/ lists the stories published that day in Vietnam."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime.datetime(2025, 1, day, hour, minute, tzinfo=VIETNAM)


def test_a_story_at_23_30_belongs_to_that_local_day(client):
    # 23:30 on the 24th in Hà Tĩnh is 16:30 UTC: still the 24th for readers, whatever the server's clock says.
    ArticleFactory(headline="Tin khuya ngày 24", published_at=at(24, 23, 30))
    ArticleFactory(headline="Tin sáng ngày 24", published_at=at(24, 0, 0))
    ArticleFactory(headline="Tin nửa đêm ngày 25", published_at=at(25, 0, 0))
    ArticleFactory(headline="Tin tối ngày 23", published_at=at(23, 23, 59))
    html = client.get("/ngay/2025-01-24/").content.decode()
    assert "Tin khuya ngày 24" in html
    assert "Tin sáng ngày 24" in html
    assert "Tin nửa đêm ngày 25" not in html
    assert "Tin tối ngày 23" not in html
    assert "Tin nửa đêm ngày 25" in client.get("/ngay/2025-01-25/").content.decode()


def test_day_page_has_a_vietnamese_title_and_links_to_the_days_around_it(client):
    ArticleFactory(published_at=at(20, 9))
    ArticleFactory(published_at=at(27, 9))
    html = client.get("/ngay/2025-01-24/").content.decode()
    assert "Tin ngày Thứ Sáu, 24/01/2025" in html
    # The nearest days with stories: the empty days between are skipped.
    assert 'href="/ngay/2025-01-20/"' in html and 'href="/ngay/2025-01-23/"' not in html
    assert 'href="/ngay/2025-01-27/"' in html and 'href="/ngay/2025-01-25/"' not in html
    assert "Không có tin nào trong ngày này." in html


def test_today_has_no_link_to_tomorrow(client):
    today = timezone.localdate()
    ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))  # scheduled: not a reader's day yet
    html = client.get(f"/ngay/{today:%Y-%m-%d}/").content.decode()
    assert f'href="/ngay/{today - datetime.timedelta(days=1):%Y-%m-%d}/"' in html
    assert f'href="/ngay/{today + datetime.timedelta(days=1):%Y-%m-%d}/"' not in html


def test_hidden_stories_stay_out_of_the_archive(client):
    ArticleFactory(headline="Bản nháp", status=Article.Status.DRAFT, published_at=at(24, 9))
    ArticleFactory(headline="Đã gỡ", status=Article.Status.UNPUBLISHED, published_at=at(24, 10))
    html = client.get("/ngay/2025-01-24/").content.decode()
    assert "Bản nháp" not in html and "Đã gỡ" not in html


def test_a_busy_day_is_paginated(client):
    for minute in range(25):
        ArticleFactory(published_at=at(24, 8, minute))
    assert client.get("/ngay/2025-01-24/").content.decode().count('class="card__title"') == 20
    assert client.get("/ngay/2025-01-24/?page=2").content.decode().count('class="card__title"') == 5
    assert client.get("/ngay/2025-01-24/?page=9").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/ngay/2025-02-30/",
        "/ngay/2025-13-01/",
        "/ngay/2025-00-10/",
        "/ngay/0000-01-01/",
        "/ngay/0001-01-01/",
        "/ngay/1899-12-31/",
        "/ngay/9999-12-31/",
        "/ngay/2025-1-24/",
        "/ngay/24-01-2025/",
        "/ngay/hom-nay/",
    ],
)
def test_impossible_or_out_of_range_dates_are_404s(client, path):
    assert client.get(path).status_code == 404


def test_tomorrow_is_a_404(client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert client.get(f"/ngay/{tomorrow:%Y-%m-%d}/").status_code == 404


def test_archive_query_budget(client, django_assert_num_queries):
    for minute in range(30):
        ArticleFactory(published_at=at(24, 8, minute))
    # 1 the header's sections, 2 count, 3 the page of stories (with their sections), 4 and 5 the nearest days
    # with stories before and after, 6 the page cache's content token (core.pagecache; once per change of any story)
    with django_assert_num_queries(6):
        assert client.get("/ngay/2025-01-24/").status_code == 200


def test_archive_index_lists_the_months_with_stories_and_is_in_the_footer(client):
    ArticleFactory(published_at=at(24, 9))
    ArticleFactory(published_at=datetime.datetime(2013, 1, 23, 8, 15, tzinfo=VIETNAM))
    html = client.get("/").content.decode()
    assert 'href="/ngay/"' in html.split('class="site-footer"', 1)[1]
    html = client.get("/ngay/").content.decode()
    assert "Lưu trữ" in html and "Năm 2025" in html and "Năm 2013" in html
    assert 'href="/ngay/2025-01/"' in html and 'href="/ngay/2013-01/"' in html
    assert 'href="/ngay/2024-12/"' not in html
    assert html.index("Năm 2025") < html.index("Năm 2013")


def test_month_calendar_links_only_the_days_with_stories(client):
    ArticleFactory(published_at=at(24, 23, 30))  # local day: the 24th
    ArticleFactory(published_at=at(3, 9))
    html = client.get("/ngay/2025-01/").content.decode()
    assert "Tin tháng 1/2025" in html and "<table" in html and ">T2</th>" in html
    assert 'href="/ngay/2025-01-24/"' in html and 'href="/ngay/2025-01-03/"' in html
    assert 'href="/ngay/2025-01-25/"' not in html and 'href="/ngay/2025-01-23/"' not in html
    day = client.get("/ngay/2025-01-24/").content.decode()
    assert 'href="/ngay/2025-01/"' in day and 'href="/ngay/"' in day


def test_month_calendar_steps_to_the_nearest_months_with_stories(client):
    ArticleFactory(published_at=datetime.datetime(2024, 9, 2, 9, tzinfo=VIETNAM))
    ArticleFactory(published_at=at(24, 9))
    ArticleFactory(published_at=datetime.datetime(2025, 5, 2, 9, tzinfo=VIETNAM))
    html = client.get("/ngay/2025-01/").content.decode()
    assert 'href="/ngay/2024-09/"' in html and 'href="/ngay/2025-05/"' in html
    assert 'href="/ngay/2024-12/"' not in html and 'href="/ngay/2025-02/"' not in html


@pytest.mark.parametrize("path", ["/ngay/2025-13/", "/ngay/2025-00/", "/ngay/1899-12/", "/ngay/9999-01/"])
def test_impossible_months_are_404s(client, path):
    assert client.get(path).status_code == 404
