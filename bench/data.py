"""Builds the benchmark newsroom in PostgreSQL once; `make bench` runs it before serving the site.

    .venv/bin/python bench/data.py      # BENCH_DATABASE_URL, BENCH_STORIES as in bench/search_bench.py

What it holds (the issue's "Speed at newsroom scale"):
- the demo newsroom (sections, Hà Tĩnh localities, authors, tags, the 2013 seed story with its cover);
- up to BENCH_STORIES stories in all, made by search_bench's generator, each with a byline, two tags and a place;
- the seed story with 200 approved comments in threads (120 top-level, 80 replies), and a copy of it with 50
  (30 + 20): the 50-comment page is the issue's main target;
- 1,000 pending comments spread over 100 stories: the queue the approval measurement empties and refills.

A row in the table `bench_build` records what was built (and the ids the harness needs); when it is there with the
current BUILD_VERSION the build is skipped. Prints progress as it goes and a JSON line `BENCH_DATA {...}` at the end.
"""

import importlib
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import search_bench  # noqa: E402  (sets DATABASE_URL and the production-like environment)

BUILD_VERSION = "1"
MARKER_TABLE = "bench_build"
SEED_COMMENTS = (120, 80)  # top-level, replies
VARIANT_COMMENTS = (30, 20)
PENDING = 1000
QUEUE_STORIES = 100
STORY50_SLUG_SUFFIX = "-50-binh-luan"
MODERATOR = "bench-moderator"


def say(message):
    print(f"[data] {message}", flush=True)


def read_marker(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (version text PRIMARY KEY, built_at timestamptz, details text)"
        )
        cursor.execute(f"SELECT details FROM {MARKER_TABLE} WHERE version = %s", [BUILD_VERSION])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_marker(connection, details):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE} WHERE version = %s", [BUILD_VERSION])
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (version, built_at, details) VALUES (%s, now(), %s)",
            [BUILD_VERSION, json.dumps(details)],
        )


def enrich(connection):
    """A byline, two tags and a place for every story that has none, in three INSERT … SELECT statements."""
    from articles.models import Article, ArticleAuthor, Author, Locality, Tag, TaggedArticle

    authors = list(Author.objects.order_by("pk").values_list("pk", flat=True))
    tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
    places = list(Locality.objects.order_by("pk").values_list("pk", flat=True))
    placed = Article.localities.through._meta
    article = Article._meta.db_table
    statements = [
        (
            "bylines",
            f"INSERT INTO {ArticleAuthor._meta.db_table} (article_id, author_id, position) "
            f"SELECT a.id, (%s::bigint[])[1 + a.id %% %s], 0 FROM {article} a WHERE NOT EXISTS "
            f"(SELECT 1 FROM {ArticleAuthor._meta.db_table} x WHERE x.article_id = a.id)",
            [authors, len(authors)],
        ),
        (
            "tags",
            f"INSERT INTO {TaggedArticle._meta.db_table} (content_object_id, tag_id) "
            f"SELECT a.id, t.tag FROM {article} a CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY["
            f"(%s::bigint[])[1 + a.id %% %s], (%s::bigint[])[1 + (a.id * 7 + 3) %% %s]]) AS tag) t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TaggedArticle._meta.db_table} x WHERE x.content_object_id = a.id)",
            [tags, len(tags), tags, len(tags)],
        ),
        (
            "places",
            f"INSERT INTO {placed.db_table} (article_id, locality_id) "
            f"SELECT a.id, (%s::bigint[])[1 + (a.id * 13) %% %s] FROM {article} a WHERE NOT EXISTS "
            f"(SELECT 1 FROM {placed.db_table} x WHERE x.article_id = a.id)",
            [places, len(places)],
        ),
    ]
    for label, sql, params in statements:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            say(f"  {cursor.rowcount:,} {label} added in {time.perf_counter() - started:.1f} s")


def variant_of(seed):
    """The seed story again (same text, byline, tags and places) under its own address, for 50 comments."""
    from articles.models import Article, ArticleAuthor

    slug = seed.slug[: 250 - len(STORY50_SLUG_SUFFIX)] + STORY50_SLUG_SUFFIX
    existing = Article.objects.filter(slug=slug).first()
    if existing:
        return existing
    copy = Article.objects.get(pk=seed.pk)
    copy.pk = None
    copy.id = None
    copy.slug = slug
    copy.is_featured = False
    copy.save()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=copy, author_id=b.author_id, position=b.position) for b in seed.bylines.all()
    )
    copy.tags.set(list(seed.tags.all()))
    copy.localities.set(list(seed.localities.all()))
    return copy


