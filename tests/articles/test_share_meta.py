"""What a story tells Facebook, Zalo, X and search engines, and the share bar phones get."""

import json
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, Locality, Section
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
HEADLINE = '"Đòn bẩy" nâng sức mạnh hệ thống chính trị'
SAPO = (
    "Năm 2012 có thể coi là một năm đầy dấu ấn đối với những người làm công tác tổ chức xây dựng Đảng, "
    "nhất là trên lĩnh vực tổ chức và cán bộ..."
)
RENDITIONS = [
    {"width": 480, "height": 320, "webp": "r/bi-thu-480.webp", "jpeg": "r/bi-thu-480.jpg"},
    {"width": 800, "height": 533, "webp": "r/bi-thu-800.webp", "jpeg": "r/bi-thu-800.jpg"},
    {"width": 1200, "height": 800, "webp": "r/bi-thu-1200.webp", "jpeg": "r/bi-thu-1200.jpg"},
]


class Head(HTMLParser):
    """The <head>'s meta tags, canonical link and JSON-LD; and every element with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.canonical, self.json_ld, self.elements = {}, None, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_json_ld = False


@pytest.fixture
def story(settings):
    """The seed story with two authors, two tags and a cover, on https://baohatinh.example."""
    settings.SITE_URL = "https://baohatinh.example"
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    article = ArticleFactory(
        headline=HEADLINE,
        sapo=SAPO,
        section=Section.objects.create(name="Xây dựng Đảng", slug="xay-dung-dang"),
        published_at=datetime(2013, 1, 23, 8, 15, tzinfo=HANOI),
        authors=[AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")],
        localities=[province],
        tags=["Nghị quyết Trung ương 4", "Cán bộ"],
        cover_alt="Bí thư Tỉnh ủy nói chuyện với cán bộ lão thành",
    )
    article.cover_renditions = RENDITIONS
    article.save()
    Article.objects.filter(pk=article.pk).update(updated_at=datetime(2013, 1, 24, 9, 30, tzinfo=HANOI))
    return article


def parse(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    head = Head()
    head.feed(html.split("</head>")[0])
    body = Head()
    body.feed(html.split("</head>")[1])
    return head, body, html


def test_story_has_canonical_and_open_graph_tags(client, story):
    head, _, _ = parse(client, story)
    url = "https://baohatinh.example" + story.get_absolute_url()
    assert head.canonical == url
    expected = {
        "og:type": ["article"],
        "og:site_name": ["Báo Hà Tĩnh"],
        "og:locale": ["vi_VN"],
        "og:title": [HEADLINE],
        "og:description": [SAPO],
        "og:url": [url],
        "og:image": ["https://baohatinh.example/media/r/bi-thu-1200.jpg"],
        "og:image:width": ["1200"],
        "og:image:height": ["800"],
        "og:image:alt": ["Bí thư Tỉnh ủy nói chuyện với cán bộ lão thành"],
        "article:published_time": ["2013-01-23T08:15:00+07:00"],
        "article:modified_time": ["2013-01-24T09:30:00+07:00"],
        "article:section": ["Xây dựng Đảng"],
        "twitter:card": ["summary_large_image"],
        "twitter:title": [HEADLINE],
        "twitter:description": [SAPO],
        "twitter:image": ["https://baohatinh.example/media/r/bi-thu-1200.jpg"],
    }
    assert {key: head.meta.get(key) for key in expected} == expected
    assert sorted(head.meta["article:tag"]) == ["Cán bộ", "Nghị quyết Trung ương 4"]


def test_share_image_is_the_widest_rendition_up_to_1200(client, story):
    story.cover_renditions = [*RENDITIONS[:2], {"width": 1600, "height": 1067, "webp": "r/x.webp", "jpeg": "r/x.jpg"}]
    story.save()
    head, _, _ = parse(client, story)
    assert head.meta["og:image"] == ["https://baohatinh.example/media/r/bi-thu-800.jpg"]
    assert head.meta["og:image:width"] == ["800"]


def test_story_without_cover_has_no_image_tags(client, story):
    Article.objects.filter(pk=story.pk).update(cover=None, cover_renditions=[])
    head, _, _ = parse(client, story)
    assert "og:image" not in head.meta and "twitter:image" not in head.meta
    assert head.meta["twitter:card"] == ["summary"]
    assert "image" not in json.loads("".join(head.json_ld))


def test_json_ld_news_article(client, story):
    head, _, _ = parse(client, story)
    data = json.loads("".join(head.json_ld))
    url = "https://baohatinh.example" + story.get_absolute_url()
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == HEADLINE and data["description"] == SAPO
    assert data["datePublished"] == "2013-01-23T08:15:00+07:00"
    assert data["dateModified"] == "2013-01-24T09:30:00+07:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Minh Huệ", "url": "https://baohatinh.example/tac-gia/minh-hue/"},
        {"@type": "Person", "name": "Tuấn Hiển", "url": "https://baohatinh.example/tac-gia/tuan-hien/"},
    ]
    assert data["image"][0] == "https://baohatinh.example/media/r/bi-thu-1200.jpg" and len(data["image"]) == 3
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Báo Hà Tĩnh"
    assert data["publisher"]["logo"]["url"].startswith("https://baohatinh.example/static/")
    assert data["articleSection"] == "Xây dựng Đảng"
    assert sorted(data["keywords"]) == ["Cán bộ", "Nghị quyết Trung ương 4"]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def test_scheduled_story_is_never_modified_before_it_is_published(client, story):
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2013, 1, 20, 9, 0, tzinfo=HANOI))
    head, _, _ = parse(client, story)
    assert head.meta["article:modified_time"] == ["2013-01-23T08:15:00+07:00"]


