"""What the public pages keep in the cache below the page cache: plain values (ids and rows), never model instances.

A pickled model instance outlives the code that wrote it: after a deploy that adds a field, each read of the
missing field costs a query, and a pickle from another Django version warns on every read. So the cache holds
only ids and rows of plain values, and anything of another shape found under a key is computed again.

- The story itself on its page: its row (every column but the folded search copy) and its authors', localities'
  and tags' rows, kept with the content token BLOCK_SECONDS, also with OUTPUT_CACHE=0, and read in the same round
  trip as the token, its lists and the sections: a warm story page asks the database for nothing, and its
  comments are kept too (under the story's own token, comments.thread). Any change to a story replaces the token,
  and so does a scheduled story's minute: a story unpublished or edited is read again at once.
- Story lists ("Các tin đã đưa" and "Tin liên quan" of a story, "Xem nhiều", the home page's) are kept as the rows
  their cards show with the content token (core.pagecache) they were computed under, BLOCK_SECONDS, also with
  OUTPUT_CACHE=0: ranking related stories costs ~10 ms at 100,000 stories. On a miss, a page reads the rows of all
  its missing lists in one query (`cached_lists`). Saving or deleting a story, its bylines, photos, pins, tags,
  localities, sections or authors replaces the token (articles.signals), so everything is computed again on next
  use; a scheduled story's minute replaces it too.
- Sections and the "Địa phương" box are small, rarely changed and on every page: kept as rows STRUCTURE_SECONDS,
  dropped when a section or a locality is saved or deleted (articles.signals).
"""

import functools

from django.core.cache import cache
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from articles import display, frontpage, pages
from articles.models import LISTING_FIELDS, Article, Author, Locality, Section, Tag
from core import pagecache

BLOCK_SECONDS = 5 * 60
STRUCTURE_SECONDS = 60 * 60
LOCALITY_BOX_FIELDS = ("id", "name", "kind", "level", "slug", "parent_id", "path", "valid_from", "valid_until")
STORY_FIELDS = tuple(field.attname for field in Article._meta.concrete_fields if field.name != "search_text")
AUTHOR_FIELDS = ("id", "pen_name", "slug")
TAG_FIELDS = ("id", "name", "slug")
STORY_PARTS = ("authors", "localities", "tags")
# A story in a list, as a row: what cards show (articles.models.LISTING_FIELDS), its section's name and slug.
LISTED_COLUMNS = (*(name for name in LISTING_FIELDS if "__" not in name and name != "cover"), "cover_id", "section_id")
LISTED_FIELDS = (*LISTED_COLUMNS, "section__name", "section__slug")
LISTED_KEYS = frozenset((*LISTED_FIELDS, "cover_urls", "url", "section_url"))


def _is_rows(value):
    return isinstance(value, list) and all(type(row) is dict for row in value)


def ids_of(stories):
    return list(stories.values_list("pk", flat=True))


# Story lists ------------------------------------------------------------------------------------------------------


def list_key(key):
    return f"list:{key}"


def _kept(rows, token):
    """What is stored under a key: the rows and the content token they were computed under."""
    return {"token": token, "rows": rows}


def _current(entry, token):
    """The rows of a stored entry if they were computed under `token` (the current one), else None."""
    return entry.get("rows") if isinstance(entry, dict) and entry.get("token") == token else None


def cached_lists(token=None, stored=None, **lists):
    """{name: [story]} for each name=(key, compute ids): the stories as listed (LISTED_FIELDS and their section's
    name and slug), kept as rows BLOCK_SECONDS; on a miss compute() ranks the ids and every missing list's rows are
    read in one query.

    Each list is kept under a key of its own with the content token it was computed under, and read only while
    that token is current: the token and the lists are read in one round trip. The token is read before
    compute(): a list ranked from data older than a change is kept under the old token.
    `token`, `stored`: the token and what the caller already read from the cache in its own round trip.
    """
    keys = {name: list_key(key) for name, (key, _) in lists.items()}
    if stored is None:
        stored = cache.get_many([pagecache.GENERATION_KEY, *keys.values()])
        token = pagecache.content_state(stored.get(pagecache.GENERATION_KEY))[0]
    found, missing = {}, {}
    for name, (_, compute) in lists.items():
        rows = _current(stored.get(keys[name]), token)
        if _is_listed_rows(rows):
            found[name] = rows
        else:
            missing[name] = compute()
    if missing:
        wanted = {pk for ids in missing.values() for pk in ids}
        published = Article.objects.published().filter(pk__in=wanted) if wanted else Article.objects.none()
        by_pk = {}
        for row in published.values(*LISTED_FIELDS):
            row["cover_urls"] = display.rendition_urls(row["cover_renditions"])
            row["url"] = Article(id=row["id"], slug=row["slug"]).get_absolute_url()
            row["section_url"] = Section(slug=row["section__slug"]).get_absolute_url()
            by_pk[row["id"]] = row
        fresh = {}
        for name, ids in missing.items():
            found[name] = [by_pk[pk] for pk in ids if pk in by_pk]
            fresh[keys[name]] = _kept(found[name], token)
        cache.set_many(fresh, BLOCK_SECONDS)
    return {name: [_listed(row) for row in rows] for name, rows in found.items()}


