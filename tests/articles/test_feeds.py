"""RSS and Atom feeds: what a feed reader gets, parsed as XML, for the paper, a section, a locality and a tag."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sites.models import Site
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Locality, Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
HEADLINE = '"Đòn bẩy" nâng sức mạnh hệ thống chính trị'
SAPO = "Năm 2012 có thể coi là một năm đầy dấu ấn đối với những người làm công tác tổ chức xây dựng Đảng..."
RENDITIONS = [
    {"width": 480, "height": 320, "webp": "r/don-bay-480.webp", "jpeg": "r/don-bay-480.jpg"},
    {"width": 1200, "height": 800, "webp": "r/don-bay-1200.webp", "jpeg": "r/don-bay-1200.jpg"},
]


@pytest.fixture
def seed():
    """The seed story with two authors, a tag, a ward and a cover; a draft and a scheduled story beside it."""
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    city = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.CITY, parent=province)
    ward = Locality.objects.create(name="Bắc Hà", kind=Locality.Kind.WARD, parent=city)
    parent = Section.objects.create(name="Chính trị", slug="chinh-tri")
    section = Section.objects.create(name="Xây dựng Đảng", slug="xay-dung-dang", parent=parent)
    article = ArticleFactory(
        headline=HEADLINE,
        sapo=SAPO,
        section=section,
        published_at=datetime(2013, 1, 23, 8, 15, tzinfo=HANOI),
        authors=[AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")],
        localities=[ward],
        tags=["Nghị quyết Trung ương 4", "Cán bộ"],
    )
    article.cover_renditions = RENDITIONS
    article.save()
    ArticleFactory(headline="Bản nháp chưa đăng", section=section, status=Article.Status.DRAFT, tags=["Cán bộ"])
    ArticleFactory(
        headline="Tin hẹn giờ ngày mai",
        section=section,
        published_at=timezone.now() + timedelta(days=1),
        localities=[ward],
        tags=["Cán bộ"],
    )
    return {"article": article, "section": section, "parent": parent, "city": city, "province": province}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, ET.fromstring(response.content)


def rss_items(client, url):
    response, root = fetch(client, url)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel").findall("item")


def atom_entries(client, url):
    response, root = fetch(client, url)
    assert response["Content-Type"].startswith("application/atom+xml")
    return root.findall(f"{ATOM}entry")


def titles(items):
    return [item.findtext("title") for item in items]


def test_site_rss_carries_sapo_authors_date_categories_and_cover(client, seed, settings):
    settings.SITE_URL = "https://baohatinh.example"
    article = seed["article"]
    [item] = rss_items(client, "/rss/")
    assert item.findtext("title") == escape(HEADLINE)
    assert item.findtext("link") == "https://baohatinh.example" + article.get_absolute_url()
    assert item.findtext("description") == SAPO
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Minh Huệ", "Tuấn Hiển"]
    assert item.findtext("pubDate") == "Wed, 23 Jan 2013 01:15:00 +0000"
    assert sorted(c.text for c in item.findall("category")) == ["Cán bộ", "Nghị quyết Trung ương 4", "Xây dựng Đảng"]
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {
        "url": "https://baohatinh.example/media/r/don-bay-1200.jpg",
        "length": "0",
        "type": "image/jpeg",
    }
    media = item.find(f"{MEDIA}content")
    assert media.get("url") == enclosure.get("url") and (media.get("width"), media.get("height")) == ("1200", "800")


def test_site_atom_has_one_author_each_and_the_update_time(client, seed):
    article = seed["article"]
    Article.objects.filter(pk=article.pk).update(updated_at=datetime(2013, 1, 24, 9, 0, tzinfo=HANOI))
    [entry] = atom_entries(client, "/atom/")
    assert entry.findtext(f"{ATOM}title") == HEADLINE
    assert entry.findtext(f"{ATOM}summary") == SAPO
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == ["Minh Huệ", "Tuấn Hiển"]
    assert entry.findtext(f"{ATOM}published") == "2013-01-23T01:15:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2013-01-24T02:00:00+00:00"
    enclosure = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert [link.get("type") for link in enclosure] == ["image/jpeg"]


def test_story_without_cover_or_authors_has_no_enclosure(client):
    ArticleFactory(headline="Tin ngắn")
    [item] = rss_items(client, "/rss/")
    assert item.find("enclosure") is None and item.find(f"{MEDIA}content") is None
    assert item.find(f"{DC}creator") is None


def test_drafts_and_future_stories_stay_out_of_every_feed(client, seed):
    slugs = ["/rss/", "/atom/", "/chuyen-muc/xay-dung-dang/rss/", "/dia-phuong/tinh-ha-tinh/rss/", "/the/can-bo/rss/"]
    for url in slugs:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Bản nháp chưa đăng" not in text and "Tin hẹn giờ ngày mai" not in text, url
        assert "Đòn bẩy" in text, url


def test_scheduled_story_appears_exactly_at_its_time(client):
    when = timezone.now() + timedelta(hours=3)
    ArticleFactory(headline="Tin hẹn giờ", published_at=when)
    with mock.patch("django.utils.timezone.now", return_value=when - timedelta(seconds=1)):
        assert titles(rss_items(client, "/rss/")) == []
    with mock.patch("django.utils.timezone.now", return_value=when):
        assert titles(rss_items(client, "/rss/")) == ["Tin hẹn giờ"]


def test_feed_lists_the_latest_thirty_newest_first(client):
    for n in range(35):
        ArticleFactory(headline=f"Tin {n}", published_at=timezone.now() - timedelta(hours=n + 1))
    found = titles(rss_items(client, "/rss/"))
    assert found == [f"Tin {n}" for n in range(30)]


def test_section_feed_includes_its_subsections_only(client, seed):
    ArticleFactory(headline="Tin thể thao", section=SectionFactory(name="Thể thao", slug="the-thao"))
    assert titles(rss_items(client, "/chuyen-muc/chinh-tri/rss/")) == [escape(HEADLINE)]
    assert titles(rss_items(client, "/chuyen-muc/the-thao/rss/")) == ["Tin thể thao"]
    _, root = fetch(client, "/chuyen-muc/chinh-tri/rss/")
    assert root.find("channel").findtext("title") == "Chính trị - Báo Hà Tĩnh"
    assert root.find("channel").findtext("description") == "Tin mới nhất chuyên mục Chính trị"


def test_locality_feed_covers_the_units_under_it(client, seed):
    other = Locality.objects.create(name="Kỳ Anh", kind=Locality.Kind.TOWN, parent=seed["province"])
    ArticleFactory(headline="Tin Kỳ Anh", localities=[other])
    assert titles(rss_items(client, "/dia-phuong/tinh-ha-tinh/rss/")) == ["Tin Kỳ Anh", escape(HEADLINE)]
    assert titles(rss_items(client, "/dia-phuong/thanh-pho-ha-tinh/rss/")) == [escape(HEADLINE)]
    assert len(atom_entries(client, "/dia-phuong/thanh-pho-ha-tinh/atom/")) == 1


def test_tag_feed(client, seed):
    ArticleFactory(headline="Tin khác", tags=["Nông thôn mới"])
    assert titles(rss_items(client, "/the/nghi-quyet-trung-uong-4/rss/")) == [escape(HEADLINE)]
    [entry] = atom_entries(client, "/the/nong-thon-moi/atom/")
    assert entry.findtext(f"{ATOM}title") == "Tin khác"


@pytest.mark.parametrize("url", ["/chuyen-muc/khong-co/rss/", "/dia-phuong/khong-co/atom/", "/the/khong-co/rss/"])
def test_unknown_feed_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_hostile_headline_and_sapo_are_escaped(client):
    headline = "<script>alert('x')</script> Lúa & ngô </title>"
    sapo = "Giá <b>tăng</b> & giảm ]]> <!--"
    ArticleFactory(headline=headline, sapo=sapo, tags=["<img src=x onerror=alert(1)>"])
    for url in ["/rss/", "/atom/"]:
        raw = client.get(url).content
        assert b"<script" not in raw and b"<b>" not in raw and b"<img" not in raw
    [item] = rss_items(client, "/rss/")
    assert item.findtext("title") == escape(headline)  # read as HTML by RSS readers: shows the text as written
    assert item.findtext("description") == escape(sapo)
    [entry] = atom_entries(client, "/atom/")
    assert entry.findtext(f"{ATOM}title") == headline  # Atom titles are plain text
    assert entry.findtext(f"{ATOM}summary") == escape(sapo)


def test_pages_link_their_feeds(client, seed):
    def links(url):
        return client.get(url).content.decode()

    home = links("/")
    assert '<link rel="alternate" type="application/rss+xml" title="Báo Hà Tĩnh (RSS)" href="/rss/">' in home
    assert '<link rel="alternate" type="application/atom+xml" title="Báo Hà Tĩnh (Atom)" href="/atom/">' in home
    section = links("/chuyen-muc/xay-dung-dang/")
    assert 'type="application/rss+xml" title="Xây dựng Đảng (RSS)" href="/chuyen-muc/xay-dung-dang/rss/"' in section
    locality = links("/dia-phuong/thanh-pho-ha-tinh/")
    assert 'title="Thành phố Hà Tĩnh (RSS)" href="/dia-phuong/thanh-pho-ha-tinh/rss/"' in locality
    tag = links("/the/can-bo/")
    assert 'type="application/atom+xml" title="Cán bộ (Atom)" href="/the/can-bo/atom/"' in tag


# Query budgets ------------------------------------------------------------------------------------------------------


def many_stories(count):
    """`count` stories in one section, ward and tag, each with 3 authors and 4 tags and a cover."""
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    ward = Locality.objects.create(name="Nghèn", kind=Locality.Kind.TOWNSHIP, parent=province)
    section = SectionFactory(slug="thoi-su", parent=SectionFactory())
    authors = AuthorFactory.create_batch(3)
    for n in range(count):
        story = ArticleFactory(
            section=section,
            authors=authors,
            localities=[ward],
            tags=["Nông thôn mới", f"Thẻ {n}", f"Chủ đề {n}", "Cán bộ"],
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        story.cover_renditions = RENDITIONS
        story.save()


# site: stories with their section, bylines with authors, tags                                        = 3
# section: + every section (the header's section list, to find sub-sections)                          = 4
# locality: + the unit (its subtree is a subquery)                                                      = 4
# tag: + the tag                                                                                        = 4
# + 1 each: the page cache's content token (core.pagecache), queried once per change of any story
CONTENT_TOKEN = 1
FEED_BUDGETS = [
    ("/rss/", 3),
    ("/atom/", 3),
    ("/chuyen-muc/thoi-su/rss/", 4),
    ("/chuyen-muc/thoi-su/atom/", 4),
    ("/dia-phuong/thi-tran-nghen/rss/", 4),
    ("/dia-phuong/thi-tran-nghen/atom/", 4),
    ("/the/nong-thon-moi/rss/", 4),
    ("/the/nong-thon-moi/atom/", 4),
]


@pytest.mark.parametrize("count", [3, 30], ids=["3-stories", "30-stories"])
@pytest.mark.parametrize("url, budget", FEED_BUDGETS, ids=[url for url, _ in FEED_BUDGETS])
def test_feed_query_budget(client, django_assert_num_queries, count, url, budget):
    many_stories(count)
    Site.objects.get_current()  # the framework reads Site 1 once per process; warm it like a running server
    with django_assert_num_queries(budget + CONTENT_TOKEN):
        response = client.get(url)
    root = ET.fromstring(response.content)
    found = root.findall("channel/item") or root.findall(f"{ATOM}entry")
    assert len(found) == count
