"""Reader search at /tim-kiem/: the same answers on SQLite and PostgreSQL (CI runs this file on both)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


def _ago(days=0, hours=0):
    return timezone.now() - timedelta(days=days, hours=hours)


def found(client, query, **params):
    """Headlines on the results page, in order, without the <mark> tags."""
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<h2 class="search-result__title"><a [^>]*>(.*?)</a></h2>', html, re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


# Matching -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["ha tinh", "Hà Tĩnh", "HÀ TĨNH", "hà tĩnh", "Ha\u0300 Ti\u0303nh", "  ha   TINH  ", "Hà\u200b Tĩnh"],
    ids=["plain", "accented", "capitals", "lower", "nfd", "spaces", "zero-width"],
)
def test_every_spelling_finds_ha_tinh(client, query):
    ArticleFactory(headline="Mưa lớn ở Hà Tĩnh")
    ArticleFactory(headline="Tin thể thao")
    assert found(client, query) == ["Mưa lớn ở Hà Tĩnh"]


@pytest.mark.parametrize("query", ["dang", "Đảng", "ĐẢNG", "đang"])
def test_d_folds_to_d(client, query):
    ArticleFactory(headline="Đại hội Đảng bộ tỉnh")
    assert found(client, query) == ["Đại hội Đảng bộ tỉnh"]


@pytest.mark.parametrize("query", ["hoà bình", "hòa bình", "hoa binh"])
def test_old_and_new_tone_placement_find_each_other(client, query):
    ArticleFactory(headline="Giữ gìn hoà bình", published_at=_ago(hours=2))
    ArticleFactory(headline="Vì hòa bình thế giới", published_at=_ago(hours=3))
    assert sorted(found(client, query)) == ["Giữ gìn hoà bình", "Vì hòa bình thế giới"]


def test_words_in_the_sapo_and_body_are_found(client):
    ArticleFactory(headline="Tin một", sapo="Nông dân Cẩm Xuyên thu hoạch lúa.")
    ArticleFactory(headline="Tin hai", body="<p>Người dân <b>Kỳ Anh</b> đón Tết.</p>")
    assert found(client, "cam xuyen") == ["Tin một"]
    assert found(client, "ky anh") == ["Tin hai"]


def test_every_word_must_match(client):
    ArticleFactory(headline="Lúa xuân Hà Tĩnh")
    ArticleFactory(headline="Lúa xuân Nghệ An")
    assert found(client, "lua ha tinh") == ["Lúa xuân Hà Tĩnh"]


def test_words_match_whole_words_not_parts_of_words(client):
    ArticleFactory(headline="Thanh niên tình nguyện", published_at=_ago(hours=1))
    ArticleFactory(headline="Hà Tĩnh đón khách", published_at=_ago(hours=2))
    ArticleFactory(headline="Hành trình về nguồn", published_at=_ago(hours=3))
    assert found(client, "ha") == ["Hà Tĩnh đón khách"]
    assert found(client, "tinh nguyen") == ["Thanh niên tình nguyện"]
    assert found(client, "tinh ng") == []


def test_words_after_punctuation_are_found(client):
    ArticleFactory(headline="Phong trào “Đảng viên gương mẫu” (Hà Tĩnh)")
    assert found(client, "dang vien") == ["Phong trào “Đảng viên gương mẫu” (Hà Tĩnh)"]
    assert found(client, "ha tinh") == ["Phong trào “Đảng viên gương mẫu” (Hà Tĩnh)"]


def test_quotes_change_nothing_but_side_by_side_words_rank_first(client):
    ArticleFactory(headline="Tĩnh lặng ở Hà Nội", published_at=_ago(hours=1))
    ArticleFactory(headline="Hà Tĩnh đón mưa", published_at=_ago(hours=2))
    expected = ["Hà Tĩnh đón mưa", "Tĩnh lặng ở Hà Nội"]
    assert found(client, '"ha tinh"') == found(client, "“hà tĩnh”") == found(client, "ha tinh") == expected


def test_drafts_and_scheduled_stories_are_never_found(client):
    ArticleFactory(headline="Hà Tĩnh công bố")
    ArticleFactory(headline="Hà Tĩnh bản nháp", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(headline="Hà Tĩnh hẹn giờ", published_at=timezone.now() + timedelta(hours=2))
    assert found(client, "ha tinh") == ["Hà Tĩnh công bố"]


@pytest.mark.parametrize("query", ["%", "_", "50%", "a_b", "\\", "%%%", "' OR 1=1 --"])
def test_wildcards_and_sql_are_plain_text(client, query):
    ArticleFactory(headline="Giá tăng 50% so với cùng kỳ")
    ArticleFactory(headline="Tin không liên quan")
    titles = found(client, query)
    assert "Tin không liên quan" not in titles


# Ranking ------------------------------------------------------------------------------------------------------------


def test_exact_spelling_ranks_first_when_the_query_has_diacritics(client):
    ArticleFactory(headline="Hội thảo về hoa", published_at=_ago(hours=1))
    ArticleFactory(headline="Lễ hội hòa nhạc", published_at=_ago(days=3))
    ArticleFactory(headline="Hóa chất độc hại", published_at=_ago(hours=2))
    assert found(client, "hòa")[0] == "Lễ hội hòa nhạc"
    assert found(client, "hoa")[0] == "Hội thảo về hoa"  # no diacritics typed: newest first


def test_headline_matches_come_before_body_matches(client):
    ArticleFactory(headline="Tin mới nhất", body="<p>Chuyện ở Cẩm Xuyên.</p>", published_at=_ago(hours=1))
    ArticleFactory(headline="Cẩm Xuyên được mùa", published_at=_ago(days=5))
    assert found(client, "cam xuyen") == ["Cẩm Xuyên được mùa", "Tin mới nhất"]


def test_phrase_in_the_headline_beats_scattered_words(client):
    ArticleFactory(headline="Tĩnh lặng ở Hà Nội", published_at=_ago(hours=1))
    ArticleFactory(headline="Hà Tĩnh vào hè", published_at=_ago(days=2))
    assert found(client, "ha tinh") == ["Hà Tĩnh vào hè", "Tĩnh lặng ở Hà Nội"]


def test_newest_first_among_equals(client):
    for days in (3, 1, 2):
        ArticleFactory(headline=f"Hà Tĩnh ngày {days}", published_at=_ago(days=days))
    assert found(client, "ha tinh") == ["Hà Tĩnh ngày 1", "Hà Tĩnh ngày 2", "Hà Tĩnh ngày 3"]


# Results page -------------------------------------------------------------------------------------------------------


def test_count_and_highlights(client):
    ArticleFactory(headline="Mưa lớn ở Hà Tĩnh", sapo="Tỉnh Hà Tĩnh có mưa to.")
    ArticleFactory(headline="Nắng ở HÀ TĨNH")
    html = client.get(URL, {"q": "hà tĩnh"}).content.decode()
    assert "Tìm thấy 2 kết quả cho “hà tĩnh”" in html
    assert "Mưa lớn ở <mark>Hà</mark> <mark>Tĩnh</mark>" in html
    assert "Nắng ở <mark>HÀ</mark> <mark>TĨNH</mark>" in html
    assert "<mark>Tỉnh</mark> <mark>Hà</mark> <mark>Tĩnh</mark> có mưa to." in html  # "tỉnh" folds to "tinh" too


def test_highlighting_escapes_the_headline(client):
    ArticleFactory(headline="<script>alert(1)</script> Đảng bộ")
    html = client.get(URL, {"q": "dang"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Đảng</mark> bộ" in html
    assert "<script>alert(1)" not in html


def test_the_query_is_escaped_everywhere(client):
    html = client.get(URL, {"q": '<b>"x"</b>'}).content.decode()
    assert "<b>" not in html.split("<main", 1)[1]


def test_long_sapo_is_cut_around_the_match():
    query = search.parse("ky anh")
    text = "Mở đầu. " * 60 + "Người dân Kỳ Anh đón Tết. " + "Kết thúc. " * 60
    excerpt = search.snippet(query, text)
    assert "<mark>Kỳ</mark> <mark>Anh</mark>" in excerpt
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(re.sub(r"</?mark>", "", excerpt)) < 300


def test_result_pages_are_not_indexed(client):
    response = client.get(URL, {"q": "ha tinh"})
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_header_has_a_search_box(client):
    html = client.get("/").content.decode()
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html


def test_empty_query_shows_a_friendly_form(client):
    ArticleFactory(headline="Hà Tĩnh")
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dấu không bắt buộc" in html
    assert "search-result" not in html


HOSTILE_BY_NAME = {
    "10000-chars": "x" * 10_000,
    "punctuation-only": "!!! ??? ... ---",
    "sql-or-true": "' OR 1=1 --",
    "sql-drop-table": "'; DROP TABLE articles_article; --",
    "like-percent": "%",
    "like-underscore": "_",
    "backslash": "\\",
    "escaped-wildcards": "\\\\%_",
    "nul-inside": "a\x00b",
    "nul": "\x00",
    "emoji-only": "🎉🔥",
    "words-and-emoji": "Hà Tĩnh 🎉",
    "open-parentheses": "(((((((((",
    "regex": "[a-z]+.*",
    "regex-metacharacters": "$^|?*+()[]{}",
    "right-to-left-override": "\u202eevil",
    "50-words": " ".join(["từ"] * 50),
}
HOSTILE = list(HOSTILE_BY_NAME.values())


@pytest.mark.parametrize("query", HOSTILE, ids=list(HOSTILE_BY_NAME))
def test_hostile_queries_get_a_friendly_page(client, query):
    ArticleFactory(headline="Hà Tĩnh đón mưa")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "SELECT" not in html and "Traceback" not in html
    assert "Tìm kiếm" in html


def test_a_very_long_query_is_cut_with_a_note(client):
    ArticleFactory(headline="Hà Tĩnh đón mưa")
    html = client.get(URL, {"q": "hà tĩnh " + "x" * 10_000}).content.decode()
    assert "chỉ dùng 200 ký tự đầu" in html
    assert "x" * 201 not in html


def test_punctuation_only_query_explains_itself(client):
    ArticleFactory(headline="Hà Tĩnh")
    html = client.get(URL, {"q": "?!%"}).content.decode()
    assert "Hãy gõ một từ hoặc một con số" in html


def test_no_results_says_so(client):
    ArticleFactory(headline="Hà Tĩnh")
    html = client.get(URL, {"q": "xyzzy"}).content.decode()
    assert "Không có bài nào khớp với “xyzzy”" in html


# Filters ------------------------------------------------------------------------------------------------------------


def test_section_filter_includes_sub_sections(client):
    politics = SectionFactory(name="Chính trị", slug="chinh-tri")
    party = SectionFactory(name="Xây dựng Đảng", slug="xay-dung-dang", parent=politics)
    sport = SectionFactory(name="Thể thao", slug="the-thao")
    ArticleFactory(headline="Hà Tĩnh chính trị", section=politics, published_at=_ago(hours=1))
    ArticleFactory(headline="Hà Tĩnh xây dựng Đảng", section=party, published_at=_ago(hours=2))
    ArticleFactory(headline="Hà Tĩnh thể thao", section=sport)
    assert found(client, "ha tinh", section="chinh-tri") == ["Hà Tĩnh chính trị", "Hà Tĩnh xây dựng Đảng"]
    assert found(client, "ha tinh", section="the-thao") == ["Hà Tĩnh thể thao"]


def test_date_range_uses_local_days(client):
    local = timezone.get_current_timezone()
    day = timezone.now().astimezone(local).date() - timedelta(days=10)
    start = timezone.datetime.combine(day, timezone.datetime.min.time(), tzinfo=local)
    ArticleFactory(headline="Hà Tĩnh trước", published_at=start - timedelta(minutes=1))
    ArticleFactory(headline="Hà Tĩnh đầu ngày", published_at=start)
    ArticleFactory(headline="Hà Tĩnh cuối ngày", published_at=start + timedelta(hours=23, minutes=59))
    ArticleFactory(headline="Hà Tĩnh hôm sau", published_at=start + timedelta(days=1))
    titles = found(client, "ha tinh", since=day.isoformat(), until=day.isoformat())
    assert titles == ["Hà Tĩnh cuối ngày", "Hà Tĩnh đầu ngày"]
    assert found(client, "ha tinh", since=(day + timedelta(days=1)).isoformat())[-1] == "Hà Tĩnh hôm sau"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"since": "2024-13-45"}, "Nhập một ngày hợp lệ", id="month-13"),
        pytest.param({"until": "hôm qua"}, "Nhập một ngày hợp lệ", id="words-for-a-date"),
        pytest.param({"since": "0001-01-01"}, "Chọn ngày trong khoảng năm 1900 đến 2999", id="year-1"),
        pytest.param({"until": "9999-12-31"}, "Chọn ngày trong khoảng năm 1900 đến 2999", id="year-9999"),
        pytest.param(
            {"since": "2024-05-02", "until": "2024-05-01"},
            "Ngày kết thúc không được trước ngày bắt đầu",
            id="until-before-since",
        ),
        pytest.param({"section": "khong-co"}, "Hãy chọn một lựa chọn hợp lệ", id="unknown-section"),
        pytest.param({"since": "2024-01-01\x00"}, "Nhập một ngày hợp lệ", id="nul-after-date"),
    ],
)
def test_bad_filters_get_a_vietnamese_error(client, params, message):
    ArticleFactory(headline="Hà Tĩnh")
    response = client.get(URL, {"q": "ha tinh", **params})
    assert response.status_code == 200
    assert message in response.content.decode()


# Pagination and budget --------------------------------------------------------------------------------------------


def test_pages_keep_the_query_and_filters(client):
    section = SectionFactory(slug="thoi-su")
    ArticleFactory.create_batch(25, section=section, headline="Hà Tĩnh hôm nay")
    html = client.get(URL, {"q": "ha tinh", "section": "thoi-su"}).content.decode()
    assert "Tìm thấy 25 kết quả" in html
    assert "?q=ha+tinh&amp;section=thoi-su&amp;page=2" in html
    assert len(found(client, "ha tinh", section="thoi-su", page="2")) == 5


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "9" * 40])
def test_bad_page_is_404(client, page):
    ArticleFactory.create_batch(21, headline="Hà Tĩnh hôm nay")
    assert client.get(URL, {"q": "ha tinh", "page": page}).status_code == 404


def test_too_many_candidates_are_capped_with_a_note(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    for hours in range(5):
        ArticleFactory(headline=f"Hà Tĩnh {hours}", published_at=_ago(hours=hours + 1))
    html = client.get(URL, {"q": "ha tinh"}).content.decode()
    assert "Hơn 3 kết quả cho “ha tinh”" in html
    assert found(client, "ha tinh") == ["Hà Tĩnh 0", "Hà Tĩnh 1", "Hà Tĩnh 2"]


@pytest.mark.parametrize("size", [2, 30])
def test_results_page_query_budget(client, django_assert_num_queries, size):
    politics = SectionFactory(slug="chinh-tri")
    SectionFactory(slug="xa-hoi", parent=politics)
    ArticleFactory.create_batch(size, headline="Hà Tĩnh hôm nay", section=politics, cover_renditions=[])
    # sections (header and filter); ranked candidates; the page's stories with their sections
    with django_assert_num_queries(3):
        response = client.get(URL, {"q": "hà tĩnh", "section": "chinh-tri", "since": "2000-01-01"})
    assert response.status_code == 200


def test_empty_query_costs_one_query(client, django_assert_num_queries):
    ArticleFactory.create_batch(3)
    with django_assert_num_queries(1):
        client.get(URL)


TRICKY = [
    "Hà Tĩnh, “Đảng” (Kỳ Anh)-2012: 50% tăng; ha_tinh x@y.vn http://baohatinh.vn/a-b",
    "Thạch Hà—Cẩm Xuyên/Hương Khê … đường 1A, km12+500, 3.5 tỷ, 1e5 lần",
    "Søren Kierkegaard ở Hà Nội; nhà thơ Tố Hữu; tiếng Nga: Москва",
    "hòa bình, hoà giải; Hòa Bình; HOÀ",
]
EQUIVALENT_QUERIES = [
    "ha tinh", "\"ha tinh\"", "dang", "ky anh 2012", "50", "ha", "tinh", "a b", "http", "vn", "1a", "km12", "500",
    "3 5", "1e5", "soren", "s ren", "\"ha noi\"", "hoa", "hoa binh", "\"hoa binh\"", "ho", "x y", "moskva",
]  # fmt: skip


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares PostgreSQL's full-text search to the regex")
@pytest.mark.parametrize("text", EQUIVALENT_QUERIES)
def test_postgresql_full_text_finds_exactly_what_the_regex_finds(text):
    for n, body in enumerate(TRICKY):
        ArticleFactory(headline=f"Tin {n}", body=f"<p>{body}</p>")
    query = search.parse(text)
    by_index = set(search.matching(query).values_list("pk", flat=True))
    by_regex = set(search.matching_by_regex(query).values_list("pk", flat=True))
    assert by_index == by_regex


def test_typed_marks_find_stories_spelled_that_way_first_then_the_others(client):
    ArticleFactory(headline="Tin mới", body="<p>Người dân đang chờ.</p>", published_at=_ago(hours=1))
    ArticleFactory(headline="Họp chi bộ", body="<p>Công tác xây dựng Đảng ở cơ sở.</p>", published_at=_ago(days=4))
    ArticleFactory(headline="Đang mùa gặt", published_at=_ago(hours=2))
    assert found(client, "Đảng") == ["Họp chi bộ", "Đang mùa gặt", "Tin mới"]
    assert found(client, "dang") == ["Đang mùa gặt", "Tin mới", "Họp chi bộ"]  # no marks typed: all, as before
