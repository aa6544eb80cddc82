"""What the public pages keep in the cache below the page cache: plain values (ids and rows), never model instances.

A pickled model instance outlives the code that wrote it: after a deploy that adds a field, each read of the
missing field costs a query, and a pickle from another Django version warns on every read. So the cache holds
only ids and rows of plain values, and anything of another shape found under a key is computed again.

- Story lists ("Các tin đã đưa" and "Tin liên quan" of a story, "Xem nhiều") are kept as ids under the content
  token (core.pagecache), BLOCK_SECONDS, also with OUTPUT_CACHE=0: ranking related stories costs ~10 ms at
  100,000 stories. A page loads the stories of all its lists in one query (`stories_by_id`). Saving or deleting a
  story, its bylines, photos, pins, tags, localities, sections or authors replaces the token (articles.signals), so
  everything is computed again on next use; a scheduled story's minute replaces it too.
- Sections and the "Địa phương" box are small, rarely changed and on every page: kept as rows STRUCTURE_SECONDS,
  dropped when a section or a locality is saved or deleted (articles.signals).
"""

from django.core.cache import cache
from django.utils import timezone

from articles import pages
from articles.models import Article, Locality, Section
from core import pagecache

BLOCK_SECONDS = 5 * 60
STRUCTURE_SECONDS = 60 * 60
LOCALITY_BOX_FIELDS = ("id", "name", "kind", "level", "slug", "parent_id", "path", "valid_from", "valid_until")


def _is_ids(value):
    return isinstance(value, list) and all(type(pk) is int for pk in value)


def _is_rows(value):
    return isinstance(value, list) and all(type(row) is dict for row in value)


def ids_of(stories):
    return list(stories.values_list("pk", flat=True))


# Story lists ------------------------------------------------------------------------------------------------------


def list_key(key, token):
    return f"ids:{key}:{token}"


def cached_ids(token=None, **lists):
    """{name: [story ids]} for each name=(key, compute): from the cache, or compute() once and kept BLOCK_SECONDS.

    The token is read before compute(): a list ranked from data older than a change lands under the old token.
    """
    token = token or pagecache.content_token()
    keys = {name: list_key(key, token) for name, (key, _) in lists.items()}
    stored = cache.get_many(list(keys.values()))
    found, fresh = {}, {}
    for name, (_, compute) in lists.items():
        ids = stored.get(keys[name])
        if not _is_ids(ids):
            ids = fresh[keys[name]] = compute()
        found[name] = ids
    if fresh:
        cache.set_many(fresh, BLOCK_SECONDS)
    return found


def stories_by_id(lists):
    """{name: [story]}: the stories of every list in one query, each list in its order (published ones only)."""
    wanted = {pk for ids in lists.values() for pk in ids}
    stories = Article.objects.published().for_listing().in_bulk(wanted) if wanted else {}
    return {name: [stories[pk] for pk in ids if pk in stories] for name, ids in lists.items()}


def _most_viewed_ids():
    return ids_of(Article.objects.published().most_viewed(pages.MOST_VIEWED_DAYS)[: pages.MOST_VIEWED_COUNT])


def story_lists(story):
    """The story page's "Các tin đã đưa", "Tin liên quan" and "Xem nhiều": {"earlier", "related", "most_viewed"}.

    `story` comes from for_page(): "Tin liên quan" reads its prefetched tags and localities.
    """
    published = Article.objects.published()
    specs = {
        "earlier": (f"earlier:{story.pk}", lambda: ids_of(published.earlier_than(story)[: pages.EARLIER_COUNT])),
        "related": (f"related:{story.pk}", lambda: ids_of(published.related_to(story)[: pages.RELATED_COUNT])),
        "most_viewed": ("most-viewed", _most_viewed_ids),
    }
    return stories_by_id(cached_ids(**specs))


def most_viewed():
    """ "Xem nhiều" for the home page."""
    return stories_by_id(cached_ids(most_viewed=("most-viewed", _most_viewed_ids)))["most_viewed"]


# Sections and localities ------------------------------------------------------------------------------------------


def _structure_keys():
    return {"sections": "structure:sections", "localities": f"structure:locality-box:{timezone.localdate()}"}


def cached_rows(name, compute):
    """Rows (dicts of plain values) under a structure key: from the cache, or compute() and kept STRUCTURE_SECONDS."""
    key = _structure_keys()[name]
    rows = cache.get(key)
    if not _is_rows(rows):
        rows = compute()
        cache.set(key, rows, STRUCTURE_SECONDS)
    return rows


def forget_structure():
    cache.delete_many(list(_structure_keys().values()))


def section_tree(request):
    """The request's SectionTree: rows from the cache (or one query), built once per request."""
    tree = getattr(request, "_section_tree", None)
    if tree is None:
        rows = cached_rows("sections", lambda: list(Section.objects.values(*pages.SECTION_FIELDS)))
        tree = request._section_tree = pages.SectionTree.from_values(rows)
    return tree


def locality_box():
    """The "Địa phương" box: units directly under a province that exist today."""
    units = Locality.objects.current().filter(parent__isnull=False, parent__parent__isnull=True).order_by("name")
    rows = cached_rows("localities", lambda: list(units.values(*LOCALITY_BOX_FIELDS)))
    return [Locality(**row) for row in rows]
