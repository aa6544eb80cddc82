"""Password guessing: every failure is a row in the database, so the limits hold across processes and without cache.

A stranger must not be able to lock someone else out, so the limits fall on the guesser first (settings, see
.env.example; every count is within LOGIN_FAILURE_WINDOW_MINUTES):
- one address: from LOGIN_IP_SLOWDOWN_AFTER failures on, each further attempt waits 2, 4, 8 … seconds (at most
  LOGIN_IP_SLOWDOWN_MAX_SECONDS) after the last failure; LOGIN_IP_FAILURE_LIMIT failures block the address for
  LOGIN_LOCKOUT_MINUTES, whatever the username;
- one username from one address: LOGIN_FAILURE_LIMIT failures block that pair; the account stays open elsewhere;
- one username from many addresses: failures from LOGIN_ACCOUNT_ADDRESS_LIMIT different addresses lock the account,
  but not for its owner at an address they logged in from before (within the login log's retention), nor with the
  code of their authenticator app typed along with the password.
Failures made before a lock do not count again once it ends or an admin lifts it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Lockout, LoginEvent
from core.client import client_ip

logger = logging.getLogger("accounts.login")
Outcome = LoginEvent.Outcome
FAILURES = [Outcome.BAD_PASSWORD, Outcome.BAD_CODE]


def normalize_username(username):
    return str(username or "").strip().casefold()[:150]


def pair_key(username, ip):
    return f"{normalize_username(username)} {ip}"


@dataclass
class Slowdown:
    """An address that failed a few times waits a little before its next attempt; nothing is stored."""

    locked_until: datetime
    kind: str = "slowdown"

    def message(self):
        seconds = max(1, round((self.locked_until - timezone.now()).total_seconds()))
        return gettext("Too many failed logins from your address. Wait %(seconds)d seconds and try again.") % {
            "seconds": seconds
        }


def is_known_address(username, ip):
    """True if this username logged in from this address before (as long as the login log keeps it)."""
    return (
        bool(ip)
        and LoginEvent.objects.filter(
            username=normalize_username(username), ip_address=ip, outcome=Outcome.SUCCESS
        ).exists()
    )


def refusal(username, ip, *, second_factor=False):
    """What refuses this attempt right now (a Lockout or a Slowdown), or None.

    `second_factor`: the code of the person's authenticator app comes with the password, which opens a locked account.
    """
    username = normalize_username(username)
    keys = Q(kind=Lockout.Kind.ACCOUNT, key=username)
    if ip:
        keys |= Q(kind=Lockout.Kind.ADDRESS, key=ip) | Q(kind=Lockout.Kind.PAIR, key=pair_key(username, ip))
    for lock in Lockout.objects.active().filter(keys).order_by("-locked_until"):
        if lock.kind == Lockout.Kind.ACCOUNT and (second_factor or is_known_address(username, ip)):
            continue
        return lock
    return _slowdown(ip)


def active_lockout(username, ip):
    """The lockout that refuses this username at this address right now, or None (slowdowns aside)."""
    lock = refusal(username, ip)
    return lock if isinstance(lock, Lockout) else None


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


def register_failure(request, username, outcome=Outcome.BAD_PASSWORD, user=None, *, second_factor=False):
    """Record a failed attempt and lock whatever went over its limit. Returns what refuses the next attempt."""
    ip = client_ip(request) if request is not None else None
    lock = refusal(username, ip, second_factor=second_factor)
    if lock is not None:  # refused before its password was looked at: not a guess
        record(request, Outcome.LOCKED, username, user)
        return lock
    event = record(request, outcome, username, user)
    failures = LoginEvent.objects.filter(outcome__in=FAILURES)
    if ip:
        _lock_if_over(
            Lockout.Kind.PAIR,
            pair_key(event.username, ip),
            failures.filter(username=event.username, ip_address=ip),
            settings.LOGIN_FAILURE_LIMIT,
        )
        _lock_if_over(Lockout.Kind.ADDRESS, ip, failures.filter(ip_address=ip), settings.LOGIN_IP_FAILURE_LIMIT)
    _lock_if_over(
        Lockout.Kind.ACCOUNT,
        event.username,
        failures.filter(username=event.username, ip_address__isnull=False),
        settings.LOGIN_ACCOUNT_ADDRESS_LIMIT,
        distinct_addresses=True,
    )
    return refusal(username, ip, second_factor=second_factor)


def _since(kind, key):
    """Failures count within the window, and only after the last lock of the same kind and key."""
    since = timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    previous = Lockout.objects.filter(kind=kind, key=key).order_by("-created_at").first()
    if previous is not None:
        since = max(since, previous.lifted_at or previous.created_at, previous.created_at)
    return since


def _lock_if_over(kind, key, failures, limit, *, distinct_addresses=False):
    failures = failures.filter(at__gt=_since(kind, key))
    if distinct_addresses:
        over = failures.order_by().values("ip_address").distinct().count() >= limit
    else:
        over = failures.count() >= limit
    if not over or Lockout.objects.active().filter(kind=kind, key=key).exists():
        return None
    count = failures.count()
    lock = Lockout.objects.create(
        kind=kind,
        key=key,
        locked_until=timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
        failures=count,
    )
    logger.warning("staff login lockout %s=%r until %s after %d failures", kind, key, lock.locked_until, count)
    return lock


def _slowdown(ip):
    after = settings.LOGIN_IP_SLOWDOWN_AFTER
    if not ip or after <= 0:
        return None
    since = _since(Lockout.Kind.ADDRESS, ip)
    # A lock an admin lifted for one account at this address lifts the wait too.
    lifted = Lockout.objects.filter(kind=Lockout.Kind.PAIR, key__endswith=f" {ip}", lifted_at__gt=since)
    since = lifted.aggregate(last=Max("lifted_at"))["last"] or since
    seen = LoginEvent.objects.filter(ip_address=ip, outcome__in=FAILURES, at__gt=since).aggregate(
        n=Count("id"), last=Max("at")
    )
    if seen["n"] < after:
        return None
    delay = min(2 ** (seen["n"] - after + 1), settings.LOGIN_IP_SLOWDOWN_MAX_SECONDS)
    until = seen["last"] + timedelta(seconds=delay)
    return Slowdown(until) if until > timezone.now() else None
