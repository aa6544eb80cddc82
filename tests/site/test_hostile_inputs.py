"""Every public input with hostile values: no 500, nothing echoed unescaped, nothing read as SQL."""

from urllib.parse import quote

import pytest
from django.test import Client

from articles import preview
from comments import spam
from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, LocalityFactory, SectionFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
PAYLOAD_BY_NAME = {
    "script-tag": SCRIPT,
    "attribute-break-out": '"><img src=x onerror=alert(1)>',
    "sql-or-true": "' OR '1'='1",
    "sql-drop-table": "1; DROP TABLE articles_article; --",
    "path-traversal": "../../etc/passwd",
    "encoded-nul": "%00",
    "nul": "\x00",
    "nul-inside": "a\x00b",
    "10000-chars": "x" * 10_000,
    "emoji-and-vietnamese": "😀🇻🇳 Hà Tĩnh",
    "right-to-left-override": "\u202egnp.exe",
    "template-syntax": "{{7*7}}{% debug %}",
    "40-digits": "9" * 40,
    "minus-one": "-1",
    "zero": "0",
    "exponent": "1e9",
    "full-width-digit": "２",  # int() accepts it, Python's isdigit() too
    "space": " ",
    "empty": "",
}
PAYLOADS = list(PAYLOAD_BY_NAME.values())
NAMES = list(PAYLOAD_BY_NAME)


def assert_safe(response, payload=SCRIPT):
    assert response.status_code < 500
    body = response.content.decode("utf-8", "replace")
    assert SCRIPT not in body
    if "<" in payload:
        assert payload not in body


@pytest.fixture
def site():
    section = SectionFactory(slug="thoi-su")
    locality = LocalityFactory(name="Thạch Hà")
    author = AuthorFactory(pen_name="Minh Huệ", slug="minh-hue")
    article = ArticleFactory(section=section, headline="Đòn bẩy nâng sức mạnh", authors=[author], tags=["Hà Tĩnh"])
    article.localities.add(locality)
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    return {"article": article, "section": section, "locality": locality, "author": author}


def list_pages(site):
    return [
        "/",
        site["section"].get_absolute_url(),
        site["locality"].get_absolute_url(),
        site["author"].get_absolute_url(),
        "/the/ha-tinh/",
        "/ngay/2013-01-23/",
        "/dia-phuong/",
        "/tim-kiem/",
    ]


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_page_parameter(client, site, payload):
    for path in list_pages(site):
        assert_safe(client.get(path, {"page": payload}), payload)


def test_page_parameter_given_twice_or_huge(client, site):
    for path in list_pages(site):
        for query in ["?page=1&page=2", "?page[]=1", "?page=99999999999999999999999", "?page=-5", "?page=1.5"]:
            assert_safe(client.get(path + query))


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_search_parameters(client, site, payload):
    for name in ["q", "section", "since", "until"]:
        assert_safe(client.get("/tim-kiem/", {name: payload, "q": payload} if name != "q" else {"q": payload}), payload)


def test_search_repeated_parameters(client, site):
    assert_safe(client.get("/tim-kiem/?q=a&q=b&section=x&section=y&since=2013-01-01&since=x"))


def test_sql_in_the_search_box_is_just_words(client, site):
    ArticleFactory(headline="Một bài khác hẳn")
    body = client.get("/tim-kiem/", {"q": "' OR '1'='1"}).content.decode()
    assert "Một bài khác hẳn" not in body and "Đòn bẩy nâng sức mạnh" not in body


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_feed_and_sitemap_parameters(client, site, payload):
    paths = [
        "/rss/",
        "/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-stories.xml",
        f"{site['section'].get_absolute_url()}rss/",
        "/robots.txt",
    ]
    for path in paths:
        assert_safe(client.get(path, {"p": payload, "page": payload}), payload)


@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_reply_parameter_on_the_story_page(client, site, payload):
    assert_safe(client.get(site["article"].get_absolute_url(), {"tra-loi": payload}), payload)


@pytest.mark.parametrize("payload", PAYLOADS[:12], ids=NAMES[:12])
def test_hostile_path_segments_are_not_found(client, site, payload):
    segment = quote(payload or "x", safe="")
    for path in [
        f"/chuyen-muc/{segment}/",
        f"/the/{segment}/",
        f"/tac-gia/{segment}/",
        f"/dia-phuong/{segment}/rss/",
        f"/binh-luan/trang-thai/{segment}/",
        f"/ngay/{segment}/",
        f"/sitemap-{segment}.xml",
        f"/{segment}-1.html",
    ]:
        response = client.get(path)
        assert response.status_code in (301, 302, 404), (path, response.status_code)
        assert_safe(response, payload)


@pytest.mark.parametrize("payload", PAYLOADS[:12], ids=NAMES[:12])
def test_preview_link_with_hostile_or_altered_tokens(client, site, payload):
    good = preview.make_token(site["article"])
    for token in [payload or "x", good + payload, good.replace(":", payload or ":", 1)]:
        response = client.get(f"/xem-truoc/{quote(token, safe='')}/")
        assert response.status_code in (403, 404)
        assert_safe(response, payload)


def test_status_page_with_a_random_token_is_not_found(client, site):
    assert client.get("/binh-luan/trang-thai/00000000-0000-0000-0000-000000000000/").status_code == 404


def comment_data(article, **fields):
    return {
        "name": "Bạn đọc",
        "email": "bandoc@example.vn",
        "body": "Bài viết rất hay, cảm ơn tòa soạn.",
        "ts": spam.form_timestamp(article.pk),
        **fields,
    }


@pytest.fixture
def open_comments(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = "1000/1m"


@pytest.mark.parametrize("field", ["name", "email", "body", "parent", "ts", "website", "notify_on_approval"])
@pytest.mark.parametrize("payload", PAYLOADS, ids=NAMES)
def test_comment_form_fields(client, site, open_comments, field, payload):
    article = site["article"]
    url = f"/binh-luan/{article.pk}/gui/"
    assert_safe(client.post(url, comment_data(article, **{field: payload})), payload)
    assert_safe(client.post(url, comment_data(article, **{field: payload}), HTTP_X_REQUESTED_WITH="XMLHttpRequest"))


def test_an_accepted_comment_with_markup_is_shown_escaped_everywhere(client, site, open_comments):
    article = site["article"]
    data = comment_data(article, name=f"Kẻ xấu {SCRIPT}", body=f"Nội dung có mã độc {SCRIPT} ở giữa câu.")
    response = client.post(f"/binh-luan/{article.pk}/gui/", data)
    assert response.status_code == 303
    comment = Comment.objects.get(name__startswith="Kẻ xấu")
    assert_safe(client.get(article.get_absolute_url()))  # the author sees their pending comment
    assert_safe(client.get(comment.get_status_url()))
    comment.approve(None)
    assert_safe(Client().get(article.get_absolute_url()))  # any reader, once approved


def test_comment_to_a_missing_story_or_with_a_get(client, site, open_comments):
    assert client.post("/binh-luan/999999/gui/", comment_data(site["article"])).status_code == 404
    assert client.get(f"/binh-luan/{site['article'].pk}/gui/").status_code == 302  # back to the story's form


def test_count_view_with_hostile_ids(client, site):
    for path in ["/dem/0/", "/dem/99999999999999999999/", "/dem/-1/", "/dem/abc/"]:
        assert client.get(path).status_code < 500
