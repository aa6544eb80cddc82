"""The page cache: anonymous readers get public pages whole from the shared cache, refreshed the moment they change.

What is cached: GET and HEAD of the views marked with `public_page` (home, story, section, locality, tag, author,
archive, feeds, sitemaps, robots.txt), for requests without a session cookie or one of PAGE_CACHE_PRIVATE_COOKIES.
Search, previews, comment status pages, the admin and anything a logged-in editor or a reader who just commented
asks for are always rendered fresh: those requests carry a session cookie, and their pages hold per-reader parts
(own pending comments, messages) that must never be shared. A response is stored only when it is a 200 that set no
cookie,
does not vary on Cookie (Django adds that as soon as a view reads the session or the CSRF token) and is not
marked private: per-reader data cannot slip into the shared cache even if a template starts using the session.

Keys: the normalised address (scheme, host, path and the query parameters the pages read, sorted; tracking
parameters such as utm_* and Zalo's zarsrc dropped, so a shared link's variants share one entry). Each entry
carries the tokens it was rendered under and is served only while they are current. The content token
(`content_state`) changes when any story, section, locality, tag, author or pin changes and
when a scheduled story's minute comes; a story page also carries its own token, replaced when one of its
comments is approved, edited, hidden or deleted (`stories_changed`). A hit is one cache round trip (the tokens and
the entry read together). Every entry also dies at local midnight (the date in the header).

HTTP: cached pages carry ETag and Last-Modified and answer conditional requests with 304; Cache-Control lets
browsers and proxies keep them PAGE_CACHE_MAX_AGE seconds (never past the next scheduled story). Requests that
bypass the cache get `private, no-store` on public pages.
"""

import datetime
import functools
import hashlib
import logging
import math
import re
import uuid
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date
from django.utils.module_loading import import_string

from core import db_router
from core.middleware import request_id_from

logger = logging.getLogger("core.pagecache")

# Query parameters the public pages read; any other (except tracking ones) makes the request uncacheable, so
# nobody can fill the cache with endless variants of one address.
KEPT_PARAMS = frozenset({"page", "p", "tra-loi", "binh-luan"})
TRACKING_PARAM = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|zarsrc|_gl|mc_[a-z]+)$")
MAX_QUERY = 256
STORY_KEY = "pagecache:story:{}"
GENERATION_KEY = "stories:generation"
PAGE_ATTRIBUTE = "page_cache_story_argument"


def public_page(view, story=None):
    """Mark a view (function or callable instance) as a public page the cache may keep for anonymous readers.

    `story`: the URL keyword argument naming the story the page is about; such a page also carries the story's
    own token, replaced when its comments change (`stories_changed`).
    """
    setattr(view, PAGE_ATTRIBUTE, story or "")
    return view


def private_cookies():
    """Cookies that mean a page holds something for this reader alone (PAGE_CACHE_PRIVATE_COOKIES)."""
    return getattr(settings, "PAGE_CACHE_PRIVATE_COOKIES", ("messages",))


def page_seconds():
    """How long the shared cache keeps a page: PAGE_CACHE_SECONDS; 0 when OUTPUT_CACHE is off."""
    if not getattr(settings, "OUTPUT_CACHE", True):
        return 0
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


# The content token -------------------------------------------------------------------------------------------------
# Every cached page and cached list is keyed by one token, replaced whenever content changes (`content_changed`).
# A scheduled story changes nothing when its minute comes, so the token carries the next scheduled change (asked
# of PAGE_CACHE_NEXT_CHANGE, a dotted path to a function returning a datetime or None) and is replaced from then.


def current_state(state, now=None):
    """`state` if it is a live (token, until) pair: until, the next scheduled change, has not come yet."""
    if not isinstance(state, tuple) or len(state) != 2:
        return None
    until = state[1]
    if until is not None and (now or timezone.now()) >= until:
        return None
    return state


@functools.cache
def _next_change_function(path):
    return import_string(path)


def next_change(now):
    """When content changes next by itself (a scheduled story's minute), or None."""
    path = getattr(settings, "PAGE_CACHE_NEXT_CHANGE", "")
    return _next_change_function(path)(now) if path else None


def content_state(stored=None):
    """(token, until): a token that changes whenever content changes, and the next scheduled change.

    One query when the token is missing or its scheduled change is due; none otherwise. `stored`: the value under
    GENERATION_KEY if the caller already fetched it (the page cache reads it with other keys at once).
    """
    now = timezone.now()
    state = current_state(stored if stored is not None else cache.get(GENERATION_KEY), now)
    if state is None:
        next_at = next_change(now)
        timeout = None if next_at is None else max(1, math.ceil((next_at - now).total_seconds()))
        fresh = (uuid.uuid4().hex, next_at)
        # Replace a due token; add() keeps whichever token a concurrent request stored first.
        cache.delete(GENERATION_KEY)
        cache.add(GENERATION_KEY, fresh, timeout)
        state = current_state(cache.get(GENERATION_KEY), now) or fresh
    return state