def _is_listed_rows(value):
    return isinstance(value, list) and all(type(row) is dict and row.keys() == LISTED_KEYS for row in value)


def _listed(row):
    """A listed story from its row: the story's own columns and address, a section that knows its name and address,
    and the URLs of its cover's renditions."""
    story = pages.from_row(Article, row)  # its columns, and its address ("url") built when the row was kept
    story.section = Section(id=row["section_id"], name=row["section__name"], slug=row["section__slug"])
    # Built when the row was kept too: its cover's URLs (articles.display) and its section's address.
    story.cover_urls, story.section.url = row["cover_urls"], row["section_url"]
    return story


def _most_viewed_ids():
    return ids_of(Article.objects.published().most_viewed(pages.MOST_VIEWED_DAYS)[: pages.MOST_VIEWED_COUNT])


def _list_keys(pk):
    return f"earlier:{pk}", f"related:{pk}", "most-viewed"


def _list_specs(story):
    earlier, related, most_viewed = _list_keys(story.pk)
    # The querysets are made only on a miss: a warm page builds none.
    return {
        "earlier": (earlier, lambda: ids_of(Article.objects.published().earlier_than(story)[: pages.EARLIER_COUNT])),
        "related": (related, lambda: ids_of(Article.objects.published().related_to(story)[: pages.RELATED_COUNT])),
        "most_viewed": (most_viewed, _most_viewed_ids),
    }


def story_lists(story):
    """The story page's "Các tin đã đưa", "Tin liên quan" and "Xem nhiều": {"earlier", "related", "most_viewed"}.

    `story` comes from for_page() (the editors' preview): "Tin liên quan" reads its prefetched tags and localities.
    """
    return cached_lists(**_list_specs(story))


# The story on its page ----------------------------------------------------------------------------------------------


def _values(instance, names):
    """A model instance as a row of plain values (a file field as its stored name)."""
    row = {}
    for name in names:
        value = getattr(instance, name)
        row[name] = value.name if isinstance(value, FieldFile) else value
    return row


def _story_rows(story):
    """The rows kept for a story read with for_page() and given its parts by page_story(), with its cover's
    rendition URLs (articles.display), built once when the rows are kept."""
    return {
        "article": _values(story, STORY_FIELDS),
        "cover_urls": display.rendition_urls(story.cover_renditions),
        "reading_minutes": story.reading_minutes,  # 0.16 ms of reading the body as text on every render
        "authors": [_values(author, AUTHOR_FIELDS) for author in story.author_list],
        "localities": [_values(unit, LOCALITY_BOX_FIELDS) for unit in story.locality_list],
        "tags": [_values(tag, TAG_FIELDS) for tag in story.tag_list],
    }


def _is_story_rows(value):
    return (
        isinstance(value, dict)
        and type(value.get("article")) is dict
        and set(value["article"]) == set(STORY_FIELDS)
        and all(_is_rows(value.get(part)) for part in ("cover_urls", *STORY_PARTS))
        and type(value.get("reading_minutes")) is int
    )


def with_parts(article, tree, authors, localities, tags):
    """The story as its page reads it: .author_list, .locality_list, .tag_list, and its section from the request's
    section tree (with .parent_section)."""
    article.section = tree.by_id.get(article.section_id) or article.section
    article.author_list, article.locality_list, article.tag_list = authors, localities, tags
    return article


def page_story(article, tree):
    """with_parts() for a story read with for_page() (the editors' preview): its prefetched relations."""
    authors = [line.author for line in article.bylines.all()]
    return with_parts(article, tree, authors, list(article.localities.all()), list(article.tags.all()))


def _read_page(request, keys):
    """(content token, what was stored, the request's section tree): one round trip reads the token, `keys` and the
    rows of the sections and the "Địa phương" box, which every page shows."""
    stored = cache.get_many([pagecache.GENERATION_KEY, *keys, *_structure_keys().values()])
    token = pagecache.content_state(stored.get(pagecache.GENERATION_KEY))[0]
    return token, stored, section_tree(request, stored)


