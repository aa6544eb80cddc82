"""Posting from outside: other sites, clients that ignore redirects, broken encodings, odd methods and hosts."""

import io
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.test_comment_form import data
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

CROSS_SITE = "Bình luận chỉ được gửi từ chính trang của báo"


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def post(client, article, headers=None, **extra):
    return client.post(f"/binh-luan/{article.pk}/gui/", data(article, **extra), headers=headers or {})


# Posts made from other sites (#6) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_post_from_another_site_is_refused_in_vietnamese(client, headers):
    response = post(client, ArticleFactory(), headers=headers)
    assert response.status_code == 403
    assert CROSS_SITE in response.content.decode()
    assert not Comment.objects.exists()


def test_post_from_another_site_is_refused_to_a_script_too(client):
    response = post(client, ArticleFactory(), headers={"Origin": "https://evil.example", "Accept": "application/json"})
    assert response.status_code == 403
    assert response.json()["message"].startswith(CROSS_SITE)


@pytest.mark.parametrize(
    "headers",
    [
        {},  # old clients send neither header
        {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "https://baohatinh.example"},  # SITE_URL
        {"Origin": "https://m.baohatinh.example", "Sec-Fetch-Site": "same-site"},  # CSRF_TRUSTED_ORIGINS
    ],
)
def test_post_from_our_own_pages_is_taken(client, settings, headers):
    settings.SITE_URL = "https://baohatinh.example"
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.baohatinh.example"]
    assert post(client, ArticleFactory(), headers=headers).status_code == 303
    assert Comment.objects.count() == 1


# Readers get no session (#7) -----------------------------------------------------------------------------------


def assert_no_session(client, response):
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies
    assert "sessionid" not in client.cookies


def test_posting_again_and_again_without_following_the_redirect_creates_no_session(client, settings):
    settings.COMMENTS_RATE_LIMIT = "1000/10m"
    article = ArticleFactory()
    for n in range(80):  # the thank-you messages outgrow the 2 kB cookie after about 50
        response = post(client, article, body=f"Bình luận thứ {n} của tôi về bài viết.")
        assert response.status_code == 303
        assert_no_session(client, response)
    # The reader who finally loads the page still sees the latest thank-you message.
    assert "Cảm ơn bạn." in client.get(article.get_absolute_url()).content.decode()


def test_posting_and_following_the_redirect_creates_no_session(client):
    article = ArticleFactory()
    response = client.post(f"/binh-luan/{article.pk}/gui/", data(article), follow=True)
    assert "Cảm ơn bạn." in response.content.decode()
    assert_no_session(client, response)


def test_status_page_and_refused_posts_create_no_session(client, settings):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    article = ArticleFactory()
    refused = post(client, article, body="Bai viet rat hay, cam on tac gia")  # form error
    post(client, article)
    comment = Comment.objects.get()
    responses = [
        refused,
        client.get(comment.get_status_url()),
        post(client, article, body="Một bình luận khác, rất hay."),  # rate limit
        post(client, article, headers={"Origin": "https://evil.example"}),
        client.get(f"/binh-luan/{article.pk}/gui/"),
    ]
    assert [r.status_code for r in responses] == [400, 200, 429, 403, 302]
    for response in responses:
        assert_no_session(client, response)


# Bytes that are not UTF-8 ----------------------------------------------------------------------------------------


ENCODING_ERROR = "Một phần nội dung không đọc được"


def test_body_not_in_utf8_is_refused_and_the_rest_is_kept(client):
    article = ArticleFactory()
    raw = (
        urlencode(data(article, body="")).encode() + b"&body=" + "Cà phê ngon quá".encode("latin-1").replace(b" ", b"+")
    )
    response = client.post(f"/binh-luan/{article.pk}/gui/", raw, content_type="application/x-www-form-urlencoded")
    html = response.content.decode()
    assert response.status_code == 400
    assert ENCODING_ERROR in html
    assert 'value="Nguyễn Văn An"' in html  # what could be read stays in the form
    assert "C\ufffd ph\ufffd ngon qu\ufffd" in html  # the rest of the text too, marked where it could not be read
    assert not Comment.objects.exists()


def test_percent_encoded_bytes_not_in_utf8_are_refused(client):
    article = ArticleFactory()
    raw = urlencode(data(article, name="")).encode() + b"&name=Nguy%E1n"
    response = client.post(f"/binh-luan/{article.pk}/gui/", raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert ENCODING_ERROR in response.content.decode()


@pytest.mark.parametrize("query", ["q=H%E0+T%ECnh", "q=H\xe0 T\xecnh"])
def test_search_words_not_in_utf8_get_an_error(client, query):
    response = client.get("/tim-kiem/", QUERY_STRING=query)
    assert response.status_code == 200
    assert ENCODING_ERROR in response.content.decode()


# Methods and hosts -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz/live", "/healthz/ready"])
def test_health_endpoints_answer_head_and_options(client, path):
    assert client.head(path).status_code == 200
    response = client.options(path)
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_methods_no_page_takes_answer_405(client, method):
    article = ArticleFactory()
    for path in ("/", article.get_absolute_url(), f"/binh-luan/{article.pk}/gui/"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert "GET" in response["Allow"]


def call_wsgi(environ):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(WSGIHandler()(environ, start_response))
    return answer["status"], body.decode()


def test_request_without_any_host_answers_400(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    environ = {
        "REQUEST_METHOD": "GET",
        "SERVER_PROTOCOL": "HTTP/1.0",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    for path in ("/", "/healthz/live"):
        status, body = call_wsgi({**environ, "PATH_INFO": path})
        assert status.startswith("400"), path
        assert 'lang="vi"' in body


def test_csrf_failure_page_is_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/", {"q": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in html
    assert "Không gửi được biểu mẫu" in html
    assert "CSRF" not in html


# Machine-readable times ------------------------------------------------------------------------------------------

WHOLE_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2}))?$")


def datetimes(html):
    return re.findall(r'datetime="([^"]*)"', html)


def test_story_times_are_whole_seconds(client):
    with_micro = timezone.now().replace(microsecond=123456) - timedelta(hours=2)
    story = ArticleFactory(published_at=with_micro)
    ArticleFactory(section=story.section, published_at=with_micro - timedelta(hours=1))
    values = datetimes(client.get(story.get_absolute_url()).content.decode())
    values += datetimes(client.get("/").content.decode())
    values += datetimes(client.get("/tim-kiem/?q=Hà+Tĩnh").content.decode())
    assert len(values) >= 4
    assert all(WHOLE_SECONDS.match(value) for value in values), values


def test_every_time_on_a_story_page_with_comments_is_whole_seconds(client):
    story = ArticleFactory(published_at=timezone.now().replace(microsecond=654321) - timedelta(hours=2))
    moderator = ModeratorFactory()
    parent = CommentFactory(article=story)
    parent.approve(moderator)
    reply = CommentFactory(article=story, parent=parent)
    reply.approve(moderator)
    html = client.get(story.get_absolute_url()).content.decode()
    values = datetimes(html)
    assert len(values) >= 3
    assert all(WHOLE_SECONDS.match(value) for value in values), values
