"""Faults provoked for real: Redis at a closed port or killed and restarted, the database cut off mid-service."""

import logging
import re
import shutil
import socket
import subprocess
import threading
import time

import pytest
from django.core.cache import caches
from redis.backoff import NoBackoff
from redis.retry import Retry

from comments import spam
from comments.models import Comment
from core.cache import ResilientRedisCache
from tests import ops_support
from tests.factories import ArticleFactory

BUSY = "Hệ thống đang bận, vui lòng thử lại sau ít phút"
RETRY = 0.2  # seconds between two attempts at a Redis that is down (2 in production)


def redis_cache(port, **options):
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "ops-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_interval": RETRY, **options},
        }
    }


def cache_log(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "core.cache"]


def post(client, article, body, **fields):
    data = {"name": "Lê Thị Hoa", "email": "hoa@example.vn", "body": body, "ts": spam.form_timestamp(article.pk)}
    return client.post(f"/binh-luan/{article.pk}/gui/", {**data, **fields})


# Redis unreachable ----------------------------------------------------------------------------------------------------


@pytest.fixture
def dead_redis(settings):
    """The cache points at 127.0.0.1:1, where nothing listens."""
    settings.CACHES = redis_cache(1)
    settings.COMMENTS_MIN_SECONDS = 0
    yield caches["default"]


@pytest.mark.django_db
def test_pages_and_comments_work_while_redis_is_unreachable(client, dead_redis, caplog):
    article = ArticleFactory(headline="Mưa lớn ở Hương Khê")

    assert client.get("/").status_code == 200
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Mưa lớn ở Hương Khê" in page.content.decode()
    response = post(client, article, "Mong chính quyền sớm hỗ trợ bà con vùng lũ.")

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert dead_redis.is_down


@pytest.mark.django_db
def test_rate_limit_still_limits_without_redis(client, settings, dead_redis):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    article = ArticleFactory()

    answers = [post(client, article, f"Ý kiến thứ {n} của tôi về bài viết này.").status_code for n in range(3)]

    assert answers == [303, 303, 429]
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_duplicate_comment_is_still_refused_without_redis(client, dead_redis):
    article = ArticleFactory()
    post(client, article, "Đường tỉnh lộ cần được sửa gấp.")

    assert post(client, article, "Đường tỉnh lộ cần được sửa gấp.").status_code == 400
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_outage_is_logged_once_not_per_request(client, dead_redis, caplog):
    article = ArticleFactory()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(5):
            client.get(article.get_absolute_url())

    assert len(cache_log(caplog)) == 1
    assert "unreachable" in cache_log(caplog)[0]


class HangingUpPort:
    """A port that accepts each connection and hangs up at once: to a Redis client, a Redis that is down. Counts the
    connections, each one attempt."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.peers, self.probes = [], 0
        self.seen = threading.Condition()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, peer = self.server.accept()
            except OSError:  # closed
                return
            conn.close()
            with self.seen:
                self.peers.append(peer[1])
                self.seen.notify_all()

    def attempts(self):
        """Connections made so far: once a probe of our own is accepted, every earlier connection has been counted."""
        with socket.create_connection(("127.0.0.1", self.port)) as probe:
            mine = probe.getsockname()[1]
            with self.seen:
                assert self.seen.wait_for(lambda: mine in self.peers, timeout=5), "the probe was never accepted"
        self.probes += 1
        return len(self.peers) - self.probes

    def close(self):
        self.server.close()


class Clock:
    """The cache's clock, moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def hanging_up_redis(settings):
    port = HangingUpPort()
    # No retries inside redis-py: one attempt of the cache is one connection.
    settings.CACHES = redis_cache(port.port, retry=Retry(NoBackoff(), 0))
    cache, clock = caches["default"], Clock()
    cache.clock = clock
    yield cache, clock, port
    port.close()


def test_a_dead_redis_is_tried_once_per_retry_interval_not_on_every_call(hanging_up_redis):
    cache, clock, port = hanging_up_redis
    cache.get("warm-up")  # the one attempt that finds it down
    assert cache.is_down
    assert port.attempts() == 1

    for n in range(200):
        cache.set(f"k{n}", n)
        assert cache.get(f"k{n}") == n  # served by this process's fallback meanwhile
    clock.now += RETRY - 0.01
    cache.get("k1")
    assert port.attempts() == 1  # 401 calls within the retry interval: not one more connection

    clock.now += 0.01
    assert cache.get("k1") == 1
    assert port.attempts() == 2  # the interval is over: one attempt, then the fallback again
    cache.get("k2")
    assert port.attempts() == 2


# Redis goes away and comes back -------------------------------------------------------------------------------------


class RedisServer:
    """A throwaway redis-server on a fixed port that can be killed and started again."""

    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.client().ping():
                return
            try:  # until it answers, or stops
                self.process.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                continue
        raise AssertionError("redis-server did not start")

    def client(self):
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)

        class Pinger:
            def ping(self):
                try:
                    return client.ping()
                except redis.exceptions.ConnectionError:
                    return False

            def __getattr__(self, name):
                return getattr(client, name)

        return Pinger()

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis_server():
    # A failure, not a skip: .ci/run installs redis-server, and a skipped outage test proves nothing.
    assert shutil.which("redis-server"), "redis-server is not installed: apt-get install -y redis-server"
    server = RedisServer(ops_support.free_port())
    server.start()
    yield server
    server.kill()


