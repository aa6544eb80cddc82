"""A Redis cache that keeps the site up when Redis is not.

Django's RedisCache raises on every call while Redis is unreachable, which turns each page, comment and login
into a 500. This subclass catches connection errors and serves the process from a small local-memory cache
instead, until Redis answers again:

- reads miss or hit what this process wrote during the outage: pages are rendered from the database (slower);
- writes and deletes land in the local cache: comment rate limits (`add` + `incr`) and the duplicate check keep
  working per process, so with N workers a reader may post up to N times the limit, never unlimited, and nobody
  is refused because of the outage;
- keys written or deleted during the outage are deleted from Redis when it returns, so a story edited or a
  session ended meanwhile does not come back stale;
- while Redis is down it is tried again once every `retry_interval` seconds (OPTIONS, default 2), not on every
  call, so a dead or black-holed Redis costs at most one short socket timeout per interval;
- the log says "unreachable" once and "reachable again" once, not a line per request.
"""

import functools
import logging
import os
import threading
import time
import uuid

import redis
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.core.management import call_command
from django.db import connections, router, transaction

logger = logging.getLogger("core.cache")

# How many keys changed during an outage we remember to delete from Redis once it is back.
MAX_DIRTY_KEYS = 10_000


def _redis_errors():
    # ConnectionError covers refused and reset connections, TimeoutError a Redis that stopped answering,
    # BusyLoadingError (a ConnectionError) a Redis still reading its dump; OSError what the socket layer raises.
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a per-process local-memory cache while Redis is unreachable."""

    # Seconds for the retry interval; tests put a clock of their own here instead of waiting.
    clock = staticmethod(time.monotonic)

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_interval = float(options.pop("retry_interval", 2))
        fallback_entries = int(options.pop("fallback_max_entries", 5000))
        super().__init__(server, {**params, "OPTIONS": options})
        # redis_client is built from the public LOCATION and OPTIONS as Django builds its pools (the first server is
        # the primary, the one Django writes to).
        self.primary_url = server.split(",")[0] if isinstance(server, str) else server[0]
        self.pool_options = options
        self._errors = _redis_errors()
        self._lock = threading.Lock()
        self._down_since = None  # monotonic time of the first failure, None while Redis answers
        self._next_try = 0.0
        self._dirty = set()
        self._clear_pending = False
        self._reader, self._reader_pid = None, None
        self._local = LocMemCache(
            f"newsroom-fallback-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT), "OPTIONS": {"MAX_ENTRIES": fallback_entries}},
        )

    # State -----------------------------------------------------------------------------------------------------------

    @property
    def is_down(self):
        return self._down_since is not None

    def _should_try_redis(self):
        if self._down_since is None:
            return True
        with self._lock:
            now = self.clock()
            if now >= self._next_try:
                self._next_try = now + self.retry_interval
                return True
            return False

    def _failed(self, exc):
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = self.clock()
            self._next_try = self.clock() + self.retry_interval
        if first:
            logger.error(
                "Cache unreachable (%s); serving from a per-process local cache until it is back.",
                type(exc).__name__,
            )

    def _succeeded(self):
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds = self.clock() - self._down_since
            dirty, self._dirty = self._dirty, set()
            clear, self._clear_pending = self._clear_pending, False
            self._down_since = None
        try:
            if clear:
                self.redis_client.flushdb()  # what RedisCache.clear() does
            elif dirty:
                self.redis_client.delete(*dirty)
        except self._errors as exc:  # gone again at once: keep the keys for the next recovery
            with self._lock:
                self._dirty |= dirty
                self._clear_pending |= clear
            self._failed(exc)
            return
        self._local.clear()
        logger.warning("Cache reachable again after %.1f s; local fallback dropped.", seconds)

    def _remember(self, keys):
        with self._lock:
            if len(self._dirty) < MAX_DIRTY_KEYS:
                self._dirty.update(keys)
            else:
                self._clear_pending = True  # too many to track: start from an empty Redis instead

    def _call(self, method, keys, local, *args, redis_call=None, **kwargs):
        """Run `method` on Redis (or `redis_call` in its place), or on the local cache while Redis is unreachable."""
        if self._should_try_redis():
            try:
                result = (redis_call or getattr(super(), method))(*args, **kwargs)
            except self._errors as exc:
                self._failed(exc)
            else:
                self._succeeded()
                return result
        if keys is not None:
            self._remember(self._keys(keys, kwargs.get("version")))
        return getattr(self._local, method)(*args, **kwargs) if local else None

    def _keys(self, keys, version):
        return [self.make_and_validate_key(key, version=version) for key in keys]

    def ping(self):
        """Whether Redis itself answers a set/get round trip now (the health check; ignores the retry interval)."""
        key = f"healthz:{uuid.uuid4().hex}"
        try:
            super().set(key, 1, timeout=10)
            ok = super().get(key) == 1
            super().delete(key)
        except self._errors as exc:
            self._failed(exc)
            return False
        self._succeeded()
        return ok

    # Cache API -------------------------------------------------------------------------------------------------------
    # Reads pass keys=None (nothing to forget in Redis); writes pass the keys they change.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", [key], True, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", None, True, key, default=default, version=version, redis_call=self._read_one)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", [key], True, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", [key], True, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", [key], True, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", None, True, keys, version=version, redis_call=self._read_many)

    # Reads go through a client of our own that keeps its one connection: Django's RedisCacheClient builds a client
    # and takes a connection from the pool on every call, which made a page-cache hit's one read cost 105 µs of CPU
    # (60 µs for redis-py's MGET alone). Values are read back with Django's own RedisSerializer, as written.

    def _read_one(self, key, default=None, version=None):
        value = self.reader.get(self.make_key(key, version=version))
        return default if value is None else self.serializer.loads(value)

    def _read_many(self, keys, version=None):
        names = {self.make_key(key, version=version): key for key in keys}
        if not names:
            return {}
        values = self.reader.mget(list(names))
        return {
            names[name]: self.serializer.loads(value)
            for name, value in zip(names, values, strict=True)
            if value is not None
        }

    @property
    def reader(self):
        """The client reads take: one connection of `redis_client`'s pool, kept. A cache instance serves one thread
        (django.core.cache.caches gives each its own), so the connection is never shared; a process forked after a
        read (gunicorn --preload, a worker's children) makes its own, as redis-py's pools do."""
        if self._reader_pid != os.getpid():
            self._reader = redis.Redis(connection_pool=self.redis_client.connection_pool, single_connection_client=True)
            self._reader_pid = os.getpid()
        return self._reader

    @functools.cached_property
    def serializer(self):
        return RedisSerializer()

    def has_key(self, key, version=None):
        return self._call("has_key", None, True, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", [key], True, key, delta=delta, version=version)

    def count(self, key, timeout):
        """Add one to a counter that starts at zero and expires `timeout` seconds after it starts; the new count.

        One round trip (SET NX EX and INCR in one MULTI), where add() + incr() take three; and never a counter
        without expiry, which Django's incr() (EXISTS, then INCR) leaves when the key expires between the two.
        """
        if self._should_try_redis():
            full = self.make_and_validate_key(key)
            try:
                pipeline = self.redis_client.pipeline(transaction=True)
                pipeline.set(full, 0, nx=True, ex=timeout)
                pipeline.incr(full)
                result = pipeline.execute()[-1]
            except self._errors as exc:
                self._failed(exc)
            else:
                self._succeeded()
                return result
        self._remember(self._keys([key], None))
        return count_with(self._local, key, timeout)

    @functools.cached_property
    def redis_client(self):
        """A redis-py client of our own on the primary, for what Django's API lacks (count, cleanup)."""
        return redis.Redis(connection_pool=redis.ConnectionPool.from_url(self.primary_url, **self.pool_options))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), True, data, timeout=timeout, version=version) or []

    def delete_many(self, keys, version=None):
        self._call("delete_many", list(keys), True, keys, version=version)

    def clear(self):
        if self._should_try_redis():
            try:
                result = super().clear()
            except self._errors as exc:
                self._failed(exc)
            else:
                self._succeeded()
                self._local.clear()
                return result
        with self._lock:
            self._clear_pending = True
        self._local.clear()
        return True


