"""Big threads: the story shows one page of comments (COMMENTS_PER_PAGE top-level ones, each with its replies),
with the total count; further pages are links that work without JavaScript, and a fragment the script adds in place.
"""

import datetime
import re

import pytest
from django.utils import timezone

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 5, 1, 0, tzinfo=datetime.UTC)


def thread(article, roots, replies=0, body="Ý kiến của bạn đọc về bài viết. " * 8):
    """`roots` approved top-level comments a minute apart (bulk_create); the first `replies` get one reply each."""
    made = Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Bạn đọc {n}",
            email=f"bandoc{n}@example.vn",
            body=f"Gốc {n}. {body}",
            status=Comment.Status.APPROVED,
            created_at=START + datetime.timedelta(minutes=n),
        )
        for n in range(1, roots + 1)
    )
    made = list(Comment.objects.filter(article=article, parent=None).order_by("created_at"))
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=root,
            name=f"Người đáp {n}",
            email=f"dap{n}@example.vn",
            body=f"Đáp {n}. {body}",
            status=Comment.Status.APPROVED,
            created_at=root.created_at + datetime.timedelta(seconds=30),
        )
        for n, root in enumerate(made[:replies], start=1)
    )
    return made


def shown(html):
    """The comments on a page, by their first words ("Gốc 7.", "Đáp 7.")."""
    return re.findall(r'<div class="comment__body">((?:Gốc|Đáp) \d+)\.', html)


def test_a_thousand_comment_story_shows_its_first_page_under_150_kb(client):
    article = ArticleFactory()
    thread(article, roots=750, replies=250)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert len(response.content) < 150_000
    assert "1000 bình luận" in html
    assert shown(html)[:4] == ["Gốc 1", "Đáp 1", "Gốc 2", "Đáp 2"]
    assert len(shown(html)) == 100  # 50 top-level comments, each with its reply
    assert "Gốc 51" not in shown(html)
    assert f'href="{article.get_absolute_url()}?binh-luan=2#binh-luan"' in html
    assert "Xem thêm bình luận" in html
    assert "Bình luận trước" not in html


