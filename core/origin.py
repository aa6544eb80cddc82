"""Whether a POST comes from another site, by the `Origin` and `Sec-Fetch-Site` headers browsers send.

For forms that carry no CSRF token because the page they sit on is cached and shared (the comment form): any site
could otherwise make its visitors post them. Old clients that send neither header are let through.
"""

from urllib.parse import urlsplit

from django.conf import settings

# Sec-Fetch-Site values of a request the reader made on our own pages (or typed, bookmarked: "none").
OWN_FETCH_SITES = frozenset({"same-origin", "none"})


def _netloc(url):
    return urlsplit(url).netloc.lower()


def _trusted(origin, request):
    """The page's own host, SITE_URL, or one of CSRF_TRUSTED_ORIGINS (`https://*.example.vn` allows subdomains)."""
    host = _netloc(origin)
    if not host:
        return False
    if host == request.get_host().lower() or host == _netloc(settings.SITE_URL):
        return True
    scheme = urlsplit(origin).scheme
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        parts = urlsplit(trusted)
        pattern = parts.netloc.lower()
        if parts.scheme != scheme:
            continue
        if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False


def is_cross_site(request):
    """True when the browser says the request was made by a page of another site."""
    origin = request.headers.get("origin")
    if origin is not None:
        # "null" is what a sandboxed frame or a data: page sends: not one of ours.
        return not _trusted(origin, request)
    fetch_site = request.headers.get("sec-fetch-site")
    return fetch_site is not None and fetch_site.lower() not in OWN_FETCH_SITES
