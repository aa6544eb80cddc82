"""The page cache: anonymous readers get public pages whole from the shared cache, refreshed the moment they change.

What is cached: GET and HEAD of the pages in PUBLIC_PAGES (home, story, section, locality, tag, author, archive,
feeds, sitemaps, robots.txt), for requests without a session or flash-message cookie. Search, previews, comment
status pages, the admin and anything a logged-in editor or a reader who just commented asks for are always
rendered fresh: those requests carry a session cookie, and their pages hold per-reader parts (own pending
comments, messages) that must never be shared. A response is stored only when it is a 200 that set no cookie,
does not vary on Cookie (Django adds that as soon as a view reads the session or the CSRF token) and is not
marked private: per-reader data cannot slip into the shared cache even if a template starts using the session.

Keys: the normalised address (scheme, host, path and the query parameters the pages read, sorted; tracking
parameters such as utm_* and Zalo's zarsrc dropped, so a shared link's variants share one entry). Each entry
carries the tokens it was rendered under and is served only while they are current. The content token
(articles.selectors.content_state) changes when any story, section, locality, tag, author or pin changes and
when a scheduled story's minute comes; a story page also carries its own token, replaced when one of its
comments is approved, edited, hidden or deleted (`stories_changed`). A hit is one cache round trip (the tokens and
the entry read together), or none with Redis, whose tokens and recent pages each process keeps copies of, exact
through Redis's invalidation messages (newsroom/nearcache.py). Every entry also dies at local midnight (the date
in the header).

HTTP: cached pages carry ETag and Last-Modified and answer conditional requests with 304; Cache-Control lets
browsers and proxies keep them PAGE_CACHE_MAX_AGE seconds (never past the next scheduled story). Requests that
bypass the cache get `private, no-store` on public pages.
"""

import datetime
import functools
import hashlib
import re
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from comments import own
from newsroom import db_router
from newsroom.nearcache import near_cache

PUBLIC_PAGES = frozenset(
    {
        "articles:home",
        "articles:detail",
        "articles:section",
        "articles:localities",
        "articles:locality",
        "articles:tag",
        "articles:author",
        "articles:archive_day",
        "articles:feed_rss",
        "articles:feed_atom",
        "articles:section_rss",
        "articles:section_atom",
        "articles:locality_rss",
        "articles:locality_atom",
        "articles:tag_rss",
        "articles:tag_atom",
        "articles:sitemap_index",
        "articles:sitemap_news",
        "articles:sitemap_section",
        "articles:robots_txt",
    }
)
# Pages about one story, with the keyword argument that names it: they also carry the story's own token.
STORY_PAGES = {"articles:detail": "pk"}
# Query parameters the public pages read; any other (except tracking ones) makes the request uncacheable, so
# nobody can fill the cache with endless variants of one address.
KEPT_PARAMS = frozenset({"page", "p", "tra-loi"})
TRACKING_PARAM = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|zarsrc|_gl|mc_[a-z]+)$")
MAX_QUERY = 256
# Cookies that mean the page holds something for this reader alone: flash messages (Django's CookieStorage name is
# fixed) and the comments this browser posted (comments.own).
PRIVATE_COOKIES = ("messages", own.COOKIE_NAME)
STORY_KEY = "pagecache:story:{}"