@pytest.mark.slow  # a redis-server of its own
@pytest.mark.django_db
def test_site_uses_redis_again_when_it_comes_back(client, settings, redis_server, caplog):
    settings.CACHES = redis_cache(redis_server.port)
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.clock = clock = Clock()
    article = ArticleFactory()
    raw = redis_server.client()

    cache.set("before", "đang chạy")
    assert raw.get(cache.make_key("before")) is not None

    with caplog.at_level(logging.INFO, logger="core.cache"):
        redis_server.kill()
        for _ in range(3):
            assert client.get(article.get_absolute_url()).status_code == 200
        cache.set("during", "gián đoạn")  # lands in this process's fallback
        cache.delete("before")  # must not come back stale from Redis later
        assert cache.is_down
        assert cache.get("during") == "gián đoạn"

        redis_server.start()  # same port, nothing restarted on the site's side
        clock.now += RETRY
        assert client.get(article.get_absolute_url()).status_code == 200
        cache.set("after", "đã trở lại")

    assert not cache.is_down
    assert raw.get(cache.make_key("after")) is not None  # written to Redis again
    assert cache.get("before") is None  # the key deleted during the outage stays deleted
    messages = cache_log(caplog)
    assert len(messages) == 2, messages
    assert "unreachable" in messages[0]
    assert "reachable again" in messages[1]


# The database cut off while the site is serving ----------------------------------------------------------------------


class DatabaseCut:
    """Cuts the site's database off for real: a TCP proxy in front of PostgreSQL, or the SQLite folder moved away."""

    def __init__(self, database):
        self.database = database
        if database.postgresql:
            params = ops_support._pg_params()
            self.proxy = ops_support.TcpProxy(params["host"], params["port"])
            self.url = database.url(port=self.proxy.port)
        else:
            self.url = database.url()
            self.away = database.folder.with_name(database.folder.name + "-away")

    def cut(self):
        if self.database.postgresql:
            self.proxy.cut()
        else:
            self.database.folder.rename(self.away)

    def restore(self):
        if self.database.postgresql:
            self.proxy.restore()
        else:
            self.away.rename(self.database.folder)


@pytest.fixture
def live_database(tmp_path):
    database = ops_support.LiveDatabase(tmp_path)
    yield database
    database.drop()


@pytest.mark.slow  # gunicorn and a database cut off for real
def test_database_outage_gives_503_then_the_site_recovers_by_itself(tmp_path, live_database):
    outage = DatabaseCut(live_database)
    env = ops_support.base_env(DATABASE_URL=outage.url, COMMENTS_MIN_SECONDS=0, COMMENTS_RATE_LIMIT="1000/1m")
    article = ops_support.seed_article(env)
    server = ops_support.Gunicorn(env, tmp_path)
    try:
        reader = ops_support.Reader(server.port)
        csrf, ts = reader.open_form(article["url"])
        accepted = [
            reader.post_comment(article["pk"], csrf, ts, f"Ý kiến số {n} trước sự cố mất kết nối.").status
            for n in range(5)
        ]
        assert accepted == [303] * 5

        outage.cut()
        page = reader.get(article["url"])
        assert page.status == 503
        assert BUSY in page.text
        assert "Traceback" not in page.text
        assert page.headers["Retry-After"]
        during_post = reader.post_comment(article["pk"], csrf, ts, "Ý kiến gửi lúc đang mất kết nối.")
        assert during_post.status == 503
        probe = ops_support.Reader(server.port)  # a load balancer sends no cookies
        assert probe.get("/healthz/live").status == 200
        ready = probe.get("/healthz/ready")
        assert ready.status == 503
        assert '"database": "error"' in ready.text

        outage.restore()
        # Nobody restarts anything: a reader who reloads gets the page again (CONN_HEALTH_CHECKS replaces the
        # dropped connection). A worker may meet its dead connection once more; none meets it twice.
        reloads = [reader.get(article["url"]).status for _ in range(4)]
        assert reloads[2:] == [200, 200], reloads
        assert reader.post_comment(article["pk"], csrf, ts, "Ý kiến sau khi khôi phục.").status == 303
        assert reader.get("/healthz/ready").status == 200
    finally:
        server.stop()

    bodies = {row[0] for row in live_database.query("SELECT body FROM comments_comment")}
    assert {f"Ý kiến số {n} trước sự cố mất kết nối." for n in range(5)} <= bodies  # nothing accepted was lost
    assert "Ý kiến sau khi khôi phục." in bodies
    assert len(bodies) == 6
    log = server.log()
    # Each failed request is logged with its id and path (Django's "Service Unavailable" or ours).
    assert re.search(
        rf"ERROR \S+ \[[0-9a-f]{{32}}\] (Service|Database) [Uu]navailable.*{re.escape(article['url'])}", log
    )
    assert "an@example.vn" not in log
