"""Who has a story's admin page open, kept in the shared cache (Redis or the database's cache table).

Each open change page says "still here" every HEARTBEAT seconds (static/js/presence.js) and once on load (the
page's own render). Someone not heard from for TTL seconds has left: the note about them disappears within a
minute, also when their browser died without saying goodbye. Times are checked here, not only by the cache's
expiry, so the rule is the same on every cache backend and tests can move the clock.

One cache entry per story holds everyone on it. Two heartbeats at the same instant may overwrite each other;
the one lost comes back with its sender's next heartbeat, well within TTL.
"""

import datetime
import time

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT = 20  # seconds between a page's pings
TTL = 60  # seconds after the last ping that a person counts as gone


def _key(article_id):
    return f"inbox:presence:{article_id}"


def _fresh(entries, now):
    return {uid: entry for uid, entry in entries.items() if now - entry["seen"] < TTL}


def touch(article_id, user):
    """Record that `user` has the story open; keeps the time they opened it while they stay."""
    now = time.time()
    entries = _fresh(cache.get(_key(article_id)) or {}, now)
    mine = entries.get(str(user.pk))
    entries[str(user.pk)] = {
        "name": user.get_full_name() or user.get_username(),
        "since": mine["since"] if mine else now,
        "seen": now,
    }
    cache.set(_key(article_id), entries, TTL)


def leave(article_id, user):
    """The user closed the page: the others' note drops them at once."""
    entries = cache.get(_key(article_id)) or {}
    if entries.pop(str(user.pk), None) is not None:
        cache.set(_key(article_id), entries, TTL)


def others(article_id, user):
    """[(name, since as an aware local datetime)] of the other people on the story, first to arrive first."""
    entries = _fresh(cache.get(_key(article_id)) or {}, time.time())
    found = sorted((entry["since"], entry["name"]) for uid, entry in entries.items() if uid != str(user.pk))
    return [
        (name, timezone.localtime(datetime.datetime.fromtimestamp(since, tz=datetime.UTC))) for since, name in found
    ]