def content_token():
    """The token of `content_state()`."""
    return content_state()[0]


def content_changed():
    """Drop every cached page and list: the next request renders and computes again."""
    cache.delete(GENERATION_KEY)
    db_router.content_changed()


# Invalidation -------------------------------------------------------------------------------------------------------


def stories_changed(article_ids):
    """Refresh the pages of these stories (their comments changed): now, and again once the transaction commits.

    Now, so that this transaction's own later reads see it; after the commit, because a page rendered meanwhile
    from the old rows went under the token dropped now.
    """
    keys = [STORY_KEY.format(pk) for pk in sorted(set(article_ids)) if pk]
    if not keys:
        return
    cache.delete_many(keys)
    db_router.content_changed()
    transaction.on_commit(lambda: cache.delete_many(keys))


def story_token(key):
    """The token under a story's key, created on first use (kept until the story's comments change)."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key) or ""
    return token


# Keys ---------------------------------------------------------------------------------------------------------------


def _query(request):
    """The query parameters that matter, sorted; None if the request carries one no public page reads."""
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > MAX_QUERY:
        return None
    kept = []
    for name, value in parse_qsl(raw, keep_blank_values=True):
        if TRACKING_PARAM.match(name):
            continue
        if name not in KEPT_PARAMS:
            return None
        kept.append((name, value))
    return urlencode(sorted(kept))


def _next_midnight(now):
    return _midnight_after(timezone.localtime(now).date())


@functools.lru_cache(maxsize=4)
def _midnight_after(day):
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


# Resolving the address is a tenth of a hit's Python; the answer for a path never changes while the URLconf stays.
@functools.lru_cache(maxsize=10_000)
def _public_page(path, urlconf):
    """The ResolverMatch of a public page (see `public_page`) at this path, or None."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if hasattr(match.func, PAGE_ATTRIBUTE) else None


class Plan:
    """What the middleware does with one request: serve or store under `key`, or pass it through."""

    def __init__(self, key=None, bypass=False, tokens=(), entry=None, scheduled=None):
        self.key = key
        self.bypass = bypass
        self.tokens = list(tokens)  # the content token (and the story's) the stored page must carry
        self.entry = entry  # the stored page, when it is current
        self.scheduled = scheduled  # the next scheduled change of content, if any

    def until(self, now):
        """Until when a page rendered now may be served: PAGE_CACHE_SECONDS, local midnight, the next scheduled
        change, whichever comes first."""
        limits = [now + datetime.timedelta(seconds=page_seconds()), _next_midnight(now)]
        return min(*limits, *([self.scheduled] if self.scheduled else []))


def plan_for(request):
    """A Plan for a cacheable public page, or None for everything else (admin, search, posts, static files…)."""
    if request.method not in ("GET", "HEAD") or request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    # No Host to go by: RequestShapeMiddleware, below, answers 400.
    if not (request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME")) or page_seconds() <= 0:
        return None
    match = _public_page(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
    if match is None:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in private_cookies()):
        return Plan(bypass=True)
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    query = _query(request)
    if query is None:
        return None
    argument = getattr(match.func, PAGE_ATTRIBUTE)
    story_key = STORY_KEY.format(match.kwargs[argument]) if argument else None
    address = "\n".join([request.scheme, request.get_host(), request.path, query])
    key = f"pagecache:page:{hashlib.sha256(address.encode()).hexdigest()}"
    # The page is keyed by its address alone and carries the tokens it was rendered under; it is served only when
    # they are still the current ones. One round trip reads the tokens and the page together.
    token_keys = [GENERATION_KEY, *([story_key] if story_key else [])]
    stored = cache.get_many([*token_keys, key])
    token, scheduled = content_state(stored.get(GENERATION_KEY))
    tokens = [token]
    if story_key:
        tokens.append(stored.get(story_key) or story_token(story_key))
    entry = stored.get(key)
    current = entry if _current(entry, tokens, timezone.now()) else None
    return Plan(key=key, tokens=tokens, entry=current, scheduled=scheduled)


def _current(entry, tokens, now):
    return (
        isinstance(entry, dict)
        and entry.get("tokens") == tokens
        and entry["until"] > now.timestamp()
        and "last_modified" in entry  # stored by this version of the code
    )


# HTTP ---------------------------------------------------------------------------------------------------------------


def _public_headers(entry, now):
    """Cache-Control, ETag and Last-Modified of a shared page, as (name, value) pairs."""
    configured = getattr(settings, "PAGE_CACHE_MAX_AGE", 10)
    left = int(entry["until"] - now.timestamp())
    max_age = max(0, min(configured, left))
    control = f"public, max-age={max_age}"
    stale = getattr(settings, "PAGE_CACHE_STALE_SECONDS", 30)
    # Stale copies only while nothing is scheduled to change the page before they would be used.
    if stale and left >= max_age + stale:
        control += f", stale-while-revalidate={stale}"
    return [("Cache-Control", control), ("ETag", entry["etag"]), ("Last-Modified", entry["last_modified"])]


def _entry(response, until, now, tokens):
    content = response.content
    return {
        "tokens": tokens,
        "status": response.status_code,
        "content": content,
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in ("cache-control", "etag")],
        "etag": f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "stored": int(now.timestamp()),
        "last_modified": http_date(int(now.timestamp())),
        "until": until.timestamp(),
    }


