"""sitemap.xml, the Google News sitemap and robots.txt, read as a crawler would."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sites.models import Site
from django.utils import timezone

from articles import sitemaps
from articles.models import Article, Locality, Section
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def site(settings):
    """The seed story (23/01/2013), a draft, a story scheduled for tomorrow, on https://baohatinh.example."""
    settings.SITE_URL = "https://baohatinh.example"
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    section = Section.objects.create(name="Xây dựng Đảng", slug="xay-dung-dang")
    seed = ArticleFactory(
        headline='"Đòn bẩy" nâng sức mạnh hệ thống chính trị',
        section=section,
        published_at=datetime(2013, 1, 23, 8, 15, tzinfo=HANOI),
        localities=[province],
        tags=["Nghị quyết Trung ương 4"],
    )
    Article.objects.filter(pk=seed.pk).update(updated_at=datetime(2013, 2, 1, 10, 0, tzinfo=HANOI))
    draft = ArticleFactory(headline="Bản nháp", status=Article.Status.DRAFT, tags=["Chỉ trong bản nháp"])
    future = ArticleFactory(headline="Tin ngày mai", published_at=timezone.now() + timedelta(days=1))
    return {"seed": seed, "draft": draft, "future": future, "province": province, "section": section}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


def test_index_lists_every_sitemap_on_the_public_address(client, site):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    assert locations(root) == [
        "https://baohatinh.example/sitemap-stories.xml",
        "https://baohatinh.example/sitemap-sections.xml",
        "https://baohatinh.example/sitemap-localities.xml",
        "https://baohatinh.example/sitemap-tags.xml",
        "https://baohatinh.example/sitemap-news.xml",
    ]
    stories = root.find(f"{SM}sitemap")
    assert stories.findtext(f"{SM}lastmod").startswith("2013-02-01T10:00:00")


def test_stories_sitemap_has_published_stories_with_their_update_date(client, site):
    root = xml(client, "/sitemap-stories.xml")
    urls = {url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in root.findall(f"{SM}url")}
    assert urls == {"https://baohatinh.example" + site["seed"].get_absolute_url(): "2013-02-01"}


def test_sections_localities_and_tags_sitemaps(client, site):
    assert "https://baohatinh.example/chuyen-muc/xay-dung-dang/" in locations(xml(client, "/sitemap-sections.xml"))
    assert "https://baohatinh.example/dia-phuong/tinh-ha-tinh/" in locations(xml(client, "/sitemap-localities.xml"))
    # A tag used only by a draft has no story to show yet.
    assert locations(xml(client, "/sitemap-tags.xml")) == ["https://baohatinh.example/the/nghi-quyet-trung-uong-4/"]


def test_stories_sitemap_is_paginated_and_the_index_lists_each_page(client, site, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)
    for n in range(3):
        ArticleFactory(headline=f"Tin {n}")
    assert "https://baohatinh.example/sitemap-stories.xml?p=2" in locations(xml(client, "/sitemap.xml"))
    first, second = xml(client, "/sitemap-stories.xml"), xml(client, "/sitemap-stories.xml?p=2")
    assert len(locations(first)) == 2 and len(locations(second)) == 2
    assert not set(locations(first)) & set(locations(second))


@pytest.mark.parametrize("url", ["/sitemap-stories.xml?p=9", "/sitemap-stories.xml?p=abc", "/sitemap-nothing.xml"])
def test_bad_sitemap_pages_are_not_found(client, site, url):
    assert client.get(url).status_code == 404


def test_news_sitemap_lists_only_the_last_two_days(client, site):
    recent = ArticleFactory(headline="Lúa & ngô <mùa> mới", published_at=timezone.now() - timedelta(hours=47))
    ArticleFactory(headline="Tin ba ngày trước", published_at=timezone.now() - timedelta(hours=49))
    root = xml(client, "/sitemap-news.xml")
    [url] = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == "https://baohatinh.example" + recent.get_absolute_url()
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Báo Hà Tĩnh"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    assert news.findtext(f"{NEWS}title") == "Lúa & ngô <mùa> mới"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == recent.published_at.replace(microsecond=0)
    assert news.findtext(f"{NEWS}publication_date").endswith("+07:00")


def test_robots_txt_keeps_crawlers_out_of_admin_and_comments_and_points_to_the_index(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /quan-tri/" in lines and "Disallow: /binh-luan/" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: https://baohatinh.example/sitemap.xml" in lines


@pytest.mark.parametrize("count", [2, 40])
def test_sitemaps_query_budget(client, django_assert_num_queries, count):
    for n in range(count):
        ArticleFactory(tags=[f"Thẻ {n}"], published_at=timezone.now() - timedelta(hours=n + 1))
    Site.objects.get_current()  # Django's sitemap view reads Site 1 once per process
    # index: a page count for each of the 4 sitemaps, and the stories' latest change (one aggregate),
    # + the page cache's content token (core.pagecache; once, then cached for the next sitemaps)
    with django_assert_num_queries(5 + 1):
        client.get("/sitemap.xml")
    # a sitemap page: count, page
    with django_assert_num_queries(2):
        client.get("/sitemap-stories.xml")
    with django_assert_num_queries(2):
        client.get("/sitemap-tags.xml")
    with django_assert_num_queries(1):
        client.get("/sitemap-news.xml")
