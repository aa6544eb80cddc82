"""The public site's filters and globals (articles/display.py): dates and numbers as a Vietnamese paper prints them,
cover pictures."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation

from articles.display import absolute_url, has_cover, next_day, urlquote, vn_date, vn_datetime, vn_number
from articles.models import Article

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "day, weekday",
    [
        (21, "Thứ Hai"),
        (22, "Thứ Ba"),
        (23, "Thứ Tư"),
        (24, "Thứ Năm"),
        (25, "Thứ Sáu"),
        (26, "Thứ Bảy"),
        (27, "Chủ Nhật"),
    ],
)
def test_every_weekday_is_written_in_full(day, weekday):
    assert vn_datetime(datetime(2013, 1, day, 8, 15, tzinfo=HANOI)) == f"{weekday}, {day}/01/2013 - 08:15"


def test_dateline_is_in_vietnam_time_whatever_the_active_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    # 23:30 UTC on the 22nd is 06:30 on Wednesday the 23rd in Hà Tĩnh.
    assert vn_datetime(datetime(2013, 1, 22, 23, 30, tzinfo=ZoneInfo("UTC"))) == "Thứ Tư, 23/01/2013 - 06:30"


def test_dateline_does_not_follow_djangos_short_weekday_names():
    with translation.override("vi"):
        assert vn_datetime(datetime(2013, 1, 23, 8, 15, tzinfo=HANOI)).startswith("Thứ Tư,")


def test_dates_without_time():
    assert vn_date(date(2025, 7, 1)) == "01/07/2025"
    assert vn_date(date(2013, 1, 23), "weekday") == "Thứ Tư, 23/01/2013"
    assert next_day(date(2025, 6, 30)) == date(2025, 7, 1)


@pytest.mark.parametrize("value", [None, "", "hôm nay", 12])
def test_dates_of_nothing_are_empty(value):
    assert vn_datetime(value) == ""
    assert vn_date(value) == ""


@pytest.mark.parametrize(
    "value, text",
    [
        (3800, "3.800"),
        (3000, "3.000"),
        (256, "256"),
        (0, "0"),
        (1000000, "1.000.000"),
        (-1234, "-1.234"),
        (2.5, "2,5"),
        (Decimal("1234.50"), "1.234,5"),
        ("3800", "3.800"),
    ],
    ids=["3800", "3000", "256", "0", "1000000", "-1234", "2.5", "Decimal-1234.50", "str-3800"],
)
def test_numbers_are_grouped_the_vietnamese_way(value, text):
    assert vn_number(value) == text


@pytest.mark.parametrize("value", ["abc", None, "", "nan", True])
def test_what_is_not_a_number_is_left_alone(value):
    assert vn_number(value) == value


def test_number_filter_in_a_template():
    assert engines["jinja2"].from_string("{{ n|vn_number }} chi bộ").render({"n": 3800}) == "3.800 chi bộ"


def test_addresses_for_sharing(settings):
    settings.SITE_URL = "https://baohatinh.example"
    assert absolute_url("/tin-1.html") == "https://baohatinh.example/tin-1.html"
    assert absolute_url("https://other.example/x") == "https://other.example/x"
    assert urlquote("https://baohatinh.example/a-1.html?x=1&y=2") == (
        "https%3A%2F%2Fbaohatinh.example%2Fa-1.html%3Fx%3D1%26y%3D2"
    )


def _render_picture(article, **options):
    template = engines["jinja2"].from_string(
        '{% from "includes/_picture.html" import picture %}'
        "{% set cover = cover_picture(article, **options) %}{% if cover %}{{ picture(cover) }}{% endif %}"
    )
    return template.render({"article": article, "options": options})


def test_picture_offers_webp_and_jpeg_in_every_width(settings):
    settings.MEDIA_URL = "/media/"
    article = Article(
        headline="Đòn bẩy",
        cover_alt="Bí thư Tỉnh ủy nói chuyện",
        cover_renditions=[
            {"width": 1600, "height": 1067, "webp": "r/a-1600.webp", "jpeg": "r/a-1600.jpg"},
            {"width": 480, "height": 320, "webp": "r/a-480.webp", "jpeg": "r/a-480.jpg"},
            {"width": 960, "height": 640, "webp": "r/a-960.webp", "jpeg": "r/a-960.jpg"},
        ],
    )
    html = _render_picture(article, sizes="100vw", loading="eager")
    assert (
        '<source type="image/webp" srcset="/media/r/a-480.webp 480w, /media/r/a-960.webp 960w, '
        '/media/r/a-1600.webp 1600w" sizes="100vw">' in html
    )
    assert 'srcset="/media/r/a-480.jpg 480w, /media/r/a-960.jpg 960w, /media/r/a-1600.jpg 1600w"' in html
    assert 'src="/media/r/a-960.jpg"' in html and 'width="960" height="640"' in html
    assert 'alt="Bí thư Tỉnh ủy nói chuyện"' in html and 'loading="eager"' in html


def test_picture_alt_falls_back_to_an_escaped_headline():
    article = Article(headline='<b>"Đòn bẩy"</b>', cover_renditions=[{"width": 480, "height": 320, "jpeg": "a.jpg"}])
    html = _render_picture(article)
    assert 'alt="&lt;b&gt;&#34;Đòn bẩy&#34;&lt;/b&gt;"' in html
    assert "image/webp" not in html


def test_picture_skips_broken_renditions_and_missing_covers():
    broken = Article(headline="x", cover_renditions=[{"width": "rộng"}, {"jpeg": "a.jpg"}, "rác"])
    assert "<picture" not in _render_picture(broken)
    assert _render_picture(Article(headline="x")).strip() == ""
    assert not has_cover(broken) and not has_cover(Article(headline="x"))


def test_has_cover_builds_no_url(monkeypatch):
    """The lists ask it of every story: it reads the stored renditions, the storage is never asked for a URL."""
    from articles import display

    monkeypatch.setattr(display, "default_storage", None)  # any URL built would fail
    assert has_cover(Article(headline="x", cover_renditions=[{"width": 480, "height": 320, "jpeg": "a.jpg"}]))


def test_cover_urls_follow_media_url(settings):
    """Rendition URLs are built with MEDIA_URL: a changed MEDIA_URL (a CDN) is used at once."""
    article = Article(headline="x", cover_renditions=[{"width": 480, "height": 320, "jpeg": "r/a.jpg"}])
    settings.MEDIA_URL = "/media/"
    assert 'src="/media/r/a.jpg"' in _render_picture(article)
    settings.MEDIA_URL = "https://cdn.example.vn/m/"
    assert 'src="https://cdn.example.vn/m/r/a.jpg"' in _render_picture(article)