def page_seconds():
    """How long the shared cache keeps a page: PAGE_CACHE_SECONDS; 0 when OUTPUT_CACHE is off."""
    if not getattr(settings, "OUTPUT_CACHE", True):
        return 0
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


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
    """The ResolverMatch of a public page at this path, or None."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if match.view_name in PUBLIC_PAGES else None


class Plan:
    """What the middleware does with one request: serve or store under `key` until `until`, or pass it through."""

    def __init__(self, key=None, until=None, bypass=False, tokens=(), entry=None, near=None):
        self.key = key
        self.until = until
        self.bypass = bypass
        self.tokens = list(tokens)  # the content token (and the story's) the stored page must carry
        self.entry = entry  # the stored page, when it is current
        self.near = near  # this process's NearCache, if any


def plan_for(request):
    """A Plan for a cacheable public page, or None for everything else (admin, search, posts, static files…)."""
    if request.method not in ("GET", "HEAD") or request.path_info.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    seconds = page_seconds()
    if seconds <= 0:
        return None
    match = _public_page(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
    if match is None:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PRIVATE_COOKIES):
        return Plan(bypass=True)
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    query = _query(request)
    if query is None:
        return None
    from articles.selectors import GENERATION_KEY, content_state

    argument = STORY_PAGES.get(match.view_name)
    story_key = STORY_KEY.format(match.kwargs[argument]) if argument else None
    address = "\n".join([request.scheme, request.get_host(), request.path, query])
    key = f"pagecache:page:{hashlib.sha256(address.encode()).hexdigest()}"
    # The page is keyed by its address alone and carries the tokens it was rendered under; it is served only when
    # they are still the current ones. With Redis, this process's copies answer without a round trip (nearcache);
    # otherwise one round trip reads the tokens and the page together.
    token_keys = [GENERATION_KEY, *([story_key] if story_key else [])]
    near = _near_cache()
    kept = near.page(key) if near is not None else None
    stored = (near or cache).get_many(token_keys if kept is not None else [*token_keys, key])
    token, scheduled = content_state(stored.get(GENERATION_KEY))
    tokens = [token]
    if story_key:
        tokens.append(stored.get(story_key) or story_token(story_key))
    now = timezone.now()
    until = min(now + datetime.timedelta(seconds=seconds), _next_midnight(now), *([scheduled] if scheduled else []))
    entry = kept if _current(kept, tokens, now) else None
    if entry is None:
        entry = cache.get(key) if kept is not None else stored.get(key)
        if not _current(entry, tokens, now):
            entry = None
        elif near is not None:
            near.keep(key, entry, len(entry["content"]))
    return Plan(key=key, until=until, tokens=tokens, entry=entry, near=near)


def _current(entry, tokens, now):
    return isinstance(entry, dict) and entry.get("tokens") == tokens and entry["until"] > now.timestamp()


def _near_cache():
    """This process's copies of the tokens and pages (newsroom.nearcache) when the cache is Redis, else None."""
    from articles.selectors import GENERATION_KEY
    from newsroom.cache import ResilientRedisCache

    backend = caches["default"]
    size = getattr(settings, "PAGE_CACHE_LOCAL_MB", 32)
    if size <= 0 or not isinstance(backend, ResilientRedisCache) or len(backend._servers) != 1:
        return None
    return near_cache(backend, (GENERATION_KEY, STORY_KEY.format("")), size * 2**20)


# HTTP ---------------------------------------------------------------------------------------------------------------


def _public_headers(response, entry, now):
    """Cache-Control, ETag and Last-Modified of a shared page."""
    configured = getattr(settings, "PAGE_CACHE_MAX_AGE", 10)
    left = int(entry["until"] - now.timestamp())
    max_age = max(0, min(configured, left))
    control = f"public, max-age={max_age}"
    stale = getattr(settings, "PAGE_CACHE_STALE_SECONDS", 30)
    # Stale copies only while nothing is scheduled to change the page before they would be used.
    if stale and left >= max_age + stale:
        control += f", stale-while-revalidate={stale}"
    response.headers["Cache-Control"] = control
    response.headers["ETag"] = entry["etag"]
    response.headers["Last-Modified"] = http_date(entry["stored"])


def _entry(response, until, now, tokens):
    content = response.content
    return {
        "tokens": tokens,
        "status": response.status_code,
        "content": content,
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in ("cache-control", "etag")],
        "etag": f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "stored": int(now.timestamp()),
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

    Placed right after SecurityMiddleware: a hit skips the session, CSRF, auth and message machinery entirely,
    while the request id, HTTPS redirect and security headers still apply to every response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = plan_for(request)
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
            entry = _entry(response, plan.until, now, plan.tokens)
            timeout = int(entry["until"] - now.timestamp())
            if timeout > 0:
                cache.set(plan.key, entry, timeout)
                if plan.near is not None:
                    plan.near.keep(plan.key, entry, len(entry["content"]))
            response.headers["X-Page-Cache"] = "miss"
        _public_headers(response, entry, now)
        return get_conditional_response(request, etag=entry["etag"], last_modified=entry["stored"], response=response)
