"""Search benchmark: 100,000 stories in PostgreSQL, 200 searches, the home page before and after.

    make bench                     # or: .venv/bin/python bench/search_bench.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench  (default)
    BENCH_STORIES=100000 BENCH_SEARCHES=200                                   (defaults)

The database is created, migrated and filled on the first run (bulk inserts of 5,000 generated Vietnamese stories,
`search_text` folded with core.text.fold) and reused afterwards. Timings go through Django's test Client, so
they include the view, the template and every query. Results: a table on stdout, var/bench/search.md and .json.
"""

import importlib
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
STORIES = int(os.environ.get("BENCH_STORIES", "100000"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "200"))
BATCH = 5000
OUT = ROOT / "var" / "bench"

# Production-like settings: no DEBUG query log, no HTTPS redirect for the test client.
os.environ.update(
    DATABASE_URL=BENCH_URL,
    DEBUG="0",
    SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-secret",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="0",
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def ensure_database(url):
    """CREATE DATABASE when it does not exist yet (connecting to the server's `postgres` database)."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


# Generated stories --------------------------------------------------------------------------------------------------

LOCALITIES = [
    "Hà Tĩnh", "Cẩm Xuyên", "Kỳ Anh", "Hương Khê", "Thạch Hà", "Nghi Xuân", "Đức Thọ", "Can Lộc", "Lộc Hà",
    "Vũ Quang", "Hương Sơn", "Hồng Lĩnh", "Thiên Cầm", "Vũng Áng", "Xuân Thành", "Cầu Treo",
]  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đình", "Hữu", "Minh", "Thanh", "Quốc", "Xuân", "Ngọc", "Đức", "Công", "Thành"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Huệ", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thủy",
    "Toàn", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến", "Đạt", "Ánh", "Ổn", "Ước", "Ỷ",
]  # fmt: skip


def vocabulary():
    """Words in their natural frequencies: the seed story's text and the demo's phrases."""
    from articles.demo.words import FILLERS

    seed = Path("/work/shared/seed-page.txt")
    words = seed.read_text(encoding="utf-8").split() if seed.exists() else []
    for phrases in FILLERS.values():
        for phrase in phrases:
            words.extend(phrase.split())
    return words or "Tỉnh Hà Tĩnh đẩy mạnh xây dựng Đảng và phát triển kinh tế xã hội".split()


class Generator:
    """Stories built from word indices, so each word is folded once, not once per story."""

    def __init__(self, seed=2012):
        from core.text import fold

        self.random = random.Random(seed)
        self.words = vocabulary()
        self.folded = [fold(word) for word in self.words]
        self.names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]  # 6,720: rare terms
        self.fold = fold

    def text(self, n_words, extra=()):
        picks = [self.random.randrange(len(self.words)) for _ in range(n_words)]
        original = [self.words[i] for i in picks]
        folded = [self.folded[i] for i in picks]
        for phrase in extra:  # proper names at random places
            at = self.random.randrange(len(original) + 1)
            original.insert(at, phrase)
            folded.insert(at, self.fold(phrase))
        return " ".join(original), " ".join(folded)

    def story(self, n, sections, now):
        from articles.models import Article

        r = self.random
        place = r.choice(LOCALITIES)
        name = r.choice(self.names)
        headline, f_headline = self.text(r.randint(6, 12), extra=[place] if r.random() < 0.3 else [])
        sapo, f_sapo = self.text(r.randint(25, 45), extra=[place])
        paragraphs, folded = [], []
        for index in range(r.randint(4, 7)):
            extra = [name] if index == 1 else ([r.choice(LOCALITIES)] if r.random() < 0.3 else [])
            text, f_text = self.text(r.randint(80, 150), extra=extra)
            paragraphs.append(text)
            folded.append(f_text)
        draft = r.random() < 0.02
        return Article(
            headline=headline[:250],
            slug=f"bai-viet-{n}",
            sapo=sapo,
            body="".join(f"<p>{p}</p>" for p in paragraphs),
            search_text=" ".join([f_headline, f_sapo, *folded]),
            section=r.choice(sections),
            status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
            published_at=None if draft else now - timedelta(minutes=r.randrange(10 * 365 * 24 * 60)),
        )


def build(generator, target):
    """Fill the database up to `target` stories; the search index is built once afterwards, not row by row."""
    from django.db import connection
    from django.utils import timezone

    from articles.models import Article, Section
    from articles.sanitize import html_to_text

    have = Article.objects.count()
    if have >= target:
        print(f"Database already holds {have:,} stories: reusing it.")
        return 0.0
    started = time.perf_counter()
    sections = [
        Section.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [
            ("thoi-su", "Thời sự"), ("chinh-tri", "Chính trị"), ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"),
            ("van-hoa", "Văn hóa"), ("the-thao", "Thể thao"), ("phap-luat", "Pháp luật"),
            ("nong-nghiep", "Nông nghiệp"),
        ]
    ]  # fmt: skip
    index = importlib.import_module("articles.migrations.0005_search_index")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {index.INDEX}")
    now = timezone.now()
    for start in range(have, target, BATCH):
        batch = [generator.story(n, sections, now) for n in range(start, min(start + BATCH, target))]
        Article.objects.bulk_create(batch)
        print(f"  {start + len(batch):,} stories", end="\r", flush=True)
    sample = Article.objects.order_by("-id").first()
    expected = generator.fold(" ".join([sample.kicker, sample.headline, sample.sapo, html_to_text(sample.body)]))
    assert sample.search_text == expected, "bench search_text differs from what Article.save() would store"
    with connection.schema_editor() as editor:
        index.create_index(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    return time.perf_counter() - started


# Measuring ----------------------------------------------------------------------------------------------------------


def queries(generator, count):
    """Varied searches: common words, place names with and without diacritics, rare names, phrases, filters."""
    r = random.Random(7)
    strip = generator.fold
    common = [w.strip('.,:;“”"()') for w in generator.words if len(w) > 2][:400]
    made = []
    for n in range(count):
        kind = n % 6
        if kind == 0:
            made.append(("common word", {"q": r.choice(common)}))
        elif kind == 1:
            place = r.choice(LOCALITIES)
            made.append(("place", {"q": r.choice([place, strip(place), place.upper()])}))
        elif kind == 2:
            name = r.choice(generator.names)
            made.append(("rare name", {"q": r.choice([name, strip(name)])}))
        elif kind == 3:
            at = r.randrange(len(generator.words) - 3)
            made.append(("quoted phrase", {"q": '"' + " ".join(generator.words[at : at + 2]) + '"'}))
        elif kind == 4:
            made.append(("two words", {"q": f"{r.choice(common)} {r.choice(LOCALITIES)}"}))
        else:
            year = r.randint(2017, 2025)
            made.append(
                (
                    "with filters",
                    {"q": r.choice(common), "section": "kinh-te", "since": f"{year}-01-01", "until": f"{year}-06-30"},
                )
            )
    return made


def timed(client, path, params=None, cached=True):
    if not cached:
        from django.core.cache import cache

        cache.clear()  # the home page caches its blocks: measure the database work behind them
    started = time.perf_counter()
    response = client.get(path, params or {})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, params, response.status_code)
    return elapsed


def summary(values):
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max": round(ordered[-1], 1),
    }


def main():
    import django

    if not BENCH_URL.startswith("postgres"):
        sys.exit("BENCH_DATABASE_URL must be a PostgreSQL URL: the figures are for the production database.")
    ensure_database(BENCH_URL)
    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from articles.models import Article

    call_command("migrate", verbosity=0)
    generator = Generator()
    build_seconds = build(generator, STORIES)
    total = Article.objects.count()
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results, by_kind = {}, {}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, **static}):
        client = Client()
        for _ in range(5):  # warm the connection and the caches
            client.get("/")
            client.get("/tim-kiem/", {"q": "ha tinh"})
        results["home before (cache cleared)"] = summary([timed(client, "/", cached=False) for _ in range(50)])
        search_times = []
        for kind, params in queries(generator, SEARCHES):
            elapsed = timed(client, "/tim-kiem/", params)
            search_times.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
        results["search (all)"] = summary(search_times)
        for kind, values in by_kind.items():
            results[f"search: {kind}"] = summary(values)
        results["home after (cache cleared)"] = summary([timed(client, "/", cached=False) for _ in range(50)])

    rows = [f"| {name} | {r['n']} | {r['p50']} | {r['p95']} | {r['max']} |" for name, r in results.items()]
    table = "\n".join(["| page | requests | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|", *rows])
    head = f"Search benchmark: {total:,} stories on PostgreSQL ({urlsplit(BENCH_URL).path.lstrip('/')})"
    if build_seconds:
        head += f", built in {build_seconds:.0f} s"
    print(f"\n{head}\n\n{table}\n")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search.md").write_text(f"# {head}\n\n{table}\n", encoding="utf-8")
    payload = {"stories": total, "build_seconds": round(build_seconds, 1), "results": results}
    (OUT / "search.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Saved {OUT / 'search.md'} and {OUT / 'search.json'}")


if __name__ == "__main__":
    main()
