"""The home page's named slots, which editors fill, and the automatic order that fills what they leave empty.

Slots: the lead story ("lead"), the featured row's positions ("row-1" … "row-4", the first stories of "Tin mới"),
and the first story of each top section's block ("section-<id>"). A slot shows the story of its placement in force
(the latest start wins) if that story is published; otherwise, or when nothing is placed, today's automatic order
fills it: nothing is ever blank, and a placed story is left out of the automatic lists so it is not shown twice.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import pages
from articles.models import Article

LEAD = "lead"
ROW_SIZE = 4
ROW_PREFIX = "row-"
SECTION_PREFIX = "section-"


@dataclass(frozen=True)
class Slot:
    key: str
    label: str
    section: object = None  # the top section of a section block's slot


def slots(top_sections):
    """Every slot of the home page, in page order."""
    found = [Slot(LEAD, _("Lead story"))]
    found += [Slot(f"{ROW_PREFIX}{n}", _("Featured row, position %(n)d") % {"n": n}) for n in range(1, ROW_SIZE + 1)]
    found += [
        Slot(f"{SECTION_PREFIX}{s.pk}", _("First story of “%(section)s”") % {"section": s.name}, s)
        for s in top_sections
    ]
    return found


def placed_stories(now=None):
    """{slot: story} for the placements in force whose story is published, in one query.

    The latest start wins a slot; a story placed in two slots keeps the first (in page order) only.
    """
    now = now or timezone.now()
    rows = (
        Article.objects.published()
        .for_listing()
        .filter(
            models.Q(front_placements__ends_at__isnull=True) | models.Q(front_placements__ends_at__gt=now),
            front_placements__starts_at__lte=now,
        )
        .annotate(
            front_slot=models.F("front_placements__slot"),
            front_start=models.F("front_placements__starts_at"),
            front_id=models.F("front_placements__id"),
        )
        .order_by("-front_start", "-front_id")
    )
    winners = {}
    for story in rows:
        winners.setdefault(story.front_slot, story)
    shown, used = {}, set()
    for key in sorted(winners, key=_page_order):
        story = winners[key]
        if story.pk not in used:
            shown[key] = story
            used.add(story.pk)
    return shown


def _page_order(key):
    if key == LEAD:
        return (0, 0)
    prefix, _sep, number = key.rpartition("-")
    return (1 if prefix == "row" else 2, int(number) if number.isdigit() else 0)


def home_stories(top_sections, now=None):
    """The home page's stories: the lead, "Tin mới" and the section blocks, placed slots first, no story twice."""
    placed = placed_stories(now)
    used = [story.pk for story in placed.values()]
    stories = Article.objects.published().for_listing()
    automatic = stories.exclude(pk__in=used)

    lead = placed.get(LEAD)
    if lead is None:
        lead = automatic.filter(is_featured=True).first()
        if lead is not None:
            used.append(lead.pk)
            automatic = stories.exclude(pk__in=used)

    rest = iter(automatic[: pages.HOME_LATEST])
    latest = []
    for n in range(1, pages.HOME_LATEST + 1):
        story = placed.get(f"{ROW_PREFIX}{n}") if n <= ROW_SIZE else None
        story = story or next(rest, None)
        if story is not None:
            latest.append(story)

    grouped = automatic.latest_by_top_section([s.pk for s in top_sections], pages.HOME_PER_SECTION, pages.HOME_WINDOW)
    blocks = []
    for section in top_sections:
        first = placed.get(f"{SECTION_PREFIX}{section.pk}")
        block = grouped.get(section.pk, [])
        if first is not None:
            block = [first, *block[: pages.HOME_PER_SECTION - 1]]
        if block:
            blocks.append((section, block))
    return {"featured": lead, "latest": latest, "section_blocks": blocks}
