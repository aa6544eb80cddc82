"""An optional read replica for public pages (DATABASE_REPLICA_URL): everything else stays on the primary.

The page cache (core.pagecache) renders anonymous readers' public pages inside `public_reads()`; only their
reads go to the replica. Writes, the admin, comments, logins and anything a session asks for use the primary.

A replica lags. So that a page rendered from it is never stored with a story or comment the replica does not
have yet, every change of content (`content_changed`, called with the page cache's invalidation) sends public
reads back to the primary for DATABASE_REPLICA_LAG_SECONDS: set it above the replica's worst lag you monitor.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.cache import cache

REPLICA = "replica"
RECENT_CHANGE_KEY = "replica:recent-change"
_public_read = contextvars.ContextVar("public_read", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def content_changed():
    """Read public pages from the primary for the next DATABASE_REPLICA_LAG_SECONDS (the replica may lag)."""
    if replica_configured():
        cache.set(RECENT_CHANGE_KEY, 1, getattr(settings, "DATABASE_REPLICA_LAG_SECONDS", 5))


def replica_is_current():
    """Whether public pages may be read from the replica now: one is configured and nothing changed lately."""
    return replica_configured() and cache.get(RECENT_CHANGE_KEY) is None


@contextlib.contextmanager
def public_reads():
    """Reads made inside go to the replica (see ReplicaRouter)."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    """Public page reads to the replica, all else to the primary; migrations only on the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _public_read.get() and replica_configured() else "default"

    def db_for_write(self, model, **hints):
        # Explicit: an object read from the replica is still saved to the primary.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
