"""make bench only: a bare Django view returning N bytes, the yardstick every page is divided by.

newsroom/urls.py includes these URLs only when BENCH_BARE_VIEW=1, which only `make bench` sets.
"""

from django.http import HttpResponse
from django.urls import path

_CHUNK = b"<p>Toa soan bench.</p>\n"


def bare(request, size):
    """`size` bytes of HTML, built without a template, a query or a lookup: the cheapest page Django can serve."""
    body = (_CHUNK * (size // len(_CHUNK) + 1))[:size]
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("bare/<int:size>/", bare, name="bench_bare")]
