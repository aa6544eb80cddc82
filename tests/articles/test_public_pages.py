"""The public reading site, read as a reader would: the seed story of Báo Hà Tĩnh on every page that lists it."""

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article, Locality, Section, Tag
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
KICKER = "Công tác tổ chức xây dựng Đảng năm 2012:"
HEADLINE = '"Đòn bẩy" nâng sức mạnh hệ thống chính trị'
SAPO = (
    "Năm 2012 có thể coi là một năm đầy dấu ấn đối với những người làm công tác tổ chức xây dựng Đảng, "
    "nhất là trên lĩnh vực tổ chức và cán bộ..."
)
BODY = (
    "<p>Thực hiện lời dạy của Bác &quot;cán bộ là gốc của mọi phong trào&quot;, hiểu rõ nguyên lý: "
    "&quot;Phát triển kinh tế là trung tâm, xây dựng Đảng là then chốt&quot; nên tập thể lãnh đạo, cán bộ, "
    "chuyên viên của ngành Tổ chức xây dựng Đảng toàn tỉnh đã phấn đấu vươn lên.</p>"
    "<p>Đến nay, đã có 100% đảng bộ, chi bộ cơ sở trong toàn tỉnh tổ chức kiểm điểm theo tinh thần Nghị quyết "
    "TW 4. Tính đến ngày 20/1/2013, có 3.800 chi bộ trực thuộc đảng bộ cơ sở đã tổ chức kiểm điểm theo Nghị "
    "quyết TW 4.</p>"
)