def test_headline_cannot_break_out_of_the_json_ld_or_meta_tags(client):
    headline = 'Tin </script><script>alert(1)</script> & <!-- "trích dẫn"'
    article = ArticleFactory(headline=headline, sapo="Mở </SCRIPT> đóng", tags=["</script>"])
    head, _, html = parse(client, article)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")  # every script element ends where it should
    ld_start = html.index('<script type="application/ld+json">')
    ld_text = html[ld_start : html.index("</script>", ld_start)]
    assert "<" not in ld_text.split(">", 1)[1] and "&" not in ld_text.split(">", 1)[1]
    data = json.loads("".join(head.json_ld))
    assert data["headline"] == headline and data["description"] == "Mở </SCRIPT> đóng"
    assert data["keywords"] == ["</script>"]
    assert head.meta["og:title"] == [headline]


def test_phone_share_bar_is_hidden_until_script_shows_it_and_can_be_closed(client, story):
    _, body, html = parse(client, story)
    [(_, bar)] = [(tag, attrs) for tag, attrs in body.elements if "data-share-bar" in attrs]
    assert "hidden" in bar  # no JavaScript: readers see only the share block in the page
    assert bar["aria-labelledby"] == "share-bar-title"
    bar_html = html[html.index('id="share-bar"') :]
    bar_html = bar_html[: bar_html.index("</aside>")]
    assert "Hãy chia sẻ với bạn bè!" in bar_html
    [close] = [attrs for tag, attrs in body.elements if tag == "button" and "data-share-bar-close" in attrs]
    assert close["type"] == "button"
    assert close["aria-controls"] == bar["id"]
    # The accessible name holds the visible words (axe's label-content-name-mismatch) and says what closes.
    assert '>Tắt [X]<span class="visually-hidden"> thanh chia sẻ</span></button>' in bar_html
    encoded = "https%3A%2F%2Fbaohatinh.example" + story.get_absolute_url().replace("/", "%2F")
    for share in ("https://www.facebook.com/sharer/sharer.php?u=", "https://sp.zalo.me/plugins/share?url="):
        assert html.count(share + encoded) == 2  # the same links in the page and in the bar


def test_share_bar_script_remembers_closing_without_a_cookie():
    script = (Path(__file__).resolve().parents[2] / "static" / "js" / "site.js").read_text()
    assert "localStorage" in script and "document.cookie" not in script
    assert "[data-share-bar]" in script


def test_story_page_ids_stay_unique_with_the_share_bar(client, story):
    head, body, _ = parse(client, story)
    ids = [attrs["id"] for _, attrs in body.elements if "id" in attrs]
    assert len(ids) == len(set(ids))


# In a real browser (Debian's Chromium through Playwright; never `playwright install`) --------------------------------


@pytest.fixture
def chromium(browser):
    return browser


@pytest.fixture
def story_url(browser_server):
    return browser_server.url + ArticleFactory(headline="Tin chia sẻ").get_absolute_url()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_share_bar_on_a_phone_closes_and_stays_closed(chromium, story_url):
    context = chromium.new_context(viewport={"width": 375, "height": 700}, locale="vi-VN")
    page = context.new_page()
    page.goto(story_url)
    cookies = {cookie["name"] for cookie in context.cookies()}  # the comment form's CSRF cookie
    bar = page.locator("#share-bar")
    assert bar.is_visible()
    assert bar.locator("a", has_text="Zalo").is_visible()
    page.get_by_role("button", name="Tắt [X] thanh chia sẻ").click()
    assert bar.is_hidden()
    page.reload()
    assert bar.is_hidden()
    assert page.evaluate("localStorage.getItem('newsroom.shareBarClosed')") == "1"
    assert {cookie["name"] for cookie in context.cookies()} == cookies
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_share_bar_is_not_shown_on_wide_screens_or_without_javascript(chromium, story_url):
    wide = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = wide.new_page()
    page.goto(story_url)
    assert page.locator("#share-bar").is_hidden()
    wide.close()
    no_js = chromium.new_context(viewport={"width": 375, "height": 700}, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(story_url)
    assert page.locator("#share-bar").is_hidden()
    assert page.locator(".share").is_visible()  # the share block in the page is still there
    no_js.close()
