"""The embedded default (SQLite, no REDIS_URL): every process of the site shares one cache, the database's.

A change made by any process (a worker, `manage.py shell`, a scheduled command) shows on the next request of every
worker, and rate limits count every process's posts.
"""

import json

import pytest

from tests import ops_support

pytestmark = pytest.mark.slow


@pytest.fixture
def live_database(tmp_path):
    database = ops_support.LiveDatabase(tmp_path)
    yield database
    database.drop()


UNPUBLISH = """
from django.contrib.auth import get_user_model
from articles.models import Article
editor = get_user_model().objects.create_superuser("truc-ban", "truc-ban@example.vn", "x-Secret-123")
story = Article.objects.get(pk={pk})
story.unpublish(editor)
other = Article.objects.get(pk={other})
other.headline = "Tiêu đề đã sửa từ tiến trình thứ ba"
other.save()
"""


def test_a_change_made_by_another_process_shows_on_every_workers_next_request(tmp_path, live_database):
    env = ops_support.base_env(DATABASE_URL=live_database.url())
    story = ops_support.seed_article(env)
    other = ops_support.seed_article(env)
    server = ops_support.Gunicorn(env, tmp_path, workers=2)
    try:
        reader = ops_support.Reader(server.port)
        # Enough requests, each on a new connection, for both workers to have served (and cached) both pages.
        for _ in range(10):
            assert reader.get("/").status == 200
            assert reader.get(story["url"]).status == 200
        assert reader.get("/").headers["X-Page-Cache"] == "hit"

        ops_support.django_python(env, UNPUBLISH.format(pk=story["pk"], other=other["pk"]))

        for _ in range(10):
            home = reader.get("/")
            assert home.status == 200
            assert story["url"] not in home.text
            assert "Tiêu đề đã sửa từ tiến trình thứ ba" in home.text
            assert reader.get(story["url"]).status == 404
    finally:
        server.stop()


COUNT = """
from django.core.cache import cache
from core.cache import count
print(json.dumps([count(cache, "rate:203.0.113.7", 600) for _ in range(100)]))
"""


def test_rate_limit_counts_are_exact_across_processes(live_database):
    env = ops_support.base_env(DATABASE_URL=live_database.url())
    processes = [ops_support.django_python_background(env, COUNT) for _ in range(4)]
    seen = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        seen += json.loads(out.strip().splitlines()[-1])
    # Every one of the 400 posts got its own number: none was lost to a race between two processes.
    assert sorted(seen) == list(range(1, 401))
