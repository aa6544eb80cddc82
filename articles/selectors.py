"""What the public pages show, each piece in one query whatever the number of rows."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.aggregates import Count
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone

from articles.models import Article, Locality, RelatedPin, Section, TaggedArticle
from core import pagecache

PAGE_SIZE = 20
HOME_LATEST = 10
HOME_PER_SECTION = 4
HOME_WINDOW = 2000  # the newest stories the home page's section blocks are drawn from
EARLIER_COUNT = 8
RELATED_COUNT = 6
RELATED_CANDIDATES = 300  # the newest stories sharing a tag or locality that get scored
MOST_VIEWED_COUNT = 8
MOST_VIEWED_DAYS = 7
# "Tin liên quan": a shared tag says more about a story than a shared commune.
TAG_WEIGHT, LOCALITY_WEIGHT = 2, 1


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of a list; any bad or out-of-range ?page= is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    if len(raw) > 6 or not raw.isdigit():
        raise Http404
    try:
        return Paginator(queryset, per_page).page(int(raw))
    except InvalidPage as exc:
        raise Http404 from exc


# Sections ---------------------------------------------------------------------------------------------------------


@dataclass
class SectionTree:
    """Every section, loaded once per request: the header, the home blocks and section pages share it."""

    sections: list
    by_id: dict = field(init=False)
    by_slug: dict = field(init=False)

    def __post_init__(self):
        self.by_id = {s.pk: s for s in self.sections}
        self.by_slug = {s.slug: s for s in self.sections}
        for section in self.sections:
            section.child_list = []
        for section in self.sections:
            parent = self.by_id.get(section.parent_id)
            section.parent_section = parent
            if parent is not None:
                parent.child_list.append(section)

    @property
    def top_level(self):
        return [s for s in self.sections if s.parent_id is None]

    def descendants(self, section):
        """The section and every section under it."""
        found, todo = [], [section]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(current.child_list)
        return found

    def ancestors(self, section):
        """Parents from the top down, without the section itself."""
        chain, current = [], section.parent_section
        while current is not None and current not in chain:
            chain.insert(0, current)
            current = current.parent_section
        return chain

    def root_of(self, section_id):
        section = self.by_id.get(section_id)
        seen = set()
        while section is not None and section.parent_section is not None and section.pk not in seen:
            seen.add(section.pk)
            section = section.parent_section
        return section


# Sections and the "Địa phương" box are small, rarely changed and on every page: they are kept in the cache even
# with OUTPUT_CACHE=0 (they are data, not rendered output). Saving or deleting a section or a locality drops them
# (articles.signals); STRUCTURE_SECONDS bounds what a process without a shared cache can miss.
STRUCTURE_SECONDS = 60 * 60


def _structure_keys():
    return {"sections": "structure:sections", "localities": f"structure:locality-box:{timezone.localdate()}"}


def cached_structure(name, compute):
    key = _structure_keys()[name]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, STRUCTURE_SECONDS)
    return value


def forget_structure():
    cache.delete_many(list(_structure_keys().values()))


def section_tree(request):
    """The request's SectionTree: from the cache, or one query."""
    tree = getattr(request, "_section_tree", None)
    if tree is None:
        sections = cached_structure(
            "sections", lambda: list(Section.objects.only("id", "name", "slug", "parent_id", "position", "description"))
        )
        tree = SectionTree(sections)
        request._section_tree = tree
    return tree


# Home -------------------------------------------------------------------------------------------------------------


def featured_story():
    return Article.objects.published().for_listing().filter(is_featured=True).first()


def latest_stories(exclude=None, limit=HOME_LATEST):
    stories = Article.objects.published().for_listing()
    if exclude is not None:
        stories = stories.exclude(pk=exclude.pk)
    return list(stories[:limit])


def _root_section_expression(depth):
    """The top-level section id of a story's section, for sections nested up to `depth` levels."""
    lookups = ["section" + "__parent" * level + "_id" for level in range(depth, -1, -1)]
    return Coalesce(*[F(lookup) for lookup in lookups], output_field=IntegerField())


def stories_by_top_section(tree, per_section=HOME_PER_SECTION, exclude_ids=()):
    """{top-level section: its latest stories, sub-sections included}, in one windowed query."""
    top = tree.top_level
    if not top:
        return []
    root = _root_section_expression(depth=2)
    # Rank only the newest stories: a window over every story costs ~250 ms at 100,000 of them, and a section
    # with nothing among the newest HOME_WINDOW has nothing fresh to show on the home page anyway.
    recent = Article.objects.published().order_by("-published_at", "-id").values("pk")[:HOME_WINDOW]
    ranked = (
        Article.objects.published()
        .for_listing()
        .filter(pk__in=recent)
        .exclude(pk__in=[pk for pk in exclude_ids if pk])
        .annotate(
            root_section=root,
            rank=Window(RowNumber(), partition_by=[root], order_by=[F("published_at").desc(), F("id").desc()]),
        )
        .filter(rank__lte=per_section)
        .order_by("root_section", "rank")
    )
    grouped = {}
    for story in ranked:
        grouped.setdefault(story.root_section, []).append(story)
    return [(section, grouped[section.pk]) for section in top if grouped.get(section.pk)]


