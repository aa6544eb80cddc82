"""Each process's copies of tokens and pages (newsroom/nearcache.py): hits without a Redis round trip, yet exact."""

import time

import pytest
from django.core.cache import cache, caches
from django.test import Client

from articles import selectors
from articles.models import Article
from newsroom import nearcache, pagecache
from newsroom.cache import ResilientRedisCache
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _redis(redis_cache, settings):
    settings.OUTPUT_CACHE = True
    settings.PAGE_CACHE_LOCAL_MB = 32
    return redis_cache


def get(url):
    response = Client().get(url, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    return response


@pytest.fixture
def redis_calls(monkeypatch):
    """The reads this process sends to Redis through the cache."""
    calls = []
    for name in ("get", "get_many"):
        real = getattr(ResilientRedisCache, name)

        def counted(self, *args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(ResilientRedisCache, name, counted)
    return calls


def other_process_publishes(server, headline, section):
    """What another app server does when an editor publishes: a new row, then the content token dropped in Redis.

    bulk_create sends no signal, so nothing in this process hears of it except through Redis.
    """
    story = ArticleFactory.build(headline=headline, slug="tin-tu-may-khac", section=section)
    Article.objects.bulk_create([story])
    server.delete(caches["default"].make_key(selectors.GENERATION_KEY))


def seen_within(url, text, seconds=2.0):
    """Whether `text` shows on `url` within `seconds` (Redis's invalidation crosses a socket; it takes microseconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in get(url).content.decode():
            return True
        time.sleep(0.01)
    return False


def test_a_repeated_hit_reads_nothing_from_redis(redis_calls):
    story = ArticleFactory()
    url = story.get_absolute_url()
    assert get(url).headers["X-Page-Cache"] == "miss"
    get(url)
    redis_calls.clear()
    response = get(url)
    assert response.headers["X-Page-Cache"] == "hit"
    assert story.headline in response.content.decode()
    assert redis_calls == []


def test_a_story_published_by_another_process_shows_on_the_cached_home_page(redis_cache):
    section = ArticleFactory(headline="Tin đã có trên trang chủ").section
    assert get("/").headers["X-Page-Cache"] == "miss"
    assert get("/").headers["X-Page-Cache"] == "hit"
    other_process_publishes(redis_cache, "Tin vừa xuất bản ở máy chủ khác", section)
    assert seen_within("/", "Tin vừa xuất bản ở máy chủ khác")


def test_this_process_sees_its_own_change_without_waiting_for_redis(django_capture_on_commit_callbacks, monkeypatch):
    story = ArticleFactory()
    comment = CommentFactory(article=story, body="Ý kiến vừa được duyệt.")
    url = story.get_absolute_url()
    get(url)
    assert get(url).headers["X-Page-Cache"] == "hit"
    # However late Redis's own message comes (here: never), the write itself dropped this process's copies.
    monkeypatch.setattr(nearcache.NearCache, "_apply", lambda self, message: None)
    with django_capture_on_commit_callbacks(execute=True):
        comment.approve(ModeratorFactory())
    response = get(url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Ý kiến vừa được duyệt." in response.content.decode()


def test_while_the_invalidation_connection_is_cut_no_copy_is_trusted(redis_cache):
    section = ArticleFactory(headline="Tin đã có trên trang chủ").section
    get("/")
    assert get("/").headers["X-Page-Cache"] == "hit"
    redis_cache.client_kill_filter(_type="pubsub")  # the connection that carries the invalidations is cut...
    other_process_publishes(
        redis_cache, "Tin xuất bản lúc mất kết nối", section
    )  # ...and this change is never reported
    time.sleep(0.05)
    assert "Tin xuất bản lúc mất kết nối" in get("/").content.decode()
    # Tracking comes back on its own (after the retry interval) and copies are trusted again.
    near = pagecache._near_cache()
    near._next_try = 0
    get("/")
    assert near.live
    assert get("/").headers["X-Page-Cache"] == "hit"


def test_a_flushed_redis_drops_every_copy(redis_cache):
    story = ArticleFactory()
    url = story.get_absolute_url()
    get(url)
    assert get(url).headers["X-Page-Cache"] == "hit"
    near = pagecache._near_cache()
    assert near._values
    redis_cache.flushdb()  # by hand, as an operator would: only Redis's message tells this process
    deadline = time.monotonic() + 2
    while near._values and time.monotonic() < deadline:
        near.refresh()
        time.sleep(0.01)
    assert not near._values
    assert get(url).headers["X-Page-Cache"] == "miss"  # new tokens: the page kept here is not served


def test_a_redis_that_refuses_tracking_still_serves_exact_pages(monkeypatch, redis_calls, redis_cache):
    # Overlapping prefixes are refused by Redis ("ERR Prefix ... overlaps"), as CLIENT TRACKING is by a Redis
    # older than 6 or a proxy that does not pass CLIENT commands on.
    monkeypatch.setattr(pagecache, "STORY_KEY", "stories:{}")
    section = ArticleFactory(headline="Tin đã có trên trang chủ").section
    get("/")
    redis_calls.clear()
    assert get("/").headers["X-Page-Cache"] == "hit"
    assert redis_calls == ["get_many"]  # one round trip, as without copies
    assert not pagecache._near_cache().live
    other_process_publishes(redis_cache, "Tin xuất bản khi Redis không theo dõi", section)
    assert "Tin xuất bản khi Redis không theo dõi" in get("/").content.decode()


def test_with_no_local_memory_set_every_hit_reads_redis(settings, redis_calls):
    settings.PAGE_CACHE_LOCAL_MB = 0
    story = ArticleFactory()
    get(story.get_absolute_url())
    redis_calls.clear()
    assert get(story.get_absolute_url()).headers["X-Page-Cache"] == "hit"
    assert redis_calls == ["get_many"]


def test_kept_pages_stay_within_their_memory():
    near = nearcache.NearCache(caches["default"], (), max_bytes=10_000)
    for number in range(20):
        near.keep(f"page-{number}", {"n": number}, 1_000)
    assert near.page("page-0") is None
    assert near.page("page-19") == {"n": 19}
    assert near._bytes <= 10_000
    near.keep("huge", {"n": "huge"}, 5_000)  # more than an eighth of the memory: never kept
    assert near.page("huge") is None


def test_copies_follow_every_write_to_a_tracked_key():
    near = nearcache.NearCache(caches["default"], ("tracked:",), max_bytes=10_000)
    other = nearcache.NearCache(caches["default"], ("tracked:",), max_bytes=10_000)  # as in another process
    cache.set("tracked:a", 1)
    assert near.get_many(["tracked:a"]) == {"tracked:a": 1}
    assert other.get_many(["tracked:a"]) == {"tracked:a": 1}
    caches["default"]._cache.set(caches["default"].make_key("tracked:a"), 2, None)  # bypasses this process's hook
    deadline = time.monotonic() + 2
    while other.get_many(["tracked:a"]) != {"tracked:a": 2} and time.monotonic() < deadline:
        time.sleep(0.01)
    assert other.get_many(["tracked:a"]) == {"tracked:a": 2}
    near.close()
    other.close()
