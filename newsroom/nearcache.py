"""Copies of a few Redis keys in each process, kept exact by Redis's own invalidation messages.

A page-cache hit needs the current tokens (the content token, a story's token) and the page. Read from Redis, that
is a round trip on every hit: about half of what a hit costs. This module keeps them in the process instead:

- Tracked keys (the tokens) are copied into the process when read. One connection per process asks Redis to
  report every change to keys under the tracked prefixes (`CLIENT TRACKING ... BCAST`, Redis 6 and newer, the
  server-assisted client-side caching of the Redis docs) and is read, without waiting, at the start of each
  lookup: a key that changed anywhere (a write, a delete, an expiry, an eviction, a flush) is dropped before it
  can be used. Redis sends the invalidation in the same turn of its event loop as its answer to the write, so
  another process's next request finds it waiting (microseconds later at most); the writing process itself drops
  its copies as it writes (`written`).
- Pages are kept too, in a least-recently-used table of bounded size. They need no tracking: the page cache
  serves a page only when the tokens it was rendered under are the current ones.
- While the tracking connection is down (Redis restarting, a network cut, a Redis that refuses CLIENT TRACKING),
  nothing is answered from the process: every lookup goes to Redis as before, and the copies start empty once
  tracking is back. An invalidation can therefore never be missed, only the speed-up.

The copies are per process (and per cache configuration); gunicorn's forked workers each open their own
connection.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

logger = logging.getLogger("newsroom.cache")

CHANNEL = "__redis__:invalidate"
NEVER = float("inf")


def _errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class NearCache:
    """Process-local copies of tracked keys and of pages (see the module docstring) in front of a Redis cache."""

    def __init__(self, backend, prefixes, max_bytes, retry_interval=2.0):
        self.backend = backend  # a newsroom.cache.ResilientRedisCache
        self.prefixes = tuple(prefixes)
        self.max_bytes = max_bytes
        self.retry_interval = retry_interval
        self._lock = threading.Lock()
        self._connection = None
        self._next_try = 0.0
        self._epoch = 0  # invalidations applied so far: a value read before one of them is not kept
        self._values = {}  # Redis key -> value, for the tracked keys
        self._pages = OrderedDict()  # key -> (value, size), least recently used first
        self._bytes = 0

    # Tracking ---------------------------------------------------------------------------------------------------------

    @property
    def live(self):
        return self._connection is not None

    def refresh(self):
        """Apply the invalidations Redis sent since the last call, connecting first if needed.

        Returns the current epoch when the copies can be trusted, None when they cannot (tracking is down).
        """
        with self._lock:
            if self.backend.is_down:  # the cache itself is on its local fallback: Redis is not the truth now
                self._lost(None)
                return None
            if self._connection is None and not self._connect():
                return None
            connection = self._connection
            try:
                while connection.can_read(timeout=0):
                    self._apply(connection.read_response())
            except _errors() as exc:
                self._lost(exc)
                return None
            return self._epoch

    def _apply(self, message):
        if not (isinstance(message, list) and len(message) == 3 and message[0] == b"message"):
            return  # a subscription confirmation
        self._epoch += 1
        keys = message[2]
        if keys is None:  # FLUSHDB / FLUSHALL: everything changed
            self._values.clear()
            return
        for key in keys:
            self._values.pop(key.decode(), None)

    def _connect(self):
        """Open the tracking connection (the lock is held). False while Redis or tracking is unavailable."""
        import redis

        if time.monotonic() < self._next_try:
            return False
        connection = None
        try:
            client = self.backend._cache
            pool = redis.ConnectionPool.from_url(client._servers[0], **{**client._pool_options, "protocol": 2})
            connection = pool.make_connection()
            connection.connect()
            connection.send_command("CLIENT", "ID")
            own_id = connection.read_response()
            prefixes = [part for prefix in self.prefixes for part in ("PREFIX", self.backend.make_key(prefix))]
            # Invalidations go to this very connection, subscribed to Redis's invalidation channel (RESP2).
            connection.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", *prefixes)
            connection.read_response()
            connection.send_command("SUBSCRIBE", CHANNEL)
            connection.read_response()
        except redis.exceptions.ResponseError as exc:
            # This Redis refuses tracking (older than 6, or a proxy without CLIENT): no copies in this process.
            self._next_try = NEVER
            logger.warning("Redis refuses CLIENT TRACKING (%s): page-cache hits read Redis each time.", exc)
            if connection is not None:
                connection.disconnect()
            return False
        except _errors():
            self._next_try = time.monotonic() + self.retry_interval
            if connection is not None:
                connection.disconnect()
            return False
        self._connection = connection
        self._values.clear()
        self._epoch += 1
        return True

    def _lost(self, exc):
        """Forget every copy (the lock is held): changes made while the connection was down were not reported."""
        connection, self._connection = self._connection, None
        if connection is not None:
            self._values.clear()
            self._epoch += 1
            self._next_try = time.monotonic() + self.retry_interval
            connection.disconnect()
            if exc is not None:
                logger.warning("Cache invalidation connection lost (%s); reading Redis until it is back.", exc)

    def close(self):
        with self._lock:
            self._lost(None)

    # Lookups ----------------------------------------------------------------------------------------------------------

    def get_many(self, keys):
        """Like the cache's get_many: tracked keys copied in this process are answered from it, the rest with one
        round trip (their values are then copied, unless an invalidation came in meanwhile)."""
        epoch = self.refresh()
        found, wanted = {}, []
        for key in keys:
            full = self.backend.make_key(key)
            if epoch is not None and full in self._values:
                found[key] = self._values[full]
            else:
                wanted.append(key)
        if wanted:
            fetched = self.backend.get_many(wanted)
            found.update(fetched)
            if epoch is not None:
                with self._lock:
                    if epoch == self._epoch:
                        for key, value in fetched.items():
                            if key.startswith(self.prefixes):
                                self._values[self.backend.make_key(key)] = value
        return found

    def page(self, key):
        """The page kept under `key` in this process, or None (the caller checks that it is current)."""
        with self._lock:
            item = self._pages.get(key)
            if item is None:
                return None
            self._pages.move_to_end(key)
            return item[0]

    def keep(self, key, value, size):
        """Keep a page in this process, dropping the least recently used ones beyond max_bytes."""
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._pages[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._pages.popitem(last=False)
                self._bytes -= dropped

    def written(self, keys):
        """This process changed these keys: drop its copies now, before Redis's invalidation comes back."""
        with self._lock:
            self._epoch += 1
            if keys is None:
                self._values.clear()
                return
            for key in keys:
                self._values.pop(self.backend.make_key(key), None)


_registry = {}
_registry_lock = threading.Lock()


def near_cache(backend, prefixes, max_bytes):
    """The NearCache of this Redis cache in this process (one per server, key prefix and version)."""
    key = (backend._servers[0], backend.key_prefix, backend.version, tuple(prefixes), os.getpid())
    near = _registry.get(key)
    if near is None:
        with _registry_lock:
            near = _registry.get(key)
            if near is None:
                near = _registry[key] = NearCache(backend, prefixes, max_bytes, backend.retry_interval)
    near.max_bytes = max_bytes
    return near


def written(backend, keys):
    """Tell this process's copies of `backend` that it changed `keys` (None: everything, after a clear)."""
    same = (backend._servers, backend.key_prefix, backend.version)
    for near in list(_registry.values()):
        if (near.backend._servers, near.backend.key_prefix, near.backend.version) == same:
            near.written(keys)


def close_all():
    """Close every tracking connection of this process and forget its copies (tests; a clean shutdown)."""
    with _registry_lock:
        nears = list(_registry.values())
        _registry.clear()
    for near in nears:
        near.close()
