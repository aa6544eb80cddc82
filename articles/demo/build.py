"""Builds the demo newsroom. Every step looks up what exists first, so a second run changes nothing.

Generated stories are identified by their slug. Their text depends only on `random.Random(42)`, never on
today's date (a story's date is drawn inside its locality's lifetime), so a run on a later day finds the
same slugs and adds nothing.
"""

import html
import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.demo import catalog, chains, covers, earlier_stories, seed_story, words
from articles.demo.localities import START_2025, UNITS
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    DailyViews,
    FrontPlacement,
    Locality,
    Photo,
    Section,
    Tag,
    TaggedArticle,
)
from core.text import vn_slugify

TZ = ZoneInfo(settings.TIME_ZONE)
FIRST_DAY = date(2013, 1, 24)  # the day after the seed story
DEFAULT_STORIES = 320
# Sections weighted as a provincial paper publishes.
SECTION_WEIGHTS = {
    "thoi-su": 12,
    "xay-dung-dang": 8,
    "chinh-tri": 7,
    "kinh-te": 6,
    "nong-nghiep": 8,
    "dau-tu": 5,
    "xa-hoi": 7,
    "giao-duc": 6,
    "y-te": 5,
    "van-hoa-giai-tri": 8,
    "the-thao": 6,
    "phap-luat": 8,
    "dia-phuong": 8,
}
GENERAL_TAGS = ["Hà Tĩnh", "chuyển đổi số", "môi trường"]
IN_SENTENCE_KIND = {
    "province": "tỉnh ",
    "city": "thành phố ",
    "town": "thị xã ",
    "district": "huyện ",
    "ward": "phường ",
    "township": "thị trấn ",
    "commune": "xã ",
}


@dataclass
class Result:
    created: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    @property
    def changed(self):
        return any(self.created.values())


def build(stories=DEFAULT_STORIES, now=None):
    """Create whatever part of the demo newsroom is missing; returns what was created and the totals."""
    now = now or timezone.now()
    result = Result()
    with transaction.atomic():
        sections = _ensure_sections(result)
        localities = _ensure_localities(result)
        authors = _ensure_authors(result)
        tags = _ensure_tags(result)
        earlier = _earlier_plans()
        plans = [_seed_plan(), *earlier, chains.waiting_plan(earlier[0])] + generate_plans(stories, now)
        _ensure_articles(plans, sections, localities, authors, tags, result)
        chains.ensure_chains(sections)
        chains.ensure_waiting_story()
        _ensure_featured(now)
        _ensure_placements(now)
        _ensure_reads(now)
    result.totals = {
        "articles": Article.objects.count(),
        "sections": Section.objects.count(),
        "localities": Locality.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
    }
    return result


def _ensure_sections(result):
    existing = {s.slug: s for s in Section.objects.filter(slug__in=[row[0] for row in catalog.SECTIONS])}
    created = 0
    for position, (slug, name, parent, description) in enumerate(catalog.SECTIONS):
        if slug not in existing:
            existing[slug] = Section.objects.create(
                slug=slug, name=name, parent=existing.get(parent), position=position, description=description
            )
            created += 1
    result.created["sections"] = created
    return existing


def _ensure_localities(result):
    existing = {u.slug: u for u in Locality.objects.filter(slug__in=[unit["slug"] for unit in UNITS])}
    created = 0
    for unit in UNITS:  # parents come before their children
        if unit["slug"] not in existing:
            parent = existing[UNITS_BY_KEY[unit["parent"]]["slug"]] if unit["parent"] else None
            existing[unit["slug"]] = Locality.objects.create(
                slug=unit["slug"],
                kind=unit["kind"],
                name=unit["name"],
                code=unit.get("code", ""),
                parent=parent,
                valid_from=unit.get("valid_from"),
                valid_until=unit.get("valid_until"),
                change_note=unit.get("note", ""),
            )
            created += 1
    by_key = {unit["key"]: existing[unit["slug"]] for unit in UNITS}
    Link = Locality.successors.through
    wanted = {
        (by_key[unit["key"]].pk, by_key[successor].pk) for unit in UNITS for successor in unit.get("successors", [])
    }
    have = set(
        Link.objects.filter(from_locality__in=[pk for pk, _ in wanted]).values_list("from_locality", "to_locality")
    )
    Link.objects.bulk_create([Link(from_locality_id=a, to_locality_id=b) for a, b in sorted(wanted - have)])
    result.created["localities"] = created
    return by_key


