"""Password guessing: every failure is a row in the database, so the limits hold across processes and without cache.

Policy (settings, see .env.example): LOGIN_FAILURE_LIMIT failures for one username within LOGIN_FAILURE_WINDOW_MINUTES
lock that username for LOGIN_LOCKOUT_MINUTES; LOGIN_IP_FAILURE_LIMIT failures from one address lock the address.
Failures made before a lockout do not count again once it ends or an admin lifts it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Lockout, LoginEvent
from core.client import client_ip

logger = logging.getLogger("accounts.login")
Outcome = LoginEvent.Outcome
FAILURES = [Outcome.BAD_PASSWORD, Outcome.BAD_CODE]


def normalize_username(username):
    return str(username or "").strip().casefold()[:150]


def active_lockout(username, ip):
    """The lockout that refuses this username or address right now, or None."""
    keys = Q(kind=Lockout.Kind.ACCOUNT, key=normalize_username(username))
    if ip:
        keys |= Q(kind=Lockout.Kind.ADDRESS, key=ip)
    return Lockout.objects.active().filter(keys).order_by("-locked_until").first()


def record(request, outcome, username, user=None):
    """Store one login event and write it to the log stream (never the password)."""
    ip = client_ip(request) if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    event = LoginEvent.objects.create(
        username=normalize_username(username), user=user, ip_address=ip, user_agent=agent, outcome=outcome
    )
    level = logging.INFO if outcome in (Outcome.SUCCESS, Outcome.CODE_OK) else logging.WARNING
    logger.log(level, "staff login %s username=%r ip=%s", outcome, event.username, ip)
    return event


def register_failure(request, username, outcome=Outcome.BAD_PASSWORD, user=None):
    """Record a failed attempt; lock the account or the address once over the limit. Returns the lockout in force."""
    ip = client_ip(request) if request is not None else None
    lock = active_lockout(username, ip)
    if lock is not None:
        record(request, Outcome.LOCKED, username, user)
        return lock
    event = record(request, outcome, username, user)
    lock = _lock_if_over(Lockout.Kind.ACCOUNT, event.username, settings.LOGIN_FAILURE_LIMIT)
    if lock is None and ip:
        lock = _lock_if_over(Lockout.Kind.ADDRESS, ip, settings.LOGIN_IP_FAILURE_LIMIT)
    return lock


def _lock_if_over(kind, key, limit):
    now = timezone.now()
    since = now - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    previous = Lockout.objects.filter(kind=kind, key=key).order_by("-created_at").first()
    if previous is not None:
        since = max(since, previous.lifted_at or previous.created_at, previous.created_at)
    field = "username" if kind == Lockout.Kind.ACCOUNT else "ip_address"
    failures = LoginEvent.objects.filter(**{field: key}, outcome__in=FAILURES, at__gt=since).count()
    if failures < limit:
        return None
    lock = Lockout.objects.create(
        kind=kind,
        key=key,
        locked_until=now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
        failures=failures,
    )
    logger.warning("staff login lockout %s=%r until %s after %d failures", kind, key, lock.locked_until, failures)
    return lock
