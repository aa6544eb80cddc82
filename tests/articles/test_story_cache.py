"""The story page's lists and the sections are kept as plain data (ids, rows) under the content token, even with
OUTPUT_CACHE=0: every edit an editor makes shows on the next view, and nothing in the cache is a model instance,
so a deploy that changes a model never reads back an older pickle."""

import datetime
import pickle
import re

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from articles import cached
from articles.models import Article, Section, Tag
from comments.models import Comment
from core import pagecache
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, LocalityFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_output_cache(settings):
    settings.OUTPUT_CACHE = False  # only the data caches are on: what is left to prove is their invalidation


def page(client, story):
    return client.get(story.get_absolute_url()).content.decode()


def test_a_page_rendered_again_reads_the_story_and_its_lists_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    story = ArticleFactory(tags=["Biển"], authors=[AuthorFactory(pen_name="Minh Huệ")])
    ArticleFactory(headline="Cùng chủ đề", tags=["Biển"])
    page(client, story)
    # The story and its three prefetches, the lists' stories by id, the comments: never the ranking again.
    with django_assert_max_num_queries(7) as queries:
        html = page(client, story)
    assert "Minh Huệ" in html and "Biển" in html and "Cùng chủ đề" in html
    assert "articles_dailyviews" not in " ".join(query["sql"] for query in queries.captured_queries)


class RecordingCache(LocMemCache):
    """Local memory that remembers every value written to it."""

    written = []

    def add(self, key, value, *args, **kwargs):
        self.written.append(value)
        return super().add(key, value, *args, **kwargs)

    def set(self, key, value, *args, **kwargs):
        self.written.append(value)
        return super().set(key, value, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        self.written.extend(data.values())
        return super().set_many(data, *args, **kwargs)


def test_the_cache_never_holds_a_model_instance(client, settings):
    settings.OUTPUT_CACHE = True  # whole pages too
    settings.CACHES = {
        "default": {"BACKEND": "tests.articles.test_story_cache.RecordingCache", "LOCATION": "recording"}
    }
    RecordingCache.written.clear()
    story = ArticleFactory(tags=["Biển"], authors=[AuthorFactory()], localities=[LocalityFactory()])
    ArticleFactory(tags=["Biển"], section=story.section)
    for path in ("/", story.get_absolute_url(), f"/chuyen-muc/{story.section.slug}/"):
        assert client.get(path).status_code == 200
    assert len(RecordingCache.written) > 5
    # A pickled model instance is rebuilt by Django's model_unpickle: none may be in what the cache got.
    assert [value for value in RecordingCache.written if b"model_unpickle" in pickle.dumps(value)] == []


def older_shaped(instance, missing):
    """The instance as a pickle written by an older model would bring it back: without the field `missing`."""
    del instance.__dict__[missing]
    return instance


REFRESH = re.compile(r'SELECT "articles_(article|section)"\."id", "articles_\w+"\."(headline|name)" FROM')


def test_an_older_shaped_entry_under_a_key_is_computed_again_never_read_back(client, django_assert_max_num_queries):
    story = ArticleFactory(tags=["Biển"])
    related = ArticleFactory(headline="Tin liên quan thật", tags=["Biển"])
    token = pagecache.content_token()
    stale = older_shaped(Article.objects.get(pk=related.pk), "headline")
    cache.set(cached.list_key(f"related:{story.pk}"), {"token": token, "rows": [stale]})
    cache.set(cached.list_key(f"earlier:{story.pk}"), {"token": token, "rows": [{"id": related.pk}]})
    cache.set(cached._structure_keys()["sections"], [older_shaped(Section.objects.get(pk=story.section_id), "name")])
    with django_assert_max_num_queries(20) as queries:
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Tin liên quan thật" in response.content.decode()
    assert story.section.name in response.content.decode()
    # No field of an older shape was fetched one query at a time.
    assert [q["sql"] for q in queries.captured_queries if REFRESH.search(q["sql"])] == []
    assert [row["id"] for row in cache.get(cached.list_key(f"related:{story.pk}"))["rows"]] == [related.pk]


def test_edits_to_the_story_show_at_once(client, django_capture_on_commit_callbacks):
    story = ArticleFactory(headline="Tiêu đề cũ", sapo="Sapo cũ")
    assert "Tiêu đề cũ" in page(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        story.headline, story.sapo = "Tiêu đề mới", "Sapo mới"
        story.save()
    html = page(client, story)
    assert "Tiêu đề mới" in html and "Sapo mới" in html and "Tiêu đề cũ" not in html


def test_byline_tag_and_locality_edits_show_at_once(client, django_capture_on_commit_callbacks):
    author = AuthorFactory(pen_name="Minh Huệ")
    story = ArticleFactory(tags=["Biển"], authors=[author], localities=[LocalityFactory(name="Kỳ Anh")])
    page(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        author.pen_name = "Tuấn Hiển"
        author.save()
        tag = Tag.objects.get(name="Biển")
        tag.name = "Biển đảo"
        tag.save()
        story.localities.add(LocalityFactory(name="Cẩm Xuyên"))
    html = page(client, story)
    assert "Tuấn Hiển" in html and "Minh Huệ" not in html
    assert "Biển đảo" in html
    assert "Cẩm Xuyên" in html


def test_an_unpublished_story_is_gone_at_once(client, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    assert client.get(story.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_scheduled_story_appears_at_its_second(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ArticleFactory()  # a page viewed before: the token is there
    story = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert client.get(story.get_absolute_url()).status_code == 404
    time_machine.shift(datetime.timedelta(seconds=1))
    assert client.get(story.get_absolute_url()).status_code == 200


def test_an_approved_comment_shows_on_the_cached_story(client):
    story = ArticleFactory()
    comment = CommentFactory(article=story, status=Comment.Status.PENDING, body="Ý kiến đã duyệt")
    assert "Ý kiến đã duyệt" not in page(client, story)
    comment.approve(ModeratorFactory())
    html = page(client, story)
    assert "Ý kiến đã duyệt" in html and "1 bình luận" in html