def story_page(request, pk):
    """(story, its lists, the "Địa phương" box) for /<slug>-<pk>.html, or None when no published story has that pk.

    One cache round trip when warm: the content token, the story's rows, its lists' rows and the sections' and
    the box's rows are read together. On a miss the story is read with for_page() (four queries) and its rows
    kept, with the token they were read under.
    """
    story_key = f"story:{pk}"
    token, stored, tree = _read_page(request, [story_key, *(list_key(key) for key in _list_keys(pk))])
    rows = _current(stored.get(story_key), token)
    if _is_story_rows(rows):
        story = with_parts(
            pages.from_row(Article, rows["article"]),
            tree,
            [pages.from_row(Author, row) for row in rows["authors"]],
            [pages.from_row(Locality, row) for row in rows["localities"]],
            [pages.from_row(Tag, row) for row in rows["tags"]],
        )
        story.cover_urls, story.reading_minutes = rows["cover_urls"], rows["reading_minutes"]
    else:
        story = Article.objects.published().for_page().filter(pk=pk).first()
        if story is None:
            return None
        story = page_story(story, tree)
        cache.set(story_key, _kept(_story_rows(story), token), BLOCK_SECONDS)
    return story, cached_lists(token, stored=stored, **_list_specs(story)), locality_box(stored)


def most_viewed():
    """ "Xem nhiều" for a page that shows only that list."""
    return cached_lists(most_viewed=("most-viewed", _most_viewed_ids))["most_viewed"]


def home_page(request):
    """(section tree, lists, the "Địa phương" box) of the home page; lists: {"featured": [story or none], "latest",
    "blocks" (every top-level section's latest, by section then rank), "most_viewed"}, kept as rows under the
    content token. One cache round trip when warm.

    The editors' slots come first (articles.frontpage: placed stories, then today's automatic order, no story
    twice); a placement's start or end changes the content token like a scheduled story does."""
    keys = ("home-featured", "home-latest", "home-blocks", "most-viewed")
    token, stored, tree = _read_page(request, [list_key(key) for key in keys])

    @functools.cache  # once per request, whichever list needs it first
    def arranged():
        found = frontpage.home_stories(tree.top_level)
        return {
            "featured": [found["featured"].pk] if found["featured"] else [],
            "latest": [story.pk for story in found["latest"]],
            "blocks": [story.pk for _section, stories in found["section_blocks"] for story in stories],
        }

    lists = cached_lists(
        token,
        stored,
        featured=("home-featured", lambda: arranged()["featured"]),
        latest=("home-latest", lambda: arranged()["latest"]),
        blocks=("home-blocks", lambda: arranged()["blocks"]),
        most_viewed=("most-viewed", _most_viewed_ids),
    )
    return tree, lists, locality_box(stored)


# Sections and localities ------------------------------------------------------------------------------------------


def _structure_keys():
    # The rows carry each unit's address ("url"): keys of their own, so rows kept before they did are not read.
    return {"sections": "structure:sections:url", "localities": f"structure:locality-box:url:{timezone.localdate()}"}


def cached_rows(name, compute, stored=None):
    """Rows (dicts of plain values) under a structure key: from the cache, or compute() and kept STRUCTURE_SECONDS.

    `stored`: what the caller already read from the cache in its own round trip (then none is made here)."""
    key = _structure_keys()[name]
    rows = stored.get(key) if stored is not None else cache.get(key)
    if not _is_rows(rows):
        rows = compute()
        cache.set(key, rows, STRUCTURE_SECONDS)
    return rows


def _with_urls(model, rows):
    """Rows with each one's address ("url") built once, when they are kept."""
    return [{**row, "url": model(**row).get_absolute_url()} for row in rows]


def forget_structure():
    cache.delete_many(list(_structure_keys().values()))


def _section_rows():
    return _with_urls(Section, Section.objects.values(*pages.SECTION_FIELDS))


def section_tree(request, stored=None):
    """The request's SectionTree: rows from the cache (or one query), built once per request. `stored`: as for
    `cached_rows`."""
    tree = getattr(request, "_section_tree", None)
    if tree is None:
        rows = cached_rows("sections", _section_rows, stored)
        tree = request._section_tree = pages.SectionTree.from_values(rows)
    return tree


def locality_box(stored=None):
    """The "Địa phương" box: units directly under a province that exist today. `stored`: as for `cached_rows`."""

    def compute():  # the queryset is built only on a miss
        units = Locality.objects.current().filter(parent__isnull=False, parent__parent__isnull=True).order_by("name")
        return _with_urls(Locality, units.values(*LOCALITY_BOX_FIELDS))

    rows = cached_rows("localities", compute, stored)
    return [pages.from_row(Locality, row) for row in rows]