# Localities -------------------------------------------------------------------------------------------------------


def current(localities):
    """Units that still exist today."""
    return localities.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))


def locality_box():
    """The "Địa phương" box: units directly under a province that exist today (cached, see STRUCTURE_SECONDS)."""
    return cached_structure(
        "localities",
        lambda: list(
            current(Locality.objects.filter(parent__isnull=False, parent__parent__isnull=True)).order_by("name")
        ),
    )


def locality_tree():
    """Every unit as a nested list of (unit, children) in one query."""
    units = list(Locality.objects.order_by("level", "name"))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def build(parent_id, seen):
        nodes = []
        for unit in children.get(parent_id, []):
            if unit.pk in seen:
                continue
            nodes.append((unit, build(unit.pk, seen | {unit.pk})))
        return nodes

    return build(None, frozenset())


def locality_ancestors(locality):
    """The units above this one, top down, read from the materialised path in one query."""
    ids = [int(part) for part in locality.path.strip("/").split("/") if part.isdigit() and int(part) != locality.pk]
    if not ids:
        return []
    found = {unit.pk: unit for unit in Locality.objects.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def stories_in_locality(locality):
    """Stories about this unit or any unit under it, without DISTINCT."""
    through = Article.localities.through
    story_ids = through.objects.filter(locality__path__startswith=locality.path).values("article_id")
    return Article.objects.published().for_listing().filter(pk__in=story_ids)


# Story page -------------------------------------------------------------------------------------------------------


def earlier_stories(article, limit=EARLIER_COUNT):
    """ "Các tin đã đưa": the same section's stories published before this one."""
    before = Q(published_at__lt=article.published_at) | Q(published_at=article.published_at, pk__lt=article.pk)
    return list(Article.objects.published().for_listing().filter(before, section_id=article.section_id)[:limit])


def related_stories(article, limit=RELATED_COUNT):
    """ "Tin liên quan": editors' pins in their order, then stories scored by shared tags and localities, newest first
    among equals; published stories only, each once, never the story itself (one query).

    Uses the page's prefetched tags and localities, so it costs a single query however many there are.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    locality_ids = [loc.pk for loc in article.localities.all()]
    through = Article.localities.through

    def count_of(ids, queryset, key):
        if not ids:
            return Value(0)
        counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    shared_tags = count_of(
        tag_ids,
        TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids),
        "content_object_id",
    )
    shared_localities = count_of(
        locality_ids, through.objects.filter(article_id=OuterRef("pk"), locality_id__in=locality_ids), "article_id"
    )
    pins = RelatedPin.objects.filter(article_id=article.pk, related_id=OuterRef("pk")).order_by("position", "id")
    # Score only the pins and the newest RELATED_CANDIDATES stories that share something: scoring every story
    # took 0.85 s at 100,000 stories. The newest sharing stories are ordered by date alone, so PostgreSQL walks the
    # (status, published_at) index and stops after RELATED_CANDIDATES matches (~2 ms; ordering pins first forced a
    # sort of every sharing story, ~60 ms). The pins join them in a UNION where the database allows a LIMIT inside
    # one (PostgreSQL); elsewhere an OR, fine at SQLite sizes.
    pinned = RelatedPin.objects.filter(article_id=article.pk).values("related_id")
    # EXISTS per row, not IN: checking the ~2,000 newest stories by index is cheaper than hashing every story
    # that carries one of the tags (14,000 rows for a common tag).
    sharing = Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)) | Exists(
        through.objects.filter(article_id=OuterRef("pk"), locality_id__in=locality_ids)
    )
    newest = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(sharing)
        .order_by("-published_at", "-id")
        .values("pk")[:RELATED_CANDIDATES]
    )
    if connection.features.supports_slicing_ordering_in_compound:
        candidates = Q(pk__in=newest.union(pinned.values("related_id"), all=True))
    else:
        candidates = Q(pk__in=newest) | Q(pk__in=pinned)
    return list(
        Article.objects.published()
        .for_listing()
        .exclude(pk=article.pk)
        .filter(candidates)
        .annotate(
            pin_position=Subquery(pins.values("position")[:1]),
            pin_id=Subquery(pins.values("id")[:1]),
            score=shared_tags * TAG_WEIGHT + shared_localities * LOCALITY_WEIGHT,
        )
        .order_by(
            F("pin_position").asc(nulls_last=True), F("pin_id").asc(nulls_last=True), "-score", "-published_at", "-id"
        )[:limit]
    )


# Most read --------------------------------------------------------------------------------------------------------


def most_viewed(limit=MOST_VIEWED_COUNT, days=MOST_VIEWED_DAYS, today=None):
    """ "Xem nhiều": published stories with the most reads over the last `days` local days, today included."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=days - 1)
    # The filter comes before the Sum, so the Sum adds only this week's rows (one join, one query).
    return list(
        Article.objects.published()
        .for_listing()
        .filter(daily_views__day__gte=since)
        .annotate(reads=Sum("daily_views__count"))
        .order_by("-reads", "-published_at", "-id")[:limit]
    )


# Date archive -----------------------------------------------------------------------------------------------------

ARCHIVE_START = datetime.date(1900, 1, 1)  # earlier days are 404s (and year 1 overflows in UTC)


def stories_of_day(day):
    """Stories published on this local day (Asia/Ho_Chi_Minh): 23:30 on the 24th belongs to the 24th."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return Article.objects.published().for_listing().filter(published_at__gte=start, published_at__lt=end)


# Cached data -------------------------------------------------------------------------------------------------------
#
# A story and its page's lists ("Xem nhiều" is the same for every reader, "Tin liên quan" and "Các tin đã đưa" the
# same for every reader of a story) are query results kept BLOCK_SECONDS under a generation token, also with
# OUTPUT_CACHE=0: they are data, not rendered output, like the sections above. Ranking related stories costs ~10 ms
# at 100,000 stories and the story's own four queries ~4 ms; a page rendered again (a comment approved, a page-cache
# entry expired) needs neither. Saving or deleting a story, its bylines, photos, pins, tags, localities, sections or
# authors drops the token (articles.signals), so everything is read again on next use; the page cache
# (core.pagecache) keys whole pages by the same token. A scheduled story changes nothing when its time comes, so
# the token carries the next scheduled publication time and is replaced from that moment: lists and cached pages
# show the story on time. With several processes and no Redis (local-memory cache), another process sees an
# editor's change within BLOCK_SECONDS. OUTPUT_CACHE=0 turns the cache of rendered output (whole pages) off.

BLOCK_SECONDS = 5 * 60


def cached_lists(token=None, stored=None, **lists):
    """{name: stories} for each name=(key, compute): from the cache, or compute() once and kept BLOCK_SECONDS.

    The token is read before compute(): a list ranked from data older than a change lands under the old token.
    `token` and `stored` (what the cache holds under `list_key`) spare the round trips when the caller read them.
    """
    token = token or pagecache.content_token()
    keys = {name: list_key(key, token) for name, (key, _) in lists.items()}
    if stored is None:
        stored = cache.get_many(list(keys.values()))
    found, fresh = {}, {}
    for name, (_, compute) in lists.items():
        stories = stored.get(keys[name])
        if stories is None:
            stories = fresh[keys[name]] = compute()
        found[name] = stories
    if fresh:
        cache.set_many(fresh, BLOCK_SECONDS)
    return found


def list_key(key, token):
    return f"list:{key}:{token}"


def _story_list_specs(pk, story):
    """The story page's lists for cached_lists(); `story()` gives the story when a list has to be ranked."""
    return {
        "earlier": (f"earlier:{pk}", lambda: earlier_stories(story())),
        "related": (f"related:{pk}", lambda: related_stories(story())),
        "most_viewed": ("most-viewed", most_viewed),
    }


def story_lists(article):
    """The story page's "Các tin đã đưa", "Tin liên quan" and "Xem nhiều": {"earlier", "related", "most_viewed"}."""
    return cached_lists(**_story_list_specs(article.pk, lambda: article))


def published_story(pk):
    """(story, story_lists(story)) for the story page, or (None, None) when no published story has this id.

    The story, with everything for_page() loads, is data kept under the content token like the lists: any
    change to it, its bylines, tags, localities, photos, section or authors replaces the token (articles.signals),
    and so does a scheduled story's minute. It comes in the same round trip as the lists, and is checked to be
    public still.
    """
    token = pagecache.content_token()
    story_key = f"story:{pk}:{token}"
    specs = _story_list_specs(pk, lambda: story)
    stored = cache.get_many([story_key, *(list_key(key, token) for key, _ in specs.values())])
    story = stored.get(story_key)
    if story is None:
        story = Article.objects.published().for_page().filter(pk=pk).first()
        if story is None:
            return None, None
        cache.set(story_key, story, BLOCK_SECONDS)
    elif not story.is_public:
        return None, None
    return story, cached_lists(token=token, stored=stored, **specs)


def cached_most_viewed():
    return cached_lists(most_viewed=("most-viewed", most_viewed))["most_viewed"]