def _ensure_authors(result):
    slugs = {vn_slugify(name, 120): (name, bio) for name, bio in catalog.AUTHORS}
    existing = {a.slug: a for a in Author.objects.filter(slug__in=slugs)}
    created = 0
    for slug, (name, bio) in slugs.items():
        if slug not in existing:
            existing[slug] = Author.objects.create(slug=slug, pen_name=name, bio=bio)
            created += 1
    result.created["authors"] = created
    return {a.pen_name: a for a in existing.values()}


def all_tag_names():
    names = list(seed_story.TAGS) + GENERAL_TAGS
    for group in catalog.TAGS_BY_SECTION.values():
        names += group
    return list(dict.fromkeys(names))


def _ensure_tags(result):
    names = all_tag_names()
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    created = 0
    for name in names:
        if name not in existing:
            existing[name] = Tag.objects.create(name=name)
            created += 1
    result.created["tags"] = created
    return existing


def _seed_plan():
    return {
        "kicker": seed_story.KICKER,
        "headline": seed_story.HEADLINE,
        "sapo": seed_story.SAPO,
        "paragraphs": seed_story.PARAGRAPHS,
        "cover": 0,
        "cover_caption": seed_story.COVER_CAPTION,
        "section": "xay-dung-dang",
        # The paper filed it under the provincial capital: its box reads "Xem thêm Thành phố Hà Tĩnh".
        "localities": ["thanh-pho-ha-tinh"],
        "authors": seed_story.AUTHORS,
        "tags": seed_story.TAGS,
        "status": Article.Status.PUBLISHED,
        "published_at": datetime(*seed_story.PUBLISHED_AT, tzinfo=TZ),
    }


def _earlier_plans():
    """The seed section's stories from the days before the seed story ("Các tin đã đưa" on the seed page)."""
    section_covers = covers.COVERS_BY_SECTION["xay-dung-dang"]
    return [
        {
            "kicker": "",
            "headline": story["headline"],
            "sapo": story["sapo"],
            "paragraphs": story["paragraphs"],
            "cover": section_covers[index % len(section_covers)],
            "cover_caption": "",
            "section": "xay-dung-dang",
            "localities": ["thanh-pho-ha-tinh"],
            "authors": [catalog.AUTHORS[index % len(catalog.AUTHORS)][0]],
            "tags": ["Xây dựng Đảng", "Hà Tĩnh"],
            "status": Article.Status.PUBLISHED,
            "published_at": datetime(*story["published_at"], tzinfo=TZ),
        }
        for index, story in enumerate(earlier_stories.STORIES)
    ]


def _place(unit, in_headline=False):
    """ "huyện Can Lộc"; the province is plain "Hà Tĩnh" in a headline and "tỉnh Hà Tĩnh" in the text."""
    if unit["kind"] == "province" and in_headline:
        return unit["name"]
    return IN_SENTENCE_KIND[unit["kind"]] + unit["name"]


def _numbers(rng):
    return {
        "n": rng.randint(3, 95),
        "big": f"{rng.randint(11, 480) * 10:,}".replace(",", "."),
        "pct": rng.randint(62, 99),
    }


def _capitalize(text):
    return text[:1].upper() + text[1:]


def _fill(template, values):
    return string.Formatter().vformat(template, (), values)


def _valid_on(unit, day):
    return (unit.get("valid_from") is None or unit["valid_from"] <= day) and (
        unit.get("valid_until") is None or day <= unit["valid_until"]
    )


