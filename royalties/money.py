"""Royalty arithmetic in whole đồng: integers and Decimal only, never a float."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

HUNDRED = Decimal(100)


def work_amount(coefficient, unit_value):
    """A work's royalty: coefficient × the value of one unit, rounded half up to a whole đồng."""
    return int((Decimal(coefficient) * int(unit_value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split(total, percents):
    """Whole-đồng shares of `total` by percentages that sum to 100, summing exactly to `total`.

    Largest remainder method: everyone gets the floor of their exact share, and the đồng left over go one each to
    the largest fractional parts (ties to the earlier name in the byline)."""
    percents = [Decimal(p) for p in percents]
    if not percents:
        return []
    exact = [Decimal(total) * p / HUNDRED for p in percents]
    floors = [int(x) for x in exact]  # amounts are never negative: int() is the floor
    left = int(total) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def equal_percents(count):
    """A split in equal parts to the hundredth of a percent: 3 → 33.34, 33.33, 33.33."""
    if count <= 0:
        return []
    cents = 10000 // count
    parts = [cents] * count
    parts[0] += 10000 - cents * count
    return [Decimal(part) / HUNDRED for part in parts]


def dong(amount):
    """1234000 → "1.234.000 đ" (Vietnamese thousands separator, whole đồng)."""
    if amount is None:
        return "—"
    return f"{int(amount):,}".replace(",", ".") + " đ"


def month_start(value):
    """The first day of the month of a date or an aware datetime (in the newsroom's time zone)."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return value.replace(day=1)


def next_month(month):
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def month_bounds(month):
    """[start, end) of a month as aware datetimes in the newsroom's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    following = next_month(month)
    return (
        datetime(month.year, month.month, 1, tzinfo=zone),
        datetime(following.year, following.month, 1, tzinfo=zone),
    )


def parse_month(text):
    """ "2026-12" → date(2026, 12, 1); None for anything else (never an exception)."""
    text = (text or "").strip()
    try:
        year, month = text.split("-")
        if len(year) == 4 and 1 <= int(month) <= 12:
            return date(int(year), int(month), 1)
    except ValueError:
        pass
    return None
