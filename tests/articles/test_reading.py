"""The reader's rough edges of issue 17: the menu, the localities index, the folded home page, reading a story."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Locality, Section
from tests.articles.test_public_pages import assert_valid_page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_menu_names_localities_once(client):
    Section.objects.create(name="Thời sự", slug="thoi-su")
    Section.objects.create(name="Địa phương", slug="dia-phuong")
    html = get(client, "/")
    nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("Địa phương") == 1
    assert 'href="/dia-phuong/"' in html.split('class="site-footer"', 1)[1]  # the index stays one tap away


def test_menu_wraps_instead_of_cutting_its_last_item_on_wide_screens():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    wide = css.split("@media (min-width: 40em) {\n  .card", 1)[1].split("\n}", 1)[0]
    assert ".site-nav__list { flex-wrap: wrap; overflow-x: visible; }" in wide


@pytest.fixture
def localities():
    province = Locality.objects.create(name="Hà Tĩnh", kind=Locality.Kind.PROVINCE)
    old = Locality.objects.create(
        name="Can Lộc", kind=Locality.Kind.DISTRICT, parent=province, valid_until=date(2025, 6, 30)
    )
    Locality.objects.create(name="Nghèn", kind=Locality.Kind.TOWNSHIP, parent=old, valid_until=date(2025, 6, 30))
    new = Locality.objects.create(
        name="Can Lộc", kind=Locality.Kind.COMMUNE, parent=province, valid_from=date(2025, 7, 1)
    )
    old.successors.add(new)
    return {"province": province, "old": old, "new": new}


def test_localities_index_lists_current_units_first_and_folds_the_former_ones(client, localities):
    html = get(client, "/dia-phuong/")
    assert_valid_page(html)
    details = html.index('<details class="former">')
    assert html.index(localities["new"].get_absolute_url()) < details
    assert html.index(localities["old"].get_absolute_url()) > details
    former = html[details:]
    assert "Đơn vị cũ (2)" in former and "Thị trấn Nghèn" in former
    line = former.split("Huyện Can Lộc", 1)[1].split("</li>", 1)[0]
    assert "nay là" in line and localities["new"].get_absolute_url() in line


def test_localities_index_query_budget_with_former_units(client, localities, django_assert_num_queries):
    # 1 sections, 2 every unit, 3 the former units' successors, 4 the page cache's content token
    with django_assert_num_queries(4):
        get(client, "/dia-phuong/")


def test_home_page_folds_each_section_after_its_first_stories(client):
    section = Section.objects.create(name="Kinh tế", slug="kinh-te")
    now = timezone.now()
    for hours in range(1, 5):
        ArticleFactory(section=section, headline=f"Tin kinh tế {hours}", published_at=now - timedelta(hours=hours))
    html = get(client, "/")
    assert_valid_page(html)
    block = html.split('id="section-', 1)[1].split("</section>", 1)[0]
    shown, folded = block.split('<details class="fold" data-fold>', 1)
    assert "Tin kinh tế 1" in shown and "Tin kinh tế 2" in shown
    assert "Tin kinh tế 3" in folded and "Tin kinh tế 4" in folded
    assert "Xem thêm 2 tin" in folded


def test_story_shows_reading_time_and_its_localities_at_the_top(client, localities):
    story = ArticleFactory(
        sapo="Tin ngắn.", body="<p>" + " ".join(["chữ"] * 1100) + "</p>", localities=[localities["new"]]
    )
    html = get(client, story.get_absolute_url())
    assert_valid_page(html)
    assert "Đọc trong 5 phút" in html
    top = html.split('class="story__sapo"', 1)[0]
    assert f'href="{localities["new"].get_absolute_url()}">Xã Can Lộc</a>' in top.split('class="story__places"', 1)[1]


def test_a_short_story_reads_in_one_minute(client):
    story = ArticleFactory(sapo="Tin.", body="<p>Một câu.</p>")
    assert "Đọc trong 1 phút" in get(client, story.get_absolute_url())


def test_printed_story_drops_menus_share_bars_and_forms():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    printed = css.split("@media print {", 1)[1].split("\n}", 1)[0]
    for selector in (".site-nav", ".site-search", ".share", ".share-bar", "form", ".sidebar", ".site-footer"):
        assert selector in printed.split("{", 1)[0]
