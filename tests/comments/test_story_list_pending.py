"""The editors' story list shows each story's comments waiting, linked to the desk filtered to that story."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from core import adminhooks
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

STORIES = "/quan-tri/articles/article/"


def test_each_story_shows_its_pending_count_linked_to_the_desk(admin_client):
    busy = ArticleFactory(headline="Bão số 5 đổ bộ")
    quiet = ArticleFactory(headline="Lễ hội cầu ngư")
    CommentFactory.create_batch(3, article=busy)
    CommentFactory(article=busy, status=Comment.Status.APPROVED)
    CommentFactory(article=quiet, status=Comment.Status.REJECTED)
    html = admin_client.get(STORIES).content.decode()
    assert "Bình luận chờ duyệt" in html
    assert f'<a href="/quan-tri/kiem-duyet/?article={busy.pk}" class="pending-comments">3</a>' in html
    assert f"/quan-tri/kiem-duyet/?article={quiet.pk}" not in html


def test_the_list_sorts_by_comments_waiting(admin_client):
    few = ArticleFactory(headline="Ít bình luận")
    many = ArticleFactory(headline="Nhiều bình luận")
    CommentFactory(article=few)
    CommentFactory.create_batch(4, article=many)
    column = adminhooks.columns("articles.Article")[0]
    assert column.__name__ == "pending_comments"
    headers = admin_client.get(STORIES).context["cl"].list_display
    order = headers.index(column)
    html = admin_client.get(STORIES, {"o": f"-{order}"}).content.decode()
    assert html.index("Nhiều bình luận") < html.index("Ít bình luận")


def test_the_story_list_costs_the_same_queries_for_5_or_50_stories(admin_client):
    def queries(count):  # stories add up: 5, then 50
        for story in ArticleFactory.create_batch(count):
            CommentFactory.create_batch(2, article=story)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(STORIES)
        assert response.content.decode().count('class="pending-comments">2</a>') == response.context["cl"].result_count
        return len(captured)

    assert queries(5) == queries(45)
