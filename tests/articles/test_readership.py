"""Counting reads for "Xem nhiều": once per reader per half hour, in Redis or straight to the database."""

import datetime
import threading
import uuid

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pages, readership
from articles.models import Article, DailyViews
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def read(client, article, ip="203.0.113.7", agent=BROWSER):
    return client.get(f"/dem/{article.pk}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def reads_of(article, day=None):
    row = DailyViews.objects.filter(article=article, day=day or timezone.localdate()).first()
    return row.count if row else 0


@pytest.fixture
def buffered(settings, monkeypatch):
    """Reads go to a real Redis (database 15, a key prefix of this test's own), removed afterwards."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("no Redis at 127.0.0.1:6379 (.ci/run starts one; locally: redis-server --daemonize yes)")
    prefix = f"test-readership-{uuid.uuid4().hex}"
    settings.REDIS_URL = TEST_REDIS_URL
    monkeypatch.setattr(readership, "key_prefix", lambda: prefix)
    yield client
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


# The counting image ---------------------------------------------------------------------------------------------------


def test_story_page_loads_the_counting_image(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'src="/dem/{story.pk}/"' in html


def test_counting_image_is_a_never_cached_gif(client):
    response = read(client, ArticleFactory())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert response["Cache-Control"] == "no-store"


def test_a_read_counts_once_for_today_without_redis(client, settings):
    settings.REDIS_URL = ""
    story = ArticleFactory()
    read(client, story)
    assert reads_of(story) == 1


def test_reloads_within_half_an_hour_count_once(client):
    story = ArticleFactory()
    for _ in range(5):
        read(client, story)
    assert reads_of(story) == 1


def test_different_readers_each_count(client):
    story = ArticleFactory()
    read(client, story, ip="203.0.113.7")
    read(client, story, ip="203.0.113.8")
    read(client, story, ip="203.0.113.8", agent=BROWSER + " Firefox")
    assert reads_of(story) == 3


def test_the_same_reader_counts_again_after_the_window(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    story = ArticleFactory()
    read(client, story)
    time_machine.shift(readership.DEDUPE_SECONDS - 1)
    read(client, story)
    assert reads_of(story) == 1
    time_machine.shift(1)
    read(client, story)
    assert reads_of(story) == 2


def test_reading_another_story_is_not_a_reload(client):
    first, second = ArticleFactory(), ArticleFactory()
    read(client, first)
    read(client, second)
    assert reads_of(first) == 1 and reads_of(second) == 1


@pytest.mark.parametrize(
    "story_kwargs",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(hours=2)},
    ],
    ids=["draft", "unpublished", "scheduled"],
)
def test_stories_readers_cannot_see_are_not_counted(client, story_kwargs):
    story = ArticleFactory(**story_kwargs)
    response = read(client, story)
    assert response.status_code == 200
    assert not DailyViews.objects.exists()


@pytest.mark.parametrize("path", ["/dem/999999/", "/dem/99999999999999999999/", "/dem/0/"])
def test_unknown_ids_get_the_image_and_count_nothing(client, path):
    response = client.get(path, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert not DailyViews.objects.exists()


def test_crawlers_are_not_readers(client):
    story = ArticleFactory()
    read(client, story, agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    read(client, story, agent="")
    assert reads_of(story) == 0


def test_only_get_counts(client):
    story = ArticleFactory()
    assert client.post(f"/dem/{story.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 405
    assert reads_of(story) == 0


def test_repeated_reads_cost_no_query(client, django_assert_num_queries):
    story = ArticleFactory()
    read(client, story)
    with django_assert_num_queries(0):
        read(client, story)


def test_concurrent_first_reads_of_the_day_add_up_in_the_database():
    story = ArticleFactory()
    day = timezone.localdate()
    readership.add_to_database({(story.pk, day): 2})
    readership.add_to_database({(story.pk, day): 3})
    assert reads_of(story) == 5


# With Redis -----------------------------------------------------------------------------------------------------------


def test_with_redis_a_read_writes_nothing_to_the_database(client, buffered):
    story = ArticleFactory()
    read(client, story)  # the first read of this reader: one SELECT to check the story is public
    with CaptureQueriesContext(connection) as queries:
        read(client, story, ip="203.0.113.99")
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert reads_of(story) == 0
    assert buffered.hgetall(readership.pending_key()) == {f"{story.pk}:{timezone.localdate()}".encode(): b"2"}


def test_flush_moves_buffered_reads_into_the_database(client, buffered):
    story = ArticleFactory()
    read(client, story, ip="203.0.113.1")
    read(client, story, ip="203.0.113.2")
    read(client, story, ip="203.0.113.2")  # a reload
    call_command("flush_views")
    assert reads_of(story) == 2
    assert not buffered.exists(readership.pending_key())


def test_increment_flush_increment_flush_loses_and_doubles_nothing(buffered):
    story = ArticleFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    readership.add_read(story.pk)
    readership.add_read(story.pk, day=yesterday)
    assert readership.flush() == 2
    readership.add_read(story.pk)
    readership.add_read(story.pk)
    assert readership.flush() == 2
    assert readership.flush() == 0
    assert reads_of(story) == 3
    assert reads_of(story, yesterday) == 1


def test_reads_arriving_during_flushes_are_all_counted(buffered):
    story = ArticleFactory()
    per_thread, threads = 200, 4

    def reader():
        for _ in range(per_thread):
            readership.add_read(story.pk)

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    for worker in workers:
        worker.start()
    moved = 0
    while any(worker.is_alive() for worker in workers):
        moved += readership.flush()
    for worker in workers:
        worker.join()
    moved += readership.flush()
    assert moved == per_thread * threads
    assert reads_of(story) == per_thread * threads


def test_a_batch_left_by_a_crashed_flush_is_moved_by_the_next(buffered):
    story = ArticleFactory()
    readership.add_read(story.pk)
    buffered.rename(readership.pending_key(), f"{readership.key_prefix()}:flushing:crashed")
    readership.add_read(story.pk)
    assert readership.flush() == 2
    assert reads_of(story) == 2


def test_a_second_flush_waits_for_the_first(buffered):
    story = ArticleFactory()
    readership.add_read(story.pk)
    lock = buffered.lock(f"{readership.key_prefix()}:flush-lock", timeout=10)
    assert lock.acquire(blocking=False)
    try:
        assert readership.flush() is None
        assert reads_of(story) == 0
    finally:
        lock.release()
    assert readership.flush() == 1


def test_reads_of_a_story_deleted_before_the_flush_are_dropped(buffered):
    kept, deleted = ArticleFactory(), ArticleFactory()
    readership.add_read(kept.pk)
    readership.add_read(deleted.pk)
    deleted.delete()
    readership.flush()
    assert reads_of(kept) == 1
    assert DailyViews.objects.count() == 1


def test_flush_without_redis_does_nothing(settings):
    settings.REDIS_URL = ""
    assert readership.flush() == 0


def test_redis_down_reads_go_to_the_database_and_are_logged_once(client, settings, caplog, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(readership, "_redis_down", False)
    article = ArticleFactory()
    assert read(client, article).status_code == 200
    assert read(client, article, ip="203.0.113.8").status_code == 200
    assert reads_of(article) == 2
    assert len([r for r in caplog.records if "Redis unavailable for read counting" in r.getMessage()]) == 1


# "Xem nhiều" ------------------------------------------------------------------------------------------------------


def views(article, days_ago, count):
    DailyViews.objects.create(
        article=article, day=timezone.localdate() - datetime.timedelta(days=days_ago), count=count
    )


def most_viewed():
    return list(
        Article.objects.published().for_listing().most_viewed(pages.MOST_VIEWED_DAYS)[: pages.MOST_VIEWED_COUNT]
    )


def test_most_viewed_ranks_the_last_seven_days_and_ignores_older_reads():
    steady, burst, old = ArticleFactory(headline="Đều đặn"), ArticleFactory(headline="Hôm nay"), ArticleFactory()
    for days_ago in range(7):
        views(steady, days_ago, 10)  # 70 over the week, counted from 6 days ago to today
    views(burst, 0, 50)
    views(old, 7, 1000)  # eight days ago: out of the window
    ranked = most_viewed()
    assert [story.headline for story in ranked] == ["Đều đặn", "Hôm nay"]
    assert ranked[0].reads == 70


def test_most_viewed_hides_stories_readers_cannot_see():
    public, hidden = ArticleFactory(), ArticleFactory()
    views(public, 0, 1)
    views(hidden, 0, 100)
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.UNPUBLISHED)
    assert most_viewed() == [public]


def test_most_viewed_shows_at_most_eight():
    for n in range(12):
        views(ArticleFactory(), 0, n + 1)
    assert len(most_viewed()) == pages.MOST_VIEWED_COUNT


def test_most_viewed_box_on_home_and_story_pages(client):
    popular = ArticleFactory(headline="Tin được đọc nhiều nhất tuần")
    views(popular, 1, 30)
    for url in ["/", ArticleFactory().get_absolute_url()]:
        html = client.get(url).content.decode()
        box = html[html.index("Xem nhiều") :]
        assert "Tin được đọc nhiều nhất tuần" in box[: box.index("</section>")]


def test_no_most_viewed_box_before_any_read(client):
    ArticleFactory()
    assert "Xem nhiều" not in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_reads_in_the_database_all_count():
    """Without Redis, readers in several processes may create the day's row at the same time: none is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    story = ArticleFactory()
    day = timezone.localdate()
    per_thread, threads = 25, 4
    start = threading.Barrier(threads, timeout=10)

    def reader():
        from django.db import connection as own

        try:
            for n in range(per_thread):
                start.wait()  # every thread reads the story on a new day at once: all race to create the row
                readership.add_to_database({(story.pk, day - datetime.timedelta(days=n)): 1})
        finally:
            own.close()

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert DailyViews.objects.filter(article=story).count() == per_thread
    assert sum(DailyViews.objects.filter(article=story).values_list("count", flat=True)) == per_thread * threads