def count(cache, key, timeout):
    """Add one to a counter that starts at zero and expires `timeout` seconds after it starts; the new count.

    Atomic on every backend we configure: one round trip on ResilientRedisCache, in one transaction on
    SharedDatabaseCache, add() + incr() elsewhere (local memory: atomic within its one process).
    """
    counter = getattr(cache, "count", None)  # ResilientRedisCache, SharedDatabaseCache (or a proxy to them)
    return counter(key, timeout) if counter else count_with(cache, key, timeout)


def count_with(cache, key, timeout):
    """count() on any cache: add() starts the window at zero (a no-op when it exists), incr() is atomic."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache, shared by every process that uses the database, with count() atomic.

    The embedded default (no REDIS_URL): a change made by any process (a worker, `manage.py shell`, a scheduled
    command) replaces the content token in the shared table, so every process serves fresh pages on its next
    request, which per-process local memory could not do. add() is atomic as Django writes it (an INSERT that
    a concurrent one makes fail on the key). count() runs add() and incr() in one transaction: on SQLite it
    begins IMMEDIATE (core/env.py), so it holds the one writer's lock throughout; on PostgreSQL the counter's row is
    locked (SELECT … FOR UPDATE) before incr() reads it. The table is made by `migrate` (core.apps).
    """

    def __init__(self, table, params):
        super().__init__(table, params)
        self.table = table

    def count(self, key, timeout):
        """core.cache.count() for this cache, one step for every process.

        The entry holds (count, end of window): Django's incr() here is get() + set() with the default timeout,
        which would move the window's end on every count.
        """
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        now = time.time()
        with transaction.atomic(using=db):
            self.add(key, (0, now + timeout), timeout=timeout)  # a concurrent first count waits for ours, then fails
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {connection.ops.quote_name(self.table)} "  # noqa: S608 - the configured table
                        f"WHERE {connection.ops.quote_name('cache_key')} = %s FOR UPDATE",
                        [self.make_and_validate_key(key)],
                    )
            value = self.get(key)
            counted, until = (
                value if isinstance(value, tuple) and len(value) == 2 and value[1] > now else (0, now + timeout)
            )
            self.set(key, (counted + 1, until), timeout=max(1, until - now))
            return counted + 1


def create_cache_table(using="default", **kwargs):
    """post_migrate: `migrate` also makes the database cache's table (createcachetable does nothing if it exists)."""
    if any(backend["BACKEND"].endswith("DatabaseCache") for backend in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
