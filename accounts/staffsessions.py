"""Staff sessions a person can see and end: which session key is whose is written at login, not decoded from sessions.

A staff session ends STAFF_SESSION_HOURS after login, however busy (a fixed expiry, not a sliding one).
"""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from accounts.models import StaffSession
from core.client import client_ip

SEEN_EVERY_SECONDS = 300  # "last seen" is written at most this often per session, not on every request


def _seen_key(session_key):
    return f"accounts:seen:{session_key}"


def _agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def start(request, user):
    """At login: fix the session's end and note whose it is, from where and on what device."""
    session = request.session
    session.set_expiry(timezone.now() + timedelta(hours=settings.STAFF_SESSION_HOURS))
    if session.session_key is None:  # login() flushed another person's session: give this one its key now
        session.save()
    now = timezone.now()
    StaffSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip_address": client_ip(request),
            "user_agent": _agent(request),
            "created_at": now,
            "last_seen": now,
            "expires_at": session.get_expiry_date(),
        },
    )
    cache.set(_seen_key(session.session_key), 1, SEEN_EVERY_SECONDS)


def rekey(old_key, new_key):
    """The session changed its key (after the second step): the row follows it."""
    StaffSession.objects.filter(session_key=old_key).update(session_key=new_key)


def touch(request):
    """Note the time and address of a logged-in request, at most once per SEEN_EVERY_SECONDS per session."""
    key = request.session.session_key
    if not key or not cache.add(_seen_key(key), 1, SEEN_EVERY_SECONDS):
        return
    seen = {"last_seen": timezone.now(), "ip_address": client_ip(request)}
    if not StaffSession.objects.filter(session_key=key).update(**seen):
        # A session opened before sessions were recorded.
        StaffSession.objects.get_or_create(
            session_key=key,
            defaults={
                "user": request.user,
                "user_agent": _agent(request),
                "expires_at": request.session.get_expiry_date(),
                **seen,
            },
        )


def forget(session_key):
    """At logout: the session is gone, so is its row."""
    if session_key:
        StaffSession.objects.filter(session_key=session_key).delete()


def end(sessions):
    """Delete these sessions from the session store (their cookies stop working) and their rows; returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for row in sessions:
        store(session_key=row.session_key).delete()
        row.delete()
        ended += 1
    return ended