def generate_plans(count, now):
    """`count` story plans; the same texts whatever day it is (see the module docstring)."""
    rng = random.Random(42)
    today = timezone.localtime(now, TZ).date()
    units = [unit for unit in UNITS if unit["kind"] != "province"]
    # Units of 2013-2025 count twice: twelve years of news against the newest units' few months.
    past_units = units + [unit for unit in units if unit.get("valid_from") != START_2025]
    current_units = [unit for unit in UNITS if unit.get("valid_until") is None]
    section_slugs = list(SECTION_WEIGHTS)
    weights = list(SECTION_WEIGHTS.values())
    pen_names = [name for name, _ in catalog.AUTHORS]
    used_slugs = {vn_slugify(seed_story.HEADLINE, 250)}
    plans = []
    for index in range(count):
        section = rng.choices(section_slugs, weights)[0]
        kind_roll, place_roll, date_roll = rng.random(), rng.random(), rng.random()
        if index % 53 == 11:
            status = Article.Status.DRAFT
        elif index % 67 == 23:
            status = "scheduled"
        else:
            status = Article.Status.PUBLISHED
        recent = status == "scheduled" or kind_roll < 0.12
        if place_roll < 0.15:
            unit = UNITS_BY_KEY["tinh-ha-tinh"]
        else:
            pool = current_units if recent else past_units
            unit = pool[int(place_roll * 1000) % len(pool)]
        values = {key: rng.choice(options) for key, options in words.FILLERS.items()}
        values.update(place=_place(unit, in_headline=True), stars=rng.randint(3, 5), **_numbers(rng))
        # The headline decides the slug: draw again (deterministically) until it is new.
        for _attempt in range(50):
            headline = _capitalize(_fill(rng.choice(words.HEADLINES[section]), values))
            slug = vn_slugify(headline, 250)
            if slug not in used_slugs:
                break
            values["n"] = rng.randint(3, 95)
            values.update({key: rng.choice(options) for key, options in words.FILLERS.items()})
        used_slugs.add(slug)
        has_kicker = rng.random() < 0.35
        kicker_template = rng.choice(words.KICKERS[section])
        sapo_template = rng.choice(words.SAPOS["default"])
        paragraph_pool = words.PARAGRAPHS.get(section, words.PARAGRAPHS["default"]) + words.PARAGRAPHS["closing"]
        paragraph_count = rng.randint(3, min(6, len(paragraph_pool)))
        paragraph_templates = sorted(rng.sample(paragraph_pool, paragraph_count), key=paragraph_pool.index)
        paragraph_numbers = [_numbers(rng) for _ in paragraph_templates]
        authors = rng.sample(pen_names, rng.choices([1, 2, 3], [6, 3, 1])[0])
        tag_pool = list(dict.fromkeys(catalog.TAGS_BY_SECTION[section] + GENERAL_TAGS))
        tags = rng.sample(tag_pool, rng.randint(2, min(5, len(tag_pool))))
        cover = rng.choice(covers.COVERS_BY_SECTION[section])
        hour, minute = rng.randint(6, 21), rng.randrange(0, 60, 5)

        # Dates come last: nothing above depends on today.
        if status == "scheduled":
            published_at = now + timedelta(days=1 + date_roll * 5)
            published_at = published_at.replace(minute=minute, second=0, microsecond=0)
            status = Article.Status.PUBLISHED
        elif recent:
            published_at = now - timedelta(hours=1 + date_roll * 24 * 14)
            published_at = published_at.replace(second=0, microsecond=0)
        else:
            first = max(FIRST_DAY, unit.get("valid_from") or FIRST_DAY)
            last = min(today - timedelta(days=15), unit.get("valid_until") or today)
            day = first + timedelta(days=int(date_roll * max(0, (last - first).days)))
            published_at = datetime.combine(day, time(hour, minute), tzinfo=TZ)
        day = timezone.localtime(published_at, TZ).date()
        # Text under the headline may follow the date and name the province in full.
        values.update(year=day.year, month=words.MONTHS[day.month - 1], place=_place(unit))
        localities = [unit["key"]]
        parent = UNITS_BY_KEY.get(unit["parent"]) if unit["parent"] else None
        if parent and parent["kind"] != "province" and _valid_on(parent, day):
            localities.append(parent["key"])
        plans.append(
            {
                "kicker": _fill(kicker_template, values) if has_kicker else "",
                "headline": headline,
                "sapo": _fill(sapo_template, values),
                "paragraphs": [
                    _capitalize(_fill(template, values | numbers))
                    for template, numbers in zip(paragraph_templates, paragraph_numbers, strict=True)
                ],
                "cover": cover,
                "cover_caption": "",
                "section": section,
                "localities": localities,
                "authors": authors,
                "tags": tags,
                "status": status,
                "published_at": None if status == Article.Status.DRAFT else published_at,
            }
        )
    return plans


UNITS_BY_KEY = {unit["key"]: unit for unit in UNITS}


