"""One page of a long list, for any public list page."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a list; any bad or out-of-range ?page= is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    if len(raw) > 6 or not raw.isdigit():
        raise Http404
    try:
        return Paginator(queryset, per_page).page(int(raw))
    except InvalidPage as exc:
        raise Http404 from exc