def _response(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response


def storable(response):
    """Whether this response may be shown to every reader: no cookie, no per-reader content, no private marks."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if has_vary_header(response, "Cookie"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    # A CSP nonce is per response: a page that uses one cannot be shared.
    return "'nonce-" not in response.get("Content-Security-Policy", "")


class PageCacheMiddleware:
    """Serve and store public pages for anonymous readers (see the module docstring).

    Placed right after RequestIdMiddleware: a hit skips every other layer, and is answered with the headers those
    layers gave the page when it was stored (the security headers and the Content-Security-Policy). A page is
    stored only as a 200, so a request the layers below would refuse or redirect (HTTPS) is never served from it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # PageCacheApplication, in front of Django's handler, has looked the page up already: its plan is used.
        plan = request.META.pop(PLAN_ENVIRON_KEY) if PLAN_ENVIRON_KEY in request.META else plan_for(request)
        if plan is None:
            return self.get_response(request)
        if plan.bypass:
            response = self.get_response(request)
            response.headers.setdefault("Cache-Control", "private, no-store")
            response.headers["X-Page-Cache"] = "bypass"
            return response

        now = timezone.now()
        entry = plan.entry
        if entry is not None:
            response = _response(entry)
            response.headers["X-Page-Cache"] = "hit"
        else:
            if db_router.replica_is_current():
                with db_router.public_reads():
                    response = self.get_response(request)
            else:
                response = self.get_response(request)
            if request.method != "GET" or not storable(response):
                if not storable(response):
                    response.headers.setdefault("Cache-Control", "private, no-store")
                return response
            entry = _entry(response, plan.until(now), now, plan.tokens)
            timeout = int(entry["until"] - now.timestamp())
            if timeout > 0:
                cache.set(plan.key, entry, timeout)
            response.headers["X-Page-Cache"] = "miss"
        for name, value in _public_headers(entry, now):
            response.headers[name] = value
        return get_conditional_response(request, etag=entry["etag"], last_modified=entry["stored"], response=response)


# WSGI ---------------------------------------------------------------------------------------------------------------

PLAN_ENVIRON_KEY = "newsroom.page_cache_plan"
CONDITIONAL_HEADERS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


class PageCacheApplication:
    """WSGI: a hit is answered in front of Django's request handler; everything else goes on to it.

    Measured under `make bench` (2 sync workers on 2 cores), Django's handler around a hit (its signals, the
    middleware chain, an HttpResponse and its header checks) cost as much CPU as the bare project's whole answer.
    Only unconditional GET and HEAD are answered here (a conditional one gets its 304 from the middleware); the plan
    made here, hit or not, is handed to PageCacheMiddleware in the environ, so a miss costs no second lookup. A Host
    that ALLOWED_HOSTS refuses, and any fault of the lookup, go on to Django, which answers them as always.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        answer = self.answer(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return body

    def answer(self, environ):
        """(status, headers, body) of a page-cache hit, or None."""
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or any(name in environ for name in CONDITIONAL_HEADERS):
            return None
        request = WSGIRequest(environ)
        try:
            plan = plan_for(request)
        except DisallowedHost:
            return None
        except Exception:
            logger.exception("Page cache lookup failed; the request goes on to Django.")
            return None
        if plan is None or plan.entry is None:
            environ[PLAN_ENVIRON_KEY] = plan
            return None
        entry = plan.entry
        headers = [
            *entry["headers"],
            *_public_headers(entry, timezone.now()),
            ("X-Page-Cache", "hit"),
            ("X-Request-ID", request_id_from(request)),
        ]
        status = f"{entry['status']} {HTTPStatus(entry['status']).phrase}"
        return status, headers, [] if method == "HEAD" else [entry["content"]]
