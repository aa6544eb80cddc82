"""Counting reads for "Xem nhiều": one read per reader per story per half hour, per local day.

Pages, even when a later cache serves them whole, ask `/dem/<id>/` for a 1×1 image; that request calls
`record_view()`. A reader is a hash of IP address, user agent and story (no cookie); a reload within
DEDUPE_SECONDS does not count again.

With REDIS_URL set, a read costs one HINCRBY on a pending hash and no database write; `manage.py flush_views`,
run every minute, moves the counts into DailyViews (see that command for the schedule). The hash is renamed
before it is read, so reads arriving during a flush land in a fresh hash and none is lost. A batch can be counted
twice: its counts are committed to the database before it is deleted from Redis, so a flush that dies (or loses
Redis) between the two leaves it for the next run to add again, and so does a flush outliving its
FLUSH_LOCK_SECONDS lock, when the next one picks up the same batch. Counting twice was preferred to losing reads.
Without Redis a read is one atomic UPDATE, or an INSERT for the story's first read of the day.
"""

import datetime
import functools
import hashlib
import logging
import re
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article, DailyViews
from core.client import client_ip

logger = logging.getLogger(__name__)

DEDUPE_SECONDS = 30 * 60
FLUSH_LOCK_SECONDS = 600
# Crawlers and link previews fetch pages (and sometimes images); they are not readers.
BOT = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit|headless|python-|curl|wget", re.IGNORECASE)


# Who is reading ---------------------------------------------------------------------------------------------------


def reader_key(request, article_id):
    """The cache key that stands for "this reader read this story lately": a hash, no address is stored."""
    raw = f"{client_ip(request) or ''}|{request.META.get('HTTP_USER_AGENT', '')[:500]}|{article_id}"
    return "readership:seen:" + hashlib.sha256(raw.encode()).hexdigest()


def is_bot(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT.search(agent))


def record_view(request, article_id):
    """Count one read of a published story unless this reader was counted within DEDUPE_SECONDS; True if counted."""
    if is_bot(request) or not 0 < article_id < 2**31:
        return False
    # cache.add is atomic on every cache we configure (Redis SET NX, an INSERT on the database cache; local memory
    # within its process): of two simultaneous requests from the same reader, one wins.
    if not cache.add(reader_key(request, article_id), 1, DEDUPE_SECONDS):
        return False
    if not Article.objects.published().filter(pk=article_id).exists():
        return False
    add_read(article_id)
    return True


# Where reads go ---------------------------------------------------------------------------------------------------


@functools.cache
def _client_for(url):
    # Short timeouts, as for the cache: a dead Redis must not hold up the beacon request.
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.25)


def redis_client():
    """The Redis that buffers reads, or None when the site runs without Redis."""
    url = getattr(settings, "REDIS_URL", "")
    return _client_for(url) if url else None


def key_prefix():
    return f"{settings.CACHES['default'].get('KEY_PREFIX') or 'newsroom'}:readership"


def pending_key():
    return f"{key_prefix()}:pending"


_redis_down = False


def add_read(article_id, day=None):
    """One more read of the story on `day` (today, local time): buffered in Redis, or straight to the database."""
    day = day or timezone.localdate()
    client = redis_client()
    if client is None:
        add_to_database({(article_id, day): 1})
        return
    global _redis_down
    try:
        client.hincrby(pending_key(), f"{article_id}:{day.isoformat()}", 1)
    except redis.RedisError as exc:
        # Redis down: count straight in the database rather than lose reads; say so once, not per read.
        if not _redis_down:
            logger.warning("Redis unavailable for read counting, writing to the database meanwhile: %s", exc)
            _redis_down = True
        add_to_database({(article_id, day): 1})
    else:
        if _redis_down:
            logger.warning("Redis reachable again for read counting")
            _redis_down = False


def add_to_database(counts):
    """Add {(article_id, day): reads} to DailyViews, each row with an atomic UPDATE, or INSERT if it is new.

    Safe under concurrency: when two processes insert the same new row, the loser's INSERT fails on the unique
    constraint and it updates the winner's row instead.
    """
    for (article_id, day), reads in counts.items():
        if DailyViews.objects.filter(article_id=article_id, day=day).update(count=F("count") + reads):
            continue
        try:
            with transaction.atomic():
                DailyViews.objects.create(article_id=article_id, day=day, count=reads)
        except IntegrityError:
            DailyViews.objects.filter(article_id=article_id, day=day).update(count=F("count") + reads)


# Flushing Redis into the database ---------------------------------------------------------------------------------


def _parse(fields):
    """{b"12:2025-01-24": b"3"} -> {(12, date(2025, 1, 24)): 3}, skipping anything malformed."""
    counts = {}
    for field, value in fields.items():
        try:
            article_id, day = field.decode().split(":", 1)
            key = (int(article_id), datetime.date.fromisoformat(day))
            counts[key] = counts.get(key, 0) + int(value)
        except ValueError:
            logger.warning("Skipping malformed read counter %r=%r", field, value)
    return counts


def _flush_batch(client, key):
    counts = _parse(client.hgetall(key))
    existing = set(Article.objects.filter(pk__in={pk for pk, _ in counts}).values_list("pk", flat=True))
    with transaction.atomic():
        add_to_database({key: reads for key, reads in counts.items() if key[0] in existing})
    # Deleted only once the database has the counts: a crash before this line leaves the batch for the next run.
    client.delete(key)
    return sum(counts.values())


def flush():
    """Move buffered reads from Redis into DailyViews; the number of reads moved, or None if another flush runs."""
    client = redis_client()
    if client is None:
        return 0
    lock = client.lock(f"{key_prefix()}:flush-lock", timeout=FLUSH_LOCK_SECONDS, blocking=False)
    if not lock.acquire(blocking=False):
        return None
    try:
        try:
            # Atomic: reads counted from now on go to a new pending hash, this batch is ours alone.
            client.rename(pending_key(), f"{key_prefix()}:flushing:{uuid.uuid4().hex}")
        except redis.ResponseError:
            pass  # nothing pending
        # This run's batch, and any batch a crashed run left behind.
        return sum(_flush_batch(client, key) for key in client.scan_iter(match=f"{key_prefix()}:flushing:*"))
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:
            logger.warning("flush_views took longer than its lock (%s s)", FLUSH_LOCK_SECONDS)
