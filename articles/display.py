"""How the public site prints things: Vietnamese newspaper dates and numbers, cover pictures, share links.

Plain functions: the Jinja2 templates of the public pages use them as filters and globals (articles/jinja2.py), and
the few Django templates left (the news sitemap) through articles/templatetags/site_tags.py.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from articles import metadata

NEWSROOM_TZ = ZoneInfo(settings.TIME_ZONE)


# Newspapers write "Thứ Tư", not Django's "Thứ 4": our own catalog entries, with a context of their own. Lazy, so
# that a list of 48 cards translates one name per card, in the language of the request.
WEEKDAYS = (
    pgettext_lazy("dateline", "Monday"),
    pgettext_lazy("dateline", "Tuesday"),
    pgettext_lazy("dateline", "Wednesday"),
    pgettext_lazy("dateline", "Thursday"),
    pgettext_lazy("dateline", "Friday"),
    pgettext_lazy("dateline", "Saturday"),
    pgettext_lazy("dateline", "Sunday"),
)


def _weekday(value):
    return str(WEEKDAYS[value.weekday()])


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return value.astimezone(NEWSROOM_TZ)
    return value


def vn_datetime(value):
    """ "Thứ Tư, 23/01/2013 - 08:15" in Vietnam's time, whatever the server's zone."""
    if not isinstance(value, datetime):
        return ""
    value = _local(value)
    return gettext("%(weekday)s, %(date)s - %(time)s") % {
        "weekday": _weekday(value),
        "date": value.strftime("%d/%m/%Y"),
        "time": value.strftime("%H:%M"),
    }


def vn_date(value, with_weekday=False):
    """ "23/01/2013", or "Thứ Tư, 23/01/2013" with an argument."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    text = value.strftime("%d/%m/%Y")
    if with_weekday:
        return gettext("%(weekday)s, %(date)s") % {"weekday": _weekday(value), "date": text}
    return text


def vn_number(value):
    """Thousands grouped with "." and decimals after ",", as the paper writes "3.800" and "2,5"."""
    if isinstance(value, bool) or value is None or value == "":
        return value
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite():
        return value
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + ".".join(groups)
    fraction = fraction.rstrip("0")
    return f"{text},{fraction}" if fraction else text


def absolute_url(path):
    """The full address of a path on this site, as shared and as canonical."""
    if not path:
        return settings.SITE_URL + "/"
    if str(path).startswith(("http://", "https://")):
        return str(path)
    return settings.SITE_URL + str(path)


def urlquote(value):
    """Percent-encode everything but unreserved characters, for a URL inside another URL's query string."""
    return quote(str(value), safe="")


def _usable(item):
    """(width, height, webp name, jpeg name) of one stored rendition, or None when it is broken or has no JPEG."""
    try:
        width, height = int(item["width"]), int(item["height"])
        webp, jpeg = item.get("webp"), item.get("jpeg")
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return (width, height, webp, jpeg) if jpeg else None


def has_cover(article):
    """Whether the story has a cover to show: the stored renditions are read, no URL is built."""
    return any(_usable(item) for item in article.cover_renditions or [])


def renditions_of(article):
    """The cover's renditions as {width, height, webp URL, jpeg URL}, narrowest first. A story read from a cached
    list (articles.cached) carries them already as `cover_urls`: a home page shows about 380 rendition URLs, and the
    storage's url() is most of a card's own time."""
    urls = getattr(article, "cover_urls", None)
    return urls if urls is not None else rendition_urls(article.cover_renditions)


def rendition_urls(renditions):
    """Stored renditions (names) as {width, height, webp URL, jpeg URL}, narrowest first; broken ones left out."""
    result = []
    for item in renditions or []:
        usable = _usable(item)
        if usable is None:
            continue
        width, height, webp, jpeg = usable
        result.append(
            {
                "width": width,
                "height": height,
                "webp": default_storage.url(webp) if webp else "",
                "jpeg": default_storage.url(jpeg),
            }
        )
    return sorted(result, key=lambda item: item["width"])


def cover_picture(article, sizes="100vw", loading="lazy", max_width=960, css_class="", priority=False):
    """What a cover's <picture> needs (includes/_picture.html), each URL built once; None without a cover.
    WebP and JPEG srcsets, the fallback <img> with its width and height; `priority` for the page's largest image
    above the fold (loaded eagerly, fetched first: the phone's Largest Contentful Paint)."""
    renditions = renditions_of(article)
    if not renditions:
        return None
    fitting = [r for r in renditions if r["width"] <= max_width]
    return {
        "alt": article.cover_alt or article.headline,
        "webp_srcset": ", ".join(f"{r['webp']} {r['width']}w" for r in renditions if r["webp"]),
        "jpeg_srcset": ", ".join(f"{r['jpeg']} {r['width']}w" for r in renditions),
        "fallback": fitting[-1] if fitting else renditions[0],
        "sizes": sizes,
        "loading": "eager" if priority else loading,
        "priority": priority,
        "css_class": css_class,
    }


def today_local():
    """Today's date in Vietnam."""
    return timezone.now().astimezone(NEWSROOM_TZ).date()


def elided_pages(page):
    """Page numbers around the current one, with "…" gaps (no extra query: the count is cached)."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def next_day(value):
    """The day after: a unit that existed until 30/06 has not existed since 01/07."""
    if not isinstance(value, date):
        return value
    return value + timedelta(days=1)


def share_image(article):
    """The cover rendition link previews use (about 1200 px wide), with absolute URL, size and alt; or None."""
    return metadata.share_image(article)


def news_article_json_ld(article, canonical):
    """The story's schema.org NewsArticle as a JSON-LD script element, escaped like json_script."""
    return metadata.json_ld(metadata.news_article(article, canonical))


def iso_datetime(value):
    """ "2013-01-23T08:15:00+07:00"."""
    return metadata.iso_datetime(value)


def modified_at(article):
    """When the story last changed, never before its publication."""
    return metadata.modified_at(article)
