"""Our cache backends use Django's and redis-py's public API only, and their counters always expire."""

import os
import re
from pathlib import Path

from django.core.cache import caches

from core import cache as counters

ROOT = Path(__file__).resolve().parents[2]
# Private parts of Django's cache backends that core/cache.py once reached into.
PRIVATE = re.compile(r"\._cache\b|_get_connection_pool|\._client\b|\._class\b|\._servers\b|\._options\b|\._table\b")


def test_no_code_of_ours_reaches_into_private_parts_of_djangos_cache_backends():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("core", "articles", "comments", "accounts", "weather", "newsroom")
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert found == []


def test_a_rate_limit_counter_on_redis_counts_and_expires(redis_cache):
    cache = caches["default"]
    assert [counters.count(cache, "rate:203.0.113.9", 60) for _ in range(3)] == [1, 2, 3]
    (key,) = list(redis_cache.scan_iter(match="*rate:203.0.113.9"))
    assert 0 < redis_cache.ttl(key) <= 60


def test_reads_on_redis_give_what_was_written_in_this_process_and_in_a_forked_one(redis_cache):
    cache = caches["default"]
    cache.set_many({"story:1": {"token": "a", "rows": [{"id": 1, "headline": "Cầu Cửa Hội"}]}, "count": 7})
    assert cache.get_many(["story:1", "count", "missing"]) == {
        "story:1": {"token": "a", "rows": [{"id": 1, "headline": "Cầu Cửa Hội"}]},
        "count": 7,
    }
    assert cache.get("missing", "none") == "none"
    # A process forked after a read (gunicorn --preload) reads on a connection of its own, not its parent's.
    parents_connection = cache.reader.client_id()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit status
        cache.set("from-child", "con")
        ok = cache.get("count") == 7 and cache.get("from-child") == "con"
        os._exit(0 if ok and cache.reader.client_id() != parents_connection else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("from-child") == "con"
    assert cache.reader.client_id() == parents_connection