def add_comments(generator, article, top, replies, status, *, email_domain="example.vn", start=None):
    """`top` comments and `replies` replies (two per thread on the first threads), oldest first."""
    from comments.models import Comment

    r = generator.random
    start = start or (article.published_at + timedelta(minutes=5))
    names = generator.names

    def comment(n, parent=None):
        body, _folded = generator.text(r.randint(12, 70))
        return Comment(
            article=article,
            parent=parent,
            name=r.choice(names),
            email=f"bandoc{n}@{email_domain}",
            body=body,
            status=status,
            created_at=start + timedelta(minutes=3 * n),
            ip_address=f"10.0.{n // 250}.{n % 250 + 1}",
        )

    roots = Comment.objects.bulk_create([comment(n) for n in range(top)])
    answers = [comment(top + n, parent=roots[n // 2]) for n in range(replies)]
    Comment.objects.bulk_create(answers)
    return len(roots) + len(answers)


def build():
    import django

    search_bench.ensure_database(search_bench.BENCH_URL)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from articles.demo import seed_story
    from articles.demo.build import build as build_demo
    from articles.models import Article, Locality
    from comments.models import Comment
    from core.text import vn_slugify

    say(f"database {connection.settings_dict['NAME']}: migrating")
    call_command("migrate", verbosity=0)
    # A database built before 0005_search_index changed gets what the current migration creates (idempotent).
    with connection.schema_editor() as editor:
        importlib.import_module("articles.migrations.0005_search_index").create_index(None, editor)
    details = read_marker(connection)
    if details is not None:
        say(f"already built ({details['stories']:,} stories): reusing it")
        return details

    started = time.perf_counter()
    say("demo newsroom (sections, localities, authors, tags, the seed story)")
    build_demo(stories=320)
    generator = search_bench.Generator()
    say(f"stories up to {search_bench.STORIES:,} (search_bench's generator)")
    search_bench.build(generator, search_bench.STORIES)
    print(flush=True)
    say("bylines, tags and places for every story")
    enrich(connection)

    seed = Article.objects.for_page().get(slug=vn_slugify(seed_story.HEADLINE, 250))
    with transaction.atomic():
        Comment.objects.filter(article=seed).delete()
        say(f"seed story {seed.pk}: {sum(SEED_COMMENTS)} approved comments")
        add_comments(generator, seed, *SEED_COMMENTS, Comment.Status.APPROVED)
        story50 = variant_of(seed)
        Comment.objects.filter(article=story50).delete()
        say(f"50-comment story {story50.pk}: {sum(VARIANT_COMMENTS)} approved comments")
        add_comments(generator, story50, *VARIANT_COMMENTS, Comment.Status.APPROVED)

        published = Article.objects.published().exclude(pk__in=[seed.pk, story50.pk]).order_by("-published_at")
        queue = list(published.values_list("pk", flat=True)[: QUEUE_STORIES + 1])
        post_target, queue = queue[0], queue[1:]
        Comment.objects.filter(article_id__in=queue).delete()
        say(f"{PENDING:,} pending comments on {len(queue)} stories")
        for number, pk in enumerate(queue):
            story = Article.objects.get(pk=pk)
            per_story = PENDING // len(queue)
            add_comments(generator, story, per_story, 0, Comment.Status.PENDING, email_domain=f"q{number}.example.vn")
        moderator, _created = get_user_model().objects.get_or_create(
            username=MODERATOR, defaults={"is_staff": True, "email": "moderator@example.vn"}
        )
        locality = (
            Locality.objects.filter(level=Locality.Level.DISTRICT, children__isnull=False).order_by("slug").first()
            or Locality.objects.order_by("level", "slug").first()
        )
        details = {
            "stories": Article.objects.count(),
            "seed": {"pk": seed.pk, "url": seed.get_absolute_url()},
            "story50": {"pk": story50.pk, "url": story50.get_absolute_url()},
            "post_target": {"pk": post_target, "url": Article.objects.get(pk=post_target).get_absolute_url()},
            "queue_articles": queue,
            "moderator": moderator.pk,
            "locality": locality.get_absolute_url(),
            "section": "/chuyen-muc/thoi-su/",
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        write_marker(connection, details)
    # VACUUM, not only ANALYZE: a freshly loaded table has no page marked all-visible, so PostgreSQL could not use
    # index-only scans until autovacuum came by, and the figures would not be those of a live site.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"built in {details['build_seconds']:.0f} s")
    return details


def main():
    details = build()
    print("BENCH_DATA " + json.dumps(details), flush=True)


if __name__ == "__main__":
    main()