@pytest.fixture
def seed():
    """The seed page's story, as Báo Hà Tĩnh published it on 23/01/2013 at 08:15."""
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    city = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.CITY, parent=province)
    parent_section = Section.objects.create(name="Chính trị", slug="chinh-tri")
    section = Section.objects.create(name="Xây dựng Đảng", parent=parent_section)
    article = ArticleFactory(
        kicker=KICKER,
        headline=HEADLINE,
        sapo=SAPO,
        body=BODY,
        section=section,
        published_at=datetime(2013, 1, 23, 8, 15, tzinfo=HANOI),
        authors=[AuthorFactory(pen_name="Minh Huệ"), AuthorFactory(pen_name="Tuấn Hiển")],
        localities=[city],
        tags=["Nghị quyết Trung ương 4"],
    )
    return {"article": article, "province": province, "city": city, "section": section}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class PageStructure(HTMLParser):
    """Just enough HTML checking for tests: landmarks, headings, images, nesting of the main elements."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.counts, self.images, self.errors, self.lang, self.ids = [], {}, [], [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def structure(html):
    parser = PageStructure()
    parser.feed(html)
    parser.close()
    return parser


def assert_valid_page(html):
    parsed = structure(html)
    assert html.startswith("<!doctype html>")
    assert parsed.lang == "vi"
    assert parsed.errors == [] and parsed.stack == []
    assert parsed.counts.get("main") == 1
    assert parsed.counts.get("h1") == 1
    assert parsed.counts.get("header", 0) >= 1 and parsed.counts.get("footer", 0) >= 1
    assert all("alt" in img for img in parsed.images)
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate id"
    assert 'href="#main"' in html


# Home and story page ------------------------------------------------------------------------------------------------


def test_home_page_shows_the_story_its_section_and_localities(client, seed):
    html = page(client, "/")
    assert_valid_page(html)
    assert "&#34;Đòn bẩy&#34; nâng sức mạnh hệ thống chính trị" in html
    assert seed["article"].get_absolute_url() in html
    assert "Chính trị" in html  # the top-level section's block and the header
    assert "Thành phố Hà Tĩnh" in html  # the "Địa phương" box
    assert "Địa phương" in html
    assert "Thứ Tư, 23/01/2013 - 08:15" in html


def test_home_page_puts_the_featured_story_first(client, seed):
    featured = ArticleFactory(
        headline="Tin nổi bật trong ngày", is_featured=True, published_at=timezone.now() - timedelta(days=3)
    )
    ArticleFactory(headline="Tin mới nhất")
    html = page(client, "/")
    assert html.index("Tin nổi bật trong ngày") < html.index("Tin mới nhất")
    assert 'class="card card--featured' in html
    assert html.count(featured.get_absolute_url()) >= 1


def test_home_section_blocks_include_stories_of_subsections(client, seed):
    html = page(client, "/")
    block = html[html.index('id="section-') :]
    assert "Đòn bẩy" in block


def test_story_page_shows_every_block_of_the_seed_page(client, seed):
    article = seed["article"]
    html = page(client, article.get_absolute_url())
    assert_valid_page(html)
    assert KICKER in html
    assert "<h1" in html and "&#34;Đòn bẩy&#34; nâng sức mạnh hệ thống chính trị</h1>" in html
    assert SAPO in html
    assert "có 3.800 chi bộ trực thuộc" in html
    assert "Thứ Tư, 23/01/2013 - 08:15" in html
    # Breadcrumb: parent › section.
    crumbs = html[html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))]
    assert crumbs.index("Chính trị") < crumbs.index("Xây dựng Đảng")
    # Byline: both authors in order, each a link to their page.
    byline = html[html.index('class="story__byline"') :]
    assert byline.index(">Minh Huệ</a>") < byline.index(">Tuấn Hiển</a>")
    assert 'href="/tac-gia/minh-hue/"' in html and 'href="/tac-gia/tuan-hien/"' in html
    assert 'href="/dia-phuong/thanh-pho-ha-tinh/"' in html
    assert 'href="/the/nghi-quyet-trung-uong-4/"' in html
    assert "Xem thêm Thành phố Hà Tĩnh" in html
    assert "Hãy chia sẻ với bạn bè!" in html
    assert 'rel="canonical" href="http://127.0.0.1:8000' + article.get_absolute_url() + '"' in html
    assert "0 bình luận" in html  # the comments block is on the page
    assert "<figure" not in html.split('class="story__body"')[0]  # no cover, no figure


def test_story_page_share_links_carry_the_encoded_canonical_address(client, seed, settings):
    settings.SITE_URL = "https://baohatinh.example"
    article = seed["article"]
    html = page(client, article.get_absolute_url() + "?utm_source=zalo")
    encoded = quote("https://baohatinh.example" + article.get_absolute_url(), safe="")
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in html
    assert f"https://sp.zalo.me/plugins/share?url={encoded}" in html
    assert f"https://x.com/intent/tweet?url={encoded}" in html
    assert f'value="https://baohatinh.example{article.get_absolute_url()}"' in html  # copy link without JS
    assert "utm_source" not in html
    assert "<script" not in html.split("</head>")[1]  # no third-party or inline scripts in the body


def test_story_cover_is_a_picture_with_webp_and_jpeg_sources(client, seed):
    article = seed["article"]
    article.cover_caption = "Bí thư Tỉnh ủy Nguyễn Thanh Bình nói chuyện với cán bộ, đảng viên lão thành"
    article.cover_credit = "Minh Huệ"
    article.cover_renditions = [
        {"width": 480, "height": 320, "webp": "covers/r/bi-thu-480.webp", "jpeg": "covers/r/bi-thu-480.jpg"},
        {"width": 960, "height": 640, "webp": "covers/r/bi-thu-960.webp", "jpeg": "covers/r/bi-thu-960.jpg"},
    ]
    article.save()
    html = page(client, article.get_absolute_url())
    assert_valid_page(html)
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert (
        'type="image/webp" srcset="/media/covers/r/bi-thu-480.webp 480w, /media/covers/r/bi-thu-960.webp 960w"'
        in figure
    )
    assert 'src="/media/covers/r/bi-thu-960.jpg"' in figure
    assert 'width="960" height="640"' in figure
    assert f'alt="{"&#34;Đòn bẩy&#34; nâng sức mạnh hệ thống chính trị"}"' in figure  # no alt text: the headline
    assert "Bí thư Tỉnh ủy Nguyễn Thanh Bình" in figure and "Minh Huệ" in figure


def test_cover_alt_text_is_used_when_given(client, seed):
    article = seed["article"]
    article.cover_alt = "Bí thư Tỉnh ủy nói chuyện với cán bộ lão thành"
    article.cover_renditions = [{"width": 480, "height": 320, "webp": "a.webp", "jpeg": "a.jpg"}]
    article.save()
    html = page(client, article.get_absolute_url())
    assert 'alt="Bí thư Tỉnh ủy nói chuyện với cán bộ lão thành"' in html


def test_story_page_lists_earlier_stories_of_its_section(client, seed):
    article = seed["article"]
    ArticleFactory(
        headline="Tin cũ hơn cùng chuyên mục",
        section=seed["section"],
        published_at=article.published_at - timedelta(days=1),
    )
    ArticleFactory(headline="Tin mới hơn cùng chuyên mục", section=seed["section"])
    ArticleFactory(headline="Tin cũ khác chuyên mục", published_at=article.published_at - timedelta(days=1))
    html = page(client, article.get_absolute_url())
    earlier = html[html.index("Các tin đã đưa") :]
    earlier = earlier[: earlier.index("</section>")]
    assert "Tin cũ hơn cùng chuyên mục" in earlier
    assert "Tin mới hơn cùng chuyên mục" not in earlier
    assert "Tin cũ khác chuyên mục" not in earlier


def test_related_stories_rank_the_most_shared_first(client, seed):
    article = seed["article"]
    article.tags.add("Hà Tĩnh")
    both = ArticleFactory(
        headline="Chung thẻ và địa phương",
        tags=["Hà Tĩnh"],
        localities=[seed["city"]],
        published_at=timezone.now() - timedelta(days=5),
    )
    one = ArticleFactory(headline="Chung một thẻ", tags=["Hà Tĩnh"])
    ArticleFactory(headline="Không liên quan", tags=["Thể thao"])
    ArticleFactory(headline="Bản nháp liên quan", tags=["Hà Tĩnh"], status=Article.Status.DRAFT)
    html = page(client, article.get_absolute_url())
    related = html[html.index("Tin liên quan") :]
    related = related[: related.index("</section>")]
    assert related.index(both.headline) < related.index(one.headline)
    assert "Không liên quan" not in related
    assert "Bản nháp liên quan" not in related
    assert HEADLINE not in related.replace("&#34;", '"')


def test_headline_with_a_script_tag_is_escaped(client):
    article = ArticleFactory(headline="<script>alert('x')</script> Tin nóng", kicker="<b>Kicker</b>")
    html = page(client, article.get_absolute_url())
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&lt;b&gt;Kicker&lt;/b&gt;" in html
    assert "<script>alert(" not in page(client, "/")


def test_stale_slug_redirects_permanently_to_the_canonical_address(client, seed):
    article = seed["article"]
    response = client.get(f"/ten-cu-{article.pk}.html?utm_source=facebook")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "status, delay",
    [
        (Article.Status.DRAFT, timedelta(hours=-1)),
        (Article.Status.REVIEW, timedelta(hours=-1)),
        (Article.Status.UNPUBLISHED, timedelta(hours=-1)),
        (Article.Status.PUBLISHED, timedelta(hours=2)),
    ],
    ids=["draft", "in-review", "unpublished", "scheduled-in-2-hours"],
)
def test_unpublished_and_scheduled_stories_are_not_found(client, status, delay):
    article = ArticleFactory(headline="Tin chưa đăng", status=status, published_at=timezone.now() + delay)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Tin chưa đăng" not in page(client, "/")
    assert "Tin chưa đăng" not in page(client, article.section.get_absolute_url())


def test_scheduled_story_appears_on_time(client, seed):
    article = ArticleFactory(headline="Tin hẹn giờ", published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


# List pages --------------------------------------------------------------------------------------------------------


def test_section_page_lists_the_story(client, seed):
    html = page(client, "/chuyen-muc/xay-dung-dang/")
    assert_valid_page(html)
    assert "<h1" in html and "Xây dựng Đảng</h1>" in html
    assert "Đòn bẩy" in html and "Thứ Tư, 23/01/2013 - 08:15" in html


def test_parent_section_page_includes_its_subsections(client, seed):
    html = page(client, "/chuyen-muc/chinh-tri/")
    assert "Đòn bẩy" in html
    assert 'href="/chuyen-muc/xay-dung-dang/"' in html


def test_locality_pages_list_the_story_for_the_unit_and_its_province(client, seed):
    city_html = page(client, "/dia-phuong/thanh-pho-ha-tinh/")
    assert_valid_page(city_html)
    assert "Thành phố Hà Tĩnh</h1>" in city_html and "Đòn bẩy" in city_html
    province_html = page(client, "/dia-phuong/tinh-ha-tinh/")
    assert_valid_page(province_html)
    assert "Đòn bẩy" in province_html
    assert "Xem thêm Thành phố Hà Tĩnh" in province_html


def test_locality_that_no_longer_exists_links_its_successors(client, seed):
    old = Locality.objects.create(
        name="Thạch Hà", kind=Locality.Kind.DISTRICT, parent=seed["province"], valid_until=date(2025, 6, 30)
    )
    new = Locality.objects.create(
        name="Thạch Khê", kind=Locality.Kind.COMMUNE, parent=seed["province"], valid_from=date(2025, 7, 1)
    )
    old.successors.add(new)
    html = page(client, old.get_absolute_url())
    assert "Đơn vị hành chính này không còn tồn tại từ 01/07/2025" in html
    assert f'href="{new.get_absolute_url()}"' in html
    new_html = page(client, new.get_absolute_url())
    assert "Huyện Thạch Hà" in new_html and f'href="{old.get_absolute_url()}"' in new_html


def test_localities_index_is_a_tree(client, seed):
    html = page(client, "/dia-phuong/")
    assert_valid_page(html)
    province_at = html.index("Tỉnh Hà Tĩnh")
    assert html.index("<ul", province_at) < html.index("Thành phố Hà Tĩnh")


def test_tag_page_lists_the_story(client, seed):
    tag = Tag.objects.get(name="Nghị quyết Trung ương 4")
    html = page(client, tag.get_absolute_url())
    assert_valid_page(html)
    assert "Nghị quyết Trung ương 4</h1>" in html and "Đòn bẩy" in html


def test_author_page_shows_pen_name_bio_and_stories(client, seed):
    author = seed["article"].bylines.first().author
    author.bio = "Phóng viên ban Xây dựng Đảng."
    author.save()
    html = page(client, "/tac-gia/minh-hue/")
    assert_valid_page(html)
    assert "Minh Huệ</h1>" in html and "Phóng viên ban Xây dựng Đảng." in html and "Đòn bẩy" in html


def test_list_pages_paginate_twenty_stories_a_page(client):
    section = SectionFactory(name="Thời sự", slug="thoi-su")
    for n in range(45):
        ArticleFactory(
            section=section, headline=f"Tin thời sự {n:02d}", published_at=timezone.now() - timedelta(hours=n + 1)
        )
    first = page(client, "/chuyen-muc/thoi-su/")
    assert first.count('class="card__title"') == 20
    assert "Trang sau" in first and "Trang trước" not in first
    assert 'aria-current="page"><span class="visually-hidden">Trang </span>1</a>' in first
    third = page(client, "/chuyen-muc/thoi-su/?page=3")
    assert third.count('class="card__title"') == 5
    assert "Trang trước" in third and "Trang sau" not in third
    assert "Tin thời sự 44" in third


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "99999", "1" * 10000, "1.5", ""])
def test_bad_page_numbers_are_not_found(client, seed, bad):
    for url in [
        "/chuyen-muc/xay-dung-dang/",
        "/dia-phuong/tinh-ha-tinh/",
        "/the/nghi-quyet-trung-uong-4/",
        "/tac-gia/minh-hue/",
    ]:
        response = client.get(url, {"page": bad})
        assert response.status_code == 404, (url, bad)


@pytest.mark.parametrize(
    "url",
    ["/chuyen-muc/khong-co/", "/dia-phuong/khong-co/", "/the/khong-co/", "/tac-gia/khong-co/", "/khong-co-99999.html"],
)
def test_unknown_addresses_get_the_vietnamese_not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert_valid_page(html)


# Filters -----------------------------------------------------------------------------------------------------------


def test_dates_read_like_the_paper_in_vietnam_time():
    from articles.display import vn_datetime

    assert vn_datetime(datetime(2013, 1, 23, 1, 15, tzinfo=ZoneInfo("UTC"))) == "Thứ Tư, 23/01/2013 - 08:15"
    assert vn_datetime(datetime(2013, 1, 27, 23, 0, tzinfo=HANOI)) == "Chủ Nhật, 27/01/2013 - 23:00"


def test_numbers_group_thousands_with_dots():
    from articles.display import vn_number

    assert vn_number(3800) == "3.800"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(-3000) == "-3.000"
    assert vn_number(2.5) == "2,5"
    assert vn_number(256) == "256"
    assert vn_number("không phải số") == "không phải số"
