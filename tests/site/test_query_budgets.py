"""Every public page runs a fixed number of queries, however many stories, sections, tags or authors it shows.

Each test renders the same page over a small and a large data set and pins the same exact number for both.
The comments block's own queries (comments.jinja2.comments_for) count towards the story page budget.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, DailyViews, FrontPlacement, Locality, RelatedPin
from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = "small", "large"


def _ago(hours):
    return timezone.now() - timedelta(hours=hours)


def _cover():
    return [{"width": 480, "height": 320, "webp": "c/a-480.webp", "jpeg": "c/a-480.jpg"}]


# Story page ---------------------------------------------------------------------------------------------------------


def story_page(size):
    """A story with 1 tag, 1 author and 1 locality, or with 20 tags, 5 authors, 5 localities and 30 related."""
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    n_tags, n_authors, n_localities, n_related = (1, 1, 1, 1) if size == SMALL else (20, 5, 5, 30)
    tags = [f"Thẻ {n}" for n in range(n_tags)]
    localities = [
        Locality.objects.create(name=f"Phường {n}", kind=Locality.Kind.WARD, parent=province)
        for n in range(n_localities)
    ]
    section = SectionFactory(parent=SectionFactory())
    article = ArticleFactory(
        section=section,
        tags=tags,
        localities=localities,
        authors=AuthorFactory.create_batch(n_authors),
        published_at=_ago(1),
    )
    article.cover_renditions = _cover()
    article.save()
    for n in range(n_related):
        other = ArticleFactory(
            section=section, tags=tags[: n % 3 + 1], localities=localities[:1], published_at=_ago(n + 2)
        )
        DailyViews.objects.create(article=other, day=timezone.localdate() - timedelta(days=n % 7), count=n + 1)
        if n < 3:
            RelatedPin.objects.create(article=article, related=other, position=n)
    return article.get_absolute_url()


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_story_page_query_budget(client, rf, django_assert_num_queries, size):
    url = story_page(size)
    # 1 the story with its section and parent section (select_related)
    # 2 bylines with their authors, 3 localities, 4 tags (for_page prefetches)
    # 5 every section, for the header (one per request, shared with the view)
    # 6 the cached blocks' generation: the next scheduled publication time (once per change of any story)
    # 7 "Các tin đã đưa": earlier stories of the section
    # 8 "Tin liên quan": editors' pins, then stories ranked by shared tags + localities (all subqueries)
    # 9 "Xem nhiều": reads of the last 7 days summed per story (one join)
    # 10 the rows of those three lists' stories, in one query (the cache keeps rows, never model instances)
    # 11 the weather box (one query on a cache miss; the cache is cleared before every test)
    # 12 the "Địa phương" box
    # 13 the first page of comments with their replies and the thread's counts (kept as rows under the story's
    #    token, comments.thread)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_story_page_query_budget_with_warm_caches(client, rf, django_assert_num_queries, size, settings):
    # Warm block caches, page cache off: the second request is rendered, not served whole (0 queries then).
    settings.PAGE_CACHE_SECONDS = 0
    url = story_page(size)
    client.get(url)
    # Nothing: the story itself, with its authors, localities and tags, and the rows of "Các tin đã đưa", "Tin
    # liên quan" and "Xem nhiều" are plain rows under the content token (never a pickled model instance, so a
    # deploy that adds a field never reads an older pickle), read in one round trip; its page of comments is rows
    # under the story's token; the sections, the "Địa phương" box, the generation and the weather are cached.
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("comments", "queries"), [(1000, 13), (2, 15)], ids=["page 2 of 1,000", "page 2 of 2: past the end"]
)
def test_story_page_query_budget_whatever_the_number_of_comments(client, django_assert_num_queries, comments, queries):
    """A story with 1,000 approved comments (one page of 50 top-level ones shown) costs a fixed number of queries;
    a page past the end (an old link) costs two more: the counts, then the nearest page."""
    url = story_page(SMALL)
    article = Article.objects.get(pk=int(url.rsplit("-", 1)[1].removesuffix(".html")))
    Comment.objects.bulk_create(
        Comment(article=article, name=f"Bạn đọc {n}", email=f"b{n}@example.vn", body="Ý kiến.", status="approved")
        for n in range(comments)
    )
    # 12 as in test_story_page_query_budget, then the comments block: 13 the page's comments with the counts
    with django_assert_num_queries(queries):
        response = client.get(url, {"binh-luan": 2})
    assert f"{comments} bình luận" in response.content.decode()


# Home page ----------------------------------------------------------------------------------------------------------


def home_page(size):
    """3 stories in 2 sections, or 60 stories in 8 sections (half of them sub-sections) with 10 localities."""
    n_sections, n_stories = (2, 3) if size == SMALL else (8, 60)
    tops = [SectionFactory() for _ in range(n_sections // 2 or 1)]
    sections = tops + [SectionFactory(parent=tops[n % len(tops)]) for n in range(n_sections - len(tops))]
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    for n in range(1 if size == SMALL else 10):
        Locality.objects.create(name=f"Huyện {n}", kind=Locality.Kind.DISTRICT, parent=province)
    for n in range(n_stories):
        story = ArticleFactory(section=sections[n % len(sections)], is_featured=n == 0, published_at=_ago(n + 1))
        story.cover_renditions = _cover()
        story.save()
        DailyViews.objects.create(article=story, day=timezone.localdate() - timedelta(days=n % 7), count=n + 1)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_home_page_query_budget(client, django_assert_num_queries, size):
    home_page(size)
    # 1 every section (header and the per-section blocks)
    # 2 the cached blocks' generation, 3 the stories editors placed in the slots (articles.frontpage), 4 the featured
    # story, 5 the latest stories, 6 the latest stories of every top-level section: one windowed query (RowNumber per
    # top section), 7 "Xem nhiều" ranked (all four lists cached for the next requests, as ids)
    # 8 the stories of the four lists by id, in one query
    # 9 the weather box (one query on a cache miss; the cache is cleared before every test)
    # 10 the "Địa phương" box
    with django_assert_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_home_page_query_budget_with_warm_caches(client, django_assert_num_queries, size, settings):
    settings.PAGE_CACHE_SECONDS = 0  # warm block caches, page rendered (a cached page costs no query)
    home_page(size)
    client.get("/")
    # Nothing: the featured, latest, per-section and "Xem nhiều" lists are cached as the rows their cards show
    # (never model instances); sections, "Địa phương" rows and weather are cached
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_home_page_query_budget_with_every_slot_filled(client, django_assert_max_num_queries, size, settings):
    """Slots filled by editors cost the same as empty ones: the placed stories are one query however many."""
    settings.PAGE_CACHE_SECONDS = 0
    home_page(size)
    tops = {story.section.parent_id or story.section_id for story in Article.objects.select_related("section")}
    for slot, story in zip(
        ["lead", "row-1", "row-2", "row-3", "row-4"], Article.objects.order_by("published_at"), strict=False
    ):
        FrontPlacement(slot=slot, article=story).place(None)
    for top in tops:
        story = (
            Article.objects.filter(section_id=top).order_by("published_at").first()
            or Article.objects.filter(section__parent_id=top).order_by("published_at").first()
        )
        if story and not FrontPlacement.objects.filter(article=story).exists():
            FrontPlacement(slot=f"section-{top}", article=story).place(None)
    client.get("/")
    # the one of test_home_page_query_budget_with_warm_caches: the arranged lists are cached as ids like the others
    with django_assert_max_num_queries(1):
        response = client.get("/")
    assert response.status_code == 200
    placed = FrontPlacement.objects.select_related("article")
    html = response.content.decode()
    assert all(p.article.headline in html for p in placed)


# List pages ---------------------------------------------------------------------------------------------------------


def listed_stories(size):
    """5 or 40 stories sharing one section, tag, author and ward (under a district, under a province)."""
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    district = Locality.objects.create(name="Can Lộc", kind=Locality.Kind.DISTRICT, parent=province)
    ward = Locality.objects.create(name="Nghèn", kind=Locality.Kind.TOWNSHIP, parent=district)
    Locality.objects.create(name="Đồng Lộc", kind=Locality.Kind.COMMUNE, parent=district)
    section = SectionFactory(name="Thời sự", slug="thoi-su", parent=SectionFactory())
    SectionFactory(parent=section)
    author = AuthorFactory(pen_name="Minh Huệ")
    for n in range(5 if size == SMALL else 40):
        story = ArticleFactory(
            section=section, tags=["Nông thôn mới"], authors=[author], localities=[ward], published_at=_ago(n + 1)
        )
        story.cover_renditions = _cover()
        story.save()


# Each list page: the header's sections (1) plus, for pages 1 and 2 alike:
#   section  -- (the section comes from the sections list) count, page of stories            = 3
#   tag      -- tag, count, page of stories                                                   = 4
#   author   -- author, count, page of stories                                                = 4
#   locality -- unit, count, page of stories, units above it (one query from the path),
#               units under it, successors, predecessors                                      = 8
# + 1 on every page: the page cache's content token, the next scheduled publication time (core.pagecache; once
# per change of any story, shared by every page, none with OUTPUT_CACHE=0).
CONTENT_TOKEN = 1
LIST_BUDGETS = [
    ("/chuyen-muc/thoi-su/", 3 + CONTENT_TOKEN),
    ("/the/nong-thon-moi/", 4 + CONTENT_TOKEN),
    ("/tac-gia/minh-hue/", 4 + CONTENT_TOKEN),
    ("/dia-phuong/huyen-can-loc/", 8 + CONTENT_TOKEN),
]


@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("url, budget", LIST_BUDGETS)
def test_list_page_query_budget(client, django_assert_num_queries, size, url, budget):
    listed_stories(size)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card__title"') == (5 if size == SMALL else 20)


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_second_page_has_the_same_budget(client, django_assert_num_queries, size):
    listed_stories(size)
    url = "/the/nong-thon-moi/?page=2" if size == LARGE else "/the/nong-thon-moi/"
    with django_assert_num_queries(4 + CONTENT_TOKEN):
        assert client.get(url).status_code == 200


def test_localities_index_query_budget(client, django_assert_num_queries):
    listed_stories(LARGE)
    # 1 the header's sections, 2 every unit (the tree is built in Python), + the page cache's content token
    with django_assert_num_queries(2 + CONTENT_TOKEN):
        assert client.get("/dia-phuong/").status_code == 200
