"""What the weather box shows: the stored reports, cached, judged against the clock."""

from django.core.cache import cache
from django.utils import timezone

from weather import conf
from weather.models import BOX_CACHE_KEY, WeatherReport

# The box's reports are kept as rows of plain values (never pickled model instances, which outlive the code).
BOX_FIELDS = frozenset(field.attname for field in WeatherReport._meta.concrete_fields)


def cached_reports():
    """All stored reports in display order: one query, then none until the cache expires or a fetch lands."""
    rows = cache.get(BOX_CACHE_KEY)
    if not (isinstance(rows, list) and all(type(row) is dict and row.keys() == BOX_FIELDS for row in rows)):
        rows = list(WeatherReport.objects.values(*BOX_FIELDS))
        cache.set(BOX_CACHE_KEY, rows, conf.cache_seconds())
    return [WeatherReport(**row) for row in rows]


def box_context(now=None):
    """Reports recent enough to show, the time of their data, and whether it is getting old."""
    now = now or timezone.now()
    reports = [report for report in cached_reports() if now - report.observed_at <= conf.hide_after()]
    if not reports:
        return {"reports": []}
    updated_at = min(report.observed_at for report in reports)
    return {
        "reports": reports,
        "updated_at": updated_at,
        "stale": now - updated_at > conf.stale_after(),
        "demo": any(report.is_demo for report in reports),
    }
