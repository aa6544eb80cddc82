""" "Tin liên quan" with editors' pins, "Các tin đã đưa", and the cache that keeps them (and "Xem nhiều") free."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import pages
from articles.models import Article, DailyViews, Locality, RelatedPin
from core import pagecache
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def headlines(stories):
    return [story.headline for story in stories]


def related_of(article):
    story = Article.objects.for_page().get(pk=article.pk)
    return headlines(Article.objects.published().for_listing().related_to(story)[: pages.RELATED_COUNT])


def block(html, title):
    part = html[html.index(title) :]
    return part[: part.index("</section>")]


# Scoring --------------------------------------------------------------------------------------------------------------


def test_a_shared_tag_weighs_more_than_a_shared_locality():
    commune = Locality.objects.create(name="Thạch Hà", kind=Locality.Kind.DISTRICT)
    story = ArticleFactory(tags=["Nông thôn mới"], localities=[commune])
    ArticleFactory(headline="Cùng địa phương", localities=[commune], published_at=ago(2))
    ArticleFactory(headline="Cùng thẻ", tags=["Nông thôn mới"], published_at=ago(3))
    ArticleFactory(headline="Cùng cả hai", tags=["Nông thôn mới"], localities=[commune], published_at=ago(4))
    assert related_of(story) == ["Cùng cả hai", "Cùng thẻ", "Cùng địa phương"]


def test_equal_scores_put_the_newest_first_and_each_story_once():
    story = ArticleFactory(tags=["Lũ lụt", "Cứu trợ"])
    ArticleFactory(headline="Cũ", tags=["Lũ lụt"], published_at=ago(30))
    ArticleFactory(headline="Mới", tags=["Cứu trợ"], published_at=ago(2))
    assert related_of(story) == ["Mới", "Cũ"]


def test_related_leaves_out_the_story_itself_unrelated_and_hidden_stories():
    story = ArticleFactory(tags=["Biển"])
    ArticleFactory(headline="Không chung gì", tags=["Núi"])
    ArticleFactory(headline="Bản nháp", tags=["Biển"], status=Article.Status.DRAFT)
    ArticleFactory(headline="Hẹn giờ", tags=["Biển"], published_at=timezone.now() + datetime.timedelta(hours=1))
    assert related_of(story) == []


def test_related_shows_at_most_six():
    story = ArticleFactory(tags=["Giáo dục"])
    ArticleFactory.create_batch(9, tags=["Giáo dục"])
    assert len(related_of(story)) == pages.RELATED_COUNT


# Editors' pins --------------------------------------------------------------------------------------------------------


def test_pins_come_first_in_the_editors_order_then_the_scored_ones():
    story = ArticleFactory(tags=["Du lịch"])
    ArticleFactory(headline="Tính điểm", tags=["Du lịch"], published_at=ago(2))
    second = ArticleFactory(headline="Ghim thứ hai", published_at=ago(5))
    first = ArticleFactory(headline="Ghim thứ nhất", published_at=ago(50))
    RelatedPin.objects.create(article=story, related=second, position=2)
    RelatedPin.objects.create(article=story, related=first, position=1)
    assert related_of(story) == ["Ghim thứ nhất", "Ghim thứ hai", "Tính điểm"]


def test_a_pinned_story_that_also_shares_tags_appears_once_as_a_pin():
    story = ArticleFactory(tags=["Du lịch"])
    both = ArticleFactory(headline="Vừa ghim vừa chung thẻ", tags=["Du lịch"], published_at=ago(9))
    ArticleFactory(headline="Chỉ chung thẻ", tags=["Du lịch"], published_at=ago(2))
    RelatedPin.objects.create(article=story, related=both)
    assert related_of(story) == ["Vừa ghim vừa chung thẻ", "Chỉ chung thẻ"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
    ],
    ids=["draft", "unpublished", "scheduled"],
)
def test_pinned_stories_readers_cannot_see_are_never_shown(hidden):
    story = ArticleFactory()
    RelatedPin.objects.create(article=story, related=ArticleFactory(headline="Ghim ẩn", **hidden))
    RelatedPin.objects.create(article=story, related=ArticleFactory(headline="Ghim công khai"))
    assert related_of(story) == ["Ghim công khai"]


def test_pins_work_for_a_story_without_tags_or_localities():
    story = ArticleFactory()
    RelatedPin.objects.create(article=story, related=ArticleFactory(headline="Ghim"))
    assert related_of(story) == ["Ghim"]


def test_a_story_cannot_be_pinned_to_itself():
    story = ArticleFactory()
    with pytest.raises(ValidationError, match="không thể liên quan đến chính nó"):
        RelatedPin(article=story, related=story).full_clean()


def test_editors_pin_related_stories_in_the_admin(admin_client):
    story = ArticleFactory()
    html = admin_client.get(f"/quan-tri/articles/article/{story.pk}/change/").content.decode()
    assert "related_pins-TOTAL_FORMS" in html
    assert "Tin liên quan ghim tay (theo thứ tự)" in html


# "Các tin đã đưa" -----------------------------------------------------------------------------------------------


def test_earlier_stories_link_to_the_section_and_the_day(client):
    section = SectionFactory(slug="thoi-su")
    story = ArticleFactory(section=section, published_at=timezone.make_aware(datetime.datetime(2025, 1, 24, 23, 30)))
    ArticleFactory(section=section, headline="Tin hôm trước", published_at=story.published_at - datetime.timedelta(1))
    html = client.get(story.get_absolute_url()).content.decode()
    earlier = block(html, "Các tin đã đưa")
    assert "Tin hôm trước" in earlier
    assert 'href="/chuyen-muc/thoi-su/">Xem thêm</a>' in earlier
    assert 'href="/ngay/2025-01-24/">Tin ngày 24/01/2025</a>' in earlier


# Cached blocks --------------------------------------------------------------------------------------------------------


def test_blocks_cost_no_query_once_warm(client, django_assert_max_num_queries):
    story = ArticleFactory(tags=["Biển"])
    ArticleFactory(tags=["Biển"], section=story.section, published_at=ago(3))
    DailyViews.objects.create(article=story, day=timezone.localdate(), count=3)
    client.get(story.get_absolute_url())
    with django_assert_max_num_queries(20) as queries:
        client.get(story.get_absolute_url())
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "articles_dailyviews" not in sql
    assert "articles_relatedpin" not in sql


def test_publishing_a_story_refreshes_the_cached_blocks(client, django_capture_on_commit_callbacks):
    story = ArticleFactory(tags=["Biển"])
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Tin liên quan" not in html
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(headline="Tin mới về biển", tags=["Biển"])
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Tin mới về biển" in block(html, "Tin liên quan")


def test_unpublishing_a_story_removes_it_from_cached_blocks(client, django_capture_on_commit_callbacks):
    story = ArticleFactory(tags=["Biển"])
    other = ArticleFactory(headline="Sắp bị gỡ", tags=["Biển"], section=story.section, published_at=ago(2))
    DailyViews.objects.create(article=other, day=timezone.localdate(), count=9)
    assert "Sắp bị gỡ" in client.get(story.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        other.status = Article.Status.UNPUBLISHED
        other.save()
    assert "Sắp bị gỡ" not in client.get(story.get_absolute_url()).content.decode()


def test_pinning_refreshes_the_cached_related_block(client, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        RelatedPin.objects.create(article=story, related=ArticleFactory(headline="Vừa ghim"))
    assert "Vừa ghim" in client.get(story.get_absolute_url()).content.decode()


def test_a_scheduled_story_appears_in_cached_blocks_on_time(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    story = ArticleFactory(tags=["Biển"])
    ArticleFactory(headline="Hẹn giờ", tags=["Biển"], published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert "Hẹn giờ" not in client.get(story.get_absolute_url()).content.decode()
    # Nothing is saved when a scheduled story comes out: the blocks' generation expires at that moment instead.
    time_machine.shift(datetime.timedelta(seconds=1))
    assert "Hẹn giờ" in block(client.get(story.get_absolute_url()).content.decode(), "Tin liên quan")


def test_the_generation_lasts_until_the_next_scheduled_story(monkeypatch):
    calls = []
    monkeypatch.setattr(pagecache.cache, "add", lambda key, value, timeout: calls.append(timeout) or True)
    monkeypatch.setattr(pagecache.cache, "get", lambda key, default=None: None)
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=10))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=3))
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now() + datetime.timedelta(minutes=1))
    pagecache.content_token()
    assert 590 <= calls[0] <= 600


def test_without_scheduled_stories_the_generation_waits_for_a_change(monkeypatch):
    calls = []
    monkeypatch.setattr(pagecache.cache, "add", lambda key, value, timeout: calls.append(timeout) or True)
    monkeypatch.setattr(pagecache.cache, "get", lambda key, default=None: None)
    ArticleFactory()
    pagecache.content_token()
    assert calls == [None]


def test_tagging_the_story_refreshes_its_related_block(client, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    ArticleFactory(headline="Cùng thẻ mới", tags=["Biển"])
    assert "Cùng thẻ mới" not in client.get(story.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        story.tags.add("Biển")
    assert "Cùng thẻ mới" in client.get(story.get_absolute_url()).content.decode()
