"""The date archive's navigation: the months and days that have stories, in Vietnam's local time.

Each function is one query on the (status, published_at) index; day and month boundaries are local
(Asia/Ho_Chi_Minh), as in ArticleQuerySet.on_day.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from articles.models import Article


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class ArchiveMonth:
    first: datetime.date
    count: int

    @property
    def year(self):
        return self.first.year


def months():
    """[ArchiveMonth(first day of a month, stories published in it)], newest first: the archive index."""
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [ArchiveMonth(timezone.localtime(row["month"]).date(), row["count"]) for row in rows]


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    count: int
    in_month: bool


def month_calendar(first):
    """The month's weeks, Monday first, as CalendarDay cells; days with stories carry their count (one query)."""
    end = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    rows = (
        Article.objects.published()
        .filter(published_at__gte=_start_of(first), published_at__lt=_start_of(end))
        .annotate(day=TruncDate("published_at"))
        .order_by()
        .values("day")
        .annotate(count=Count("id"))
    )
    counts = {row["day"]: row["count"] for row in rows}
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    return [
        [
            CalendarDay(day, counts.get(day, 0) if day.month == first.month else 0, day.month == first.month)
            for day in week
        ]
        for week in weeks
    ]


def _nearest(before=None, after=None):
    """The local day of the newest story before `before`, or of the oldest one from `after` on, or None."""
    stories = Article.objects.published()
    if before is not None:
        found = stories.filter(published_at__lt=_start_of(before)).order_by("-published_at")
    else:
        found = stories.filter(published_at__gte=_start_of(after)).order_by("published_at")
    moment = found.values_list("published_at", flat=True).first()
    return timezone.localdate(moment) if moment else None


def day_before(day):
    """The nearest earlier day with a published story (empty days are skipped)."""
    return _nearest(before=day)


def day_after(day):
    """The nearest later day with a published story, or None."""
    return _nearest(after=day + datetime.timedelta(days=1))


def month_before(first):
    found = _nearest(before=first)
    return found.replace(day=1) if found else None


def month_after(first):
    end = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    found = _nearest(after=end)
    return found.replace(day=1) if found else None