def _ensure_articles(plans, sections, localities, authors, tags, result):
    slugs = [vn_slugify(plan["headline"], 250) for plan in plans]
    existing = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    missing = [(slug, plan) for slug, plan in zip(slugs, plans, strict=True) if slug not in existing]
    result.created["articles"] = len(missing)
    if not missing:
        return
    photos = _ensure_library({plan["cover"] for _, plan in missing}, authors)
    bylines, tagged, placed = [], [], []
    Placed = Article.localities.through
    for slug, plan in missing:
        photo = photos[plan["cover"]]
        article = Article(
            kicker=plan["kicker"],
            headline=plan["headline"],
            slug=slug,
            sapo=plan["sapo"],
            body="".join(f"<p>{html.escape(p, quote=False)}</p>" for p in plan["paragraphs"]),
            cover=photo,
            cover_caption=plan["cover_caption"] or photo.caption,
            cover_alt=photo.alt,
            section=sections[plan["section"]],
            status=plan["status"],
            published_at=plan["published_at"],
        )
        article.save()
        bylines += [
            ArticleAuthor(article=article, author=authors[pen_name], position=position)
            for position, pen_name in enumerate(plan["authors"])
        ]
        tagged += [TaggedArticle(content_object=article, tag=tags[tag]) for tag in plan["tags"]]
        placed += [Placed(article=article, locality=localities[key]) for key in plan["localities"]]
    ArticleAuthor.objects.bulk_create(bylines)
    TaggedArticle.objects.bulk_create(tagged)
    Placed.objects.bulk_create(placed)


def _ensure_library(indexes, authors):
    """{picture index: its library photo}, with caption, credit (a staff photographer, linked) and alt text.

    A picture already in the library is reused; one whose files an earlier run left (a rebuilt database) takes
    its recorded renditions instead of being encoded again.
    """
    names = {index: covers.ensure_cover(index) for index in indexes}
    found = {photo.image.name: photo for photo in Photo.objects.filter(image__in=names.values())}
    stored = covers.stored_renditions()
    photos = {}
    for index, name in names.items():
        photo = found.get(name)
        if photo is None:
            label = covers.COVERS[index][1]
            credit = seed_story.AUTHORS[0] if index == 0 else catalog.PHOTOGRAPHER
            recorded = stored.get(name, {})
            photo = Photo(
                image=name,
                caption=seed_story.COVER_CAPTION if index == 0 else label,
                credit=credit,
                credit_author=authors.get(credit),
                alt=f"Ảnh minh họa: {label}",
                renditions=recorded.get("renditions", []),
                crops=recorded.get("crops", []),
            )
            photo.save()
            photo.tags.set(["Hà Tĩnh", label])
            photo.refresh_search_text()
            if not recorded:
                stored[name] = {"renditions": photo.renditions, "crops": photo.crops}
                covers.record_renditions(stored)
        photos[index] = photo
    return photos


def _ensure_featured(now):
    """Feature the seed story on the home page, as the paper did, unless an editor already featured one."""
    visible = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
    if not visible.filter(is_featured=True).exists():
        visible.filter(slug=vn_slugify(seed_story.HEADLINE, 250)).update(is_featured=True)


def _ensure_placements(now):
    """Arrange two of the home page's slots, as an editor would (articles.frontpage), unless any slot was arranged:
    the featured row's first position holds a story from a day ago, and the first section block opens with its
    section's third newest story, for a week."""
    if FrontPlacement.objects.exists():
        return
    visible = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now, is_featured=False)
    older = visible.filter(published_at__lte=now - timedelta(days=1)).order_by("-published_at").first()
    if older is not None:
        FrontPlacement(slot="row-1", article=older, starts_at=now).place(None)
    top = Section.objects.filter(parent=None).order_by("position", "name").first()
    if top is not None:
        in_top = visible.filter(Q(section=top) | Q(section__parent=top)).exclude(pk=getattr(older, "pk", None))
        third = in_top.order_by("-published_at")[2:3].first()
        if third is not None:
            FrontPlacement(
                slot=f"section-{top.pk}", article=third, starts_at=now, ends_at=now + timedelta(days=7)
            ).place(None)


def _ensure_reads(now):
    """A week of reads on recent stories, so "Xem nhiều" has something to rank; real reads add to it."""
    if DailyViews.objects.exists():
        return
    rng = random.Random(7)
    today = timezone.localdate(now)
    recent = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now).order_by("-published_at")
    DailyViews.objects.bulk_create(
        DailyViews(article=story, day=today - timedelta(days=days_ago), count=rng.randint(20, 900))
        for story in recent[:40]
        for days_ago in range(7)
        if rng.random() < 0.6
    )
