import os

import pytest


def pytest_collection_modifyitems(items):
    """A browser test is a slow test: `make test-fast` (-m "not slow") leaves both out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session", autouse=True)
def _local_memory_cache():
    """In-process tests use local memory: one process, and no cache rows inside the test's rolled-back transaction.
    The shared database cache of the embedded default is tested across real processes (tests/test_shared_cache.py)."""
    from django.test import override_settings

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The default cache on a real Redis (database REDIS_TEST_DB, 14 by default, a key prefix of this test's own),
    emptied afterwards."""
    import uuid

    import redis

    url = f"redis://127.0.0.1:6379/{os.environ.get('REDIS_TEST_DB', '14')}"
    server = redis.Redis.from_url(url)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.fail("These tests need Redis at 127.0.0.1:6379 (apt-get install redis-server).")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    yield server
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    """The live servers of the browser tests answer one request at a time.

    On SQLite the test database is in memory, and Django hands its one connection to every request thread of the
    live server: a browser asking two things at once (the editor's "editing now" beat while the photo library's
    window loads) used it from two threads together, and SQLite answered "bad parameter or other API misuse" (a 503
    in the window, a flaky test). Each request, its body and its close (which reads the database) run under one lock.
    """
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    lock = threading.Lock()

    class OneRequestAtATime(ThreadedWSGIServer):
        def set_app(self, application):
            def serialized(environ, start_response):
                with lock:
                    response = application(environ, start_response)
                    try:
                        return [b"".join(response)]
                    finally:
                        getattr(response, "close", lambda: None)()

            super().set_app(serialized)

    threaded, LiveServerThread.server_class = LiveServerThread.server_class, OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch, settings):
    """Debian's Chromium driven by Playwright's Python package (never `playwright install`).

    A missing Chromium fails the test rather than skipping it: `.ci/run` installs it, and locally
    `apt-get install -y chromium` does.
    """
    import shutil

    assert shutil.which(CHROMIUM), "Debian's Chromium is not installed: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    # The live server speaks plain HTTP: no redirect to HTTPS, cookies that do not require HTTPS, no pause
    # before posting a comment.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.COMMENTS_MIN_SECONDS = 0
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser_server(browser):
    """pytest-django's live server, started per test after the browser fixture's settings.

    Django builds the middleware chain when the server starts: the session-wide `live_server` fixture would
    start before per-test settings and keep the HTTPS redirect that DEBUG=0 turns on.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()
