"""The story page keeps its story (with bylines, tags and localities) as data under the content token, even with
OUTPUT_CACHE=0: every edit an editor makes shows on the next view, and a page rendered again for its comments
reads no story row."""

import datetime
import time

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, LocalityFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_output_cache(settings):
    settings.OUTPUT_CACHE = False  # only the data caches are on: what is left to prove is their invalidation


def page(client, story):
    return client.get(story.get_absolute_url()).content.decode()


def test_a_page_rendered_again_reads_no_story_row(client, django_assert_max_num_queries):
    story = ArticleFactory(tags=["Biển"], authors=[AuthorFactory(pen_name="Minh Huệ")])
    page(client, story)
    with django_assert_max_num_queries(5) as queries:
        html = page(client, story)
    assert "Minh Huệ" in html and "Biển" in html
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_articleauthor" not in sql and "articles_taggedarticle" not in sql


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


def test_a_scheduled_story_appears_at_its_second(client):
    ArticleFactory()  # a page viewed before: the token is there
    story = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert client.get(story.get_absolute_url()).status_code == 404
    time.sleep(1.2)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_an_approved_comment_shows_on_the_cached_story(client):
    story = ArticleFactory()
    comment = CommentFactory(article=story, status=Comment.Status.PENDING, body="Ý kiến đã duyệt")
    assert "Ý kiến đã duyệt" not in page(client, story)
    comment.approve(ModeratorFactory())
    html = page(client, story)
    assert "Ý kiến đã duyệt" in html and "1 bình luận" in html
