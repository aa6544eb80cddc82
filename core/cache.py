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

import logging
import threading
import time
import uuid

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("core.cache")

# How many keys changed during an outage we remember to delete from Redis once it is back.
MAX_DIRTY_KEYS = 10_000


def _redis_errors():
    import redis

    # ConnectionError covers refused and reset connections, TimeoutError a Redis that stopped answering,
    # BusyLoadingError (a ConnectionError) a Redis still reading its dump; OSError what the socket layer raises.
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every cache call (~0.1 ms of Python: it copies ~170 response
    callbacks), a third of a page-cache hit. One per connection pool is enough: it is thread-safe and takes a
    connection from the pool for each command."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a per-process local-memory cache while Redis is unreachable."""

    # Seconds for the retry interval; tests put a clock of their own here instead of waiting.
    clock = staticmethod(time.monotonic)

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_interval = float(options.pop("retry_interval", 2))
        fallback_entries = int(options.pop("fallback_max_entries", 5000))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient  # RedisCache.__init__ sets its own
        self._errors = _redis_errors()
        self._lock = threading.Lock()
        self._down_since = None  # monotonic time of the first failure, None while Redis answers
        self._next_try = 0.0
        self._dirty = set()
        self._clear_pending = False
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
                self._cache.clear()
            elif dirty:
                self._cache.delete_many(list(dirty))
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

    def _call(self, method, keys, local, *args, **kwargs):
        """Run `method` on Redis, or on the local cache while Redis is unreachable."""
        if self._should_try_redis():
            try:
                result = getattr(super(), method)(*args, **kwargs)
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
        return self._call("get", None, True, key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", [key], True, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", [key], True, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", [key], True, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", None, True, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", None, True, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", [key], True, key, delta=delta, version=version)

    def count(self, key, timeout):
        """Add one to a counter that starts at zero and expires `timeout` seconds after it starts; the new count.

        One round trip (SET NX EX and INCR in one MULTI), where add() + incr() take three.
        """
        if self._should_try_redis():
            full = self.make_and_validate_key(key)
            try:
                pipeline = self._cache.get_client(full, write=True).pipeline(transaction=True)
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

    Atomic on every backend: one round trip on ResilientRedisCache, add() + incr() elsewhere.
    """
    if isinstance(cache, ResilientRedisCache):
        return cache.count(key, timeout)
    return count_with(cache, key, timeout)


def count_with(cache, key, timeout):
    """count() on any cache: add() starts the window at zero (a no-op when it exists), incr() is atomic."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1