def test_comments_per_page_is_a_setting(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    article = ArticleFactory()
    thread(article, roots=7)
    html = client.get(article.get_absolute_url()).content.decode()
    assert shown(html) == ["Gốc 1", "Gốc 2", "Gốc 3"]
    assert "7 bình luận" in html


def test_further_pages_work_without_javascript(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    roots = thread(article, roots=5, replies=5)
    url = article.get_absolute_url()
    html = client.get(url, {"binh-luan": 2}).content.decode()
    assert shown(html) == ["Gốc 3", "Đáp 3", "Gốc 4", "Đáp 4"]  # replies stay with their parent
    assert "10 bình luận" in html  # the whole thread's count on every page
    assert f'href="{url}#binh-luan">Bình luận trước</a>' in html
    assert f'href="{url}?binh-luan=3#binh-luan"' in html
    last = client.get(url, {"binh-luan": 3}).content.decode()
    assert shown(last) == ["Gốc 5", "Đáp 5"]
    assert "Xem thêm bình luận" not in last
    assert f'href="{url}?binh-luan=2#binh-luan">Bình luận trước</a>' in last
    # A reply link keeps the page, so the form opens under the same comments.
    assert f'href="{url}?binh-luan=2&amp;tra-loi={roots[2].pk}#binh-luan-form"' in html
    replying = client.get(url, {"binh-luan": 2, "tra-loi": roots[2].pk}).content.decode()
    assert f'name="parent" value="{roots[2].pk}"' in replying
    assert "Trả lời Bạn đọc 3" in replying


@pytest.mark.parametrize("number", ["0", "-1", "abc", "99"])
def test_a_page_number_out_of_range_gives_the_nearest_page(client, settings, number):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    thread(article, roots=3)
    response = client.get(article.get_absolute_url(), {"binh-luan": number})
    assert response.status_code == 200
    assert shown(response.content.decode()) == (["Gốc 3"] if number == "99" else ["Gốc 1", "Gốc 2"])


def test_the_next_page_loads_in_place_as_a_fragment(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    thread(article, roots=5, replies=5)
    html = client.get(article.get_absolute_url()).content.decode()
    fragment_url = re.search(r'data-more-url="([^"]+)"', html)[1]
    assert fragment_url == f"/binh-luan/{article.pk}/trang/2/"
    response = client.get(fragment_url)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert shown(fragment) == ["Gốc 3", "Đáp 3", "Gốc 4", "Đáp 4"]
    assert "data-comments-page" in fragment
    assert f'data-more-url="/binh-luan/{article.pk}/trang/3/"' in fragment
    assert "Xem thêm bình luận" not in client.get(f"/binh-luan/{article.pk}/trang/3/").content.decode()


@pytest.mark.parametrize("number", [0, 4])
def test_a_fragment_past_the_last_page_is_not_found(client, settings, number):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    thread(article, roots=5)
    assert client.get(f"/binh-luan/{article.pk}/trang/{number}/").status_code == 404


def test_a_fragment_of_an_unpublished_story_is_not_found(client):
    article = ArticleFactory(status="draft")
    CommentFactory(article=article, status=Comment.Status.APPROVED)
    assert client.get(f"/binh-luan/{article.pk}/trang/1/").status_code == 404


def test_a_hidden_root_takes_its_replies_off_the_page_and_the_count(client):
    article = ArticleFactory()
    roots = thread(article, roots=2, replies=2)
    roots[0].hide(None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert shown(html) == ["Gốc 2", "Đáp 2"]
    assert "2 bình luận" in html


def test_the_thread_page_costs_one_query_whatever_its_size(django_assert_num_queries):
    article = ArticleFactory()
    thread(article, roots=300, replies=300)
    with django_assert_num_queries(1):  # the page's comments with their replies, each row with the thread's counts
        page = Comment.objects.thread_page(article, 3)
    assert (page.count, page.number, page.pages, len(page.roots)) == (600, 3, 6, 50)
    assert [len(root.visible_replies) for root in page.roots] == [1] * 50
    assert timezone.is_aware(page.roots[0].created_at)


def test_a_refused_reply_to_a_comment_on_a_later_page_keeps_its_parent(client, settings):
    settings.COMMENTS_PER_PAGE = 1
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    roots = thread(article, roots=3)
    response = client.post(
        f"/binh-luan/{article.pk}/gui/", {"name": "Bạn đọc", "email": "", "body": "Đồng ý.", "parent": roots[2].pk}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'name="parent" value="{roots[2].pk}"' in html
    assert "Trả lời Bạn đọc 3" in html


def test_a_page_of_comments_is_kept_as_rows_and_every_decision_shows_on_the_next_render(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """With the page cache off, each view renders the page again, and its comments come from rows kept under the
    story's token: read once, then no query, until a moderator's step replaces the token."""
    settings.PAGE_CACHE_SECONDS = 0
    story = ArticleFactory()
    first = CommentFactory(article=story, status=Comment.Status.APPROVED, name="Bà Lan", body="Ý kiến đầu tiên")
    waiting = CommentFactory(article=story, name="Anh Hải", body="Ý kiến đang chờ")
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        html = client.get(story.get_absolute_url()).content.decode()
    assert "Ý kiến đầu tiên" in html and "Ý kiến đang chờ" not in html

    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        waiting.approve(moderator)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Ý kiến đang chờ" in html and "2 bình luận" in html
    with django_capture_on_commit_callbacks(execute=True):
        first.refresh_from_db()
        first.correct(moderator, body="Ý kiến đầu tiên, đã sửa chính tả", reason=Comment.EditReason.SPELLING, note="")
    assert "Ý kiến đầu tiên, đã sửa chính tả" in client.get(story.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        waiting.refresh_from_db()
        waiting.hide(moderator, reason="Lạc đề")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Ý kiến đang chờ" not in html and "1 bình luận" in html
