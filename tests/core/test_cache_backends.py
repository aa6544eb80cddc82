"""Our cache backends use Django's and redis-py's public API only, and their counters always expire."""

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
