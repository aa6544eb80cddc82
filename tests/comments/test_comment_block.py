"""The comment block under a story: count, order, threads, the reader's own pending comments, queries."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from comments import own, spam
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return ModeratorFactory()


def approved(moderator, **fields):
    comment = CommentFactory(**fields)
    comment.approve(moderator)
    return comment


def page(client, article, query=""):
    return client.get(article.get_absolute_url() + query).content.decode()


def test_count_includes_approved_comments_and_replies_only(client, moderator):
    article = ArticleFactory()
    root = approved(moderator, article=article)
    approved(moderator, article=article, parent=root)
    CommentFactory(article=article)  # pending
    rejected = CommentFactory(article=article)
    rejected.reject(moderator)
    html = page(client, article)
    assert "2 bình luận" in html


def test_no_comments_says_zero(client):
    assert "0 bình luận" in page(client, ArticleFactory())


def test_comments_oldest_first_with_name_and_local_time(client, moderator):
    article = ArticleFactory()
    when = timezone.datetime(2013, 1, 23, 1, 15, tzinfo=timezone.UTC)  # 08:15 in Hà Tĩnh
    approved(moderator, article=article, name="Người sau", body="Bình luận thứ hai", created_at=when)
    approved(moderator, article=article, name="Người trước", body="Bình luận thứ nhất", created_at=when.replace(hour=0))
    html = page(client, article)
    assert html.index("Bình luận thứ nhất") < html.index("Bình luận thứ hai")
    shown = r'Người sau</span> - <time [^>]*datetime="2013-01-23T08:15:00\+07:00">23/01/2013 08:15</time>'
    assert re.search(shown, html)
    # Read again from the rows the page of comments is kept as: the same local time.
    assert re.search(shown, page(Client(), article))


def test_replies_are_indented_under_their_root(client, moderator):
    article = ArticleFactory()
    first = approved(moderator, article=article, body="Gốc thứ nhất")
    approved(moderator, article=article, body="Gốc thứ hai")
    approved(moderator, article=article, parent=first, body="Trả lời cho gốc thứ nhất")
    html = page(client, article)
    replies = html.index('class="comments__replies"')
    assert html.index("Gốc thứ nhất") < replies < html.index("Trả lời cho gốc thứ nhất") < html.index("Gốc thứ hai")


def test_each_comment_has_a_reply_link_that_works_without_javascript(client, moderator):
    article = ArticleFactory()
    comment = approved(moderator, article=article, name="Hoàng Minh")
    html = page(client, article)
    assert f'href="{article.get_absolute_url()}?tra-loi={comment.pk}#binh-luan-form"' in html
    html = page(client, article, f"?tra-loi={comment.pk}")
    assert "Trả lời Hoàng Minh" in html
    assert f'name="parent" value="{comment.pk}"' in html
    assert "Hủy trả lời" in html


@pytest.mark.parametrize("query", ["?tra-loi=abc", "?tra-loi=-1", "?tra-loi=999999"])
def test_bad_reply_parameter_is_ignored(client, query):
    response = client.get(ArticleFactory().get_absolute_url() + query)
    assert response.status_code == 200
    assert 'name="parent" value=""' in response.content.decode()


def test_hidden_comment_leaves_the_page(client, moderator):
    article = ArticleFactory()
    comment = approved(moderator, article=article, body="Sẽ bị ẩn sau")
    comment.hide(moderator)
    html = page(client, article)
    assert "Sẽ bị ẩn sau" not in html
    assert "0 bình luận" in html


def test_own_pending_reply_shows_under_its_root_only_to_its_author(client, moderator, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    root = approved(moderator, article=article, body="Bình luận gốc đã đăng")
    client.post(
        f"/binh-luan/{article.pk}/gui/",
        {
            "name": "Phan Thị Hoa",
            "email": "hoa@example.vn",
            "body": "Câu trả lời đang chờ",
            "parent": root.pk,
            "ts": spam.form_timestamp(article.pk),
        },
    )
    mine = page(client, article)
    assert mine.index("Bình luận gốc đã đăng") < mine.index("Câu trả lời đang chờ")
    assert "Đang chờ biên tập" in mine
    assert "1 bình luận" in mine
    assert "Câu trả lời đang chờ" not in page(Client(), article)


def signed_cookie(*ids):
    """The posted-comments cookie as the site would sign it for these ids."""
    from django.http import HttpResponse

    response = HttpResponse()
    response.set_signed_cookie(own.COOKIE_NAME, ",".join(map(str, ids)), salt=own.SALT)
    return response.cookies[own.COOKIE_NAME].value


def test_a_pending_comment_of_another_story_in_the_cookie_is_not_shown(client):
    """The cookie only lists ids this browser posted; even so, only pending comments of this story show."""
    article = ArticleFactory()
    other_story_comment = CommentFactory(body="Của bài khác")
    client.cookies[own.COOKIE_NAME] = signed_cookie(other_story_comment.pk)
    assert "Của bài khác" not in page(client, article)


def test_a_forged_cookie_shows_nobody_elses_pending_comment(client):
    article = ArticleFactory()
    theirs = CommentFactory(article=article, body="Ý kiến riêng của người khác")
    client.cookies[own.COOKIE_NAME] = str(theirs.pk)  # unsigned
    assert "Ý kiến riêng của người khác" not in page(client, article)
    client.cookies[own.COOKIE_NAME] = signed_cookie(theirs.pk)[:-2] + "xx"  # signature tampered with
    assert "Ý kiến riêng của người khác" not in page(client, article)
    client.cookies[own.COOKIE_NAME] = signed_cookie(theirs.pk)  # the real thing (only its author's browser has it)
    assert "Ý kiến riêng của người khác" in page(client, article)


def test_posting_keeps_no_session(client, settings):
    """A reader who comments gets the signed cookie and no session: nothing is written but the comment."""
    from django.contrib.sessions.models import Session

    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    response = client.post(
        f"/binh-luan/{article.pk}/gui/",
        {"name": "Bạn đọc", "email": "bandoc@example.vn", "body": "Một ý kiến.", "ts": spam.form_timestamp(article.pk)},
    )
    assert response.status_code == 303
    assert own.COOKIE_NAME in response.cookies and "sessionid" not in response.cookies
    cookie = response.cookies[own.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not Session.objects.exists()
    assert "Một ý kiến." in page(client, article)


def test_query_count_does_not_grow_with_comments(client, moderator, django_assert_num_queries):
    few, many = ArticleFactory(), ArticleFactory()
    for article, roots in ((few, 1), (many, 100)):
        for _ in range(roots):
            root = approved(moderator, article=article)
            approved(moderator, article=article, parent=root)
    # Warm up anything cached per process, and each story's cached "Tin liên quan"/"Các tin đã đưa" blocks.
    client.get(few.get_absolute_url())
    client.get(many.get_absolute_url())

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(few.get_absolute_url())
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(many.get_absolute_url())
    assert "200 bình luận" in response.content.decode()
    assert "2 bình luận" in client.get(few.get_absolute_url()).content.decode()


def test_comment_block_costs_one_query(rf, moderator, django_assert_num_queries):
    from django.template import engines

    article = ArticleFactory()
    for _ in range(5):
        root = approved(moderator, article=article)
        approved(moderator, article=article, parent=root)
    request = rf.get(article.get_absolute_url())
    template = engines["jinja2"].from_string("{{ comments_for(article) }}")
    # the page's approved comments with their replies and the thread's counts (comments.thread)
    with django_assert_num_queries(1):
        html = template.render({"article": article}, request)
    assert "10 bình luận" in html


def test_the_scripts_answer_is_the_comment_as_the_page_shows_it(client, settings):
    """One template (comments/_comment.html) for both: the JSON answer after posting and the story page."""
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    data = {"name": 'Lê "Tí" <b>', "email": "ti@example.vn", "body": "Dòng một & <i>x</i>\nDòng hai"}
    answer = client.post(
        f"/binh-luan/{article.pk}/gui/",
        {**data, "ts": spam.form_timestamp(article.pk)},
        headers={"x-requested-with": "XMLHttpRequest", "accept": "application/json"},
    ).json()
    assert answer["ok"]
    assert answer["html"] in page(client, article)
    assert "<i>" not in answer["html"] and "Dòng một &amp; &lt;i&gt;x&lt;/i&gt;<br>Dòng hai" in answer["html"]
    assert "Đang chờ biên tập" in answer["html"] and "comment--pending" in answer["html"]


def test_comment_times_are_local_with_whole_seconds(client, moderator):
    article = ArticleFactory()
    when = timezone.datetime(2026, 1, 5, 0, 59, 30, 123456, tzinfo=timezone.UTC)
    approved(moderator, article=article, created_at=when)
    assert '<time class="comment__time" datetime="2026-01-05T07:59:30+07:00">05/01/2026 07:59</time>' in page(
        client, article
    )
