"""The page cache: anonymous readers get shared pages, every change shows at once, nobody sees another's comment."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils import timezone

from articles import cached
from articles.models import Article, DailyViews
from comments import spam
from comments.models import Comment
from core import pagecache
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory, SectionFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
PENDING_BADGE = "Đang chờ biên tập"
THANKS = "Cảm ơn bạn. Bình luận sẽ hiển thị sau khi được biên tập."


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.OUTPUT_CACHE = True


@pytest.fixture(autouse=True, params=["local", "redis"])
def cache_engine(request):
    """Every test here runs on the local-memory cache and on Redis: invalidation must be exact on both."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return request.param


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("tongbientap", "tbt@example.vn", "mat-khau-toa-soan")


def get(client, url, **extra):
    return client.get(url, HTTP_USER_AGENT=BROWSER, **extra)


def html(client, url):
    response = get(client, url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def state(response):
    return response.headers.get("X-Page-Cache")


def comment_count(page):
    return re.search(r'id="comments-title">([^<]*)<', page)[1].strip()


def post_comment(client, article, body, **fields):
    data = {"name": "Bạn đọc", "email": "bandoc@example.vn", "body": body, "ts": spam.form_timestamp(article.pk)}
    return client.post(f"/binh-luan/{article.pk}/gui/", {**data, **fields}, HTTP_USER_AGENT=BROWSER)


# Serving ------------------------------------------------------------------------------------------------------------


def test_second_anonymous_reader_gets_the_stored_page_with_validators(client):
    story = ArticleFactory(headline="Cầu Cửa Hội thông xe")
    first = get(client, story.get_absolute_url())
    second = get(Client(), story.get_absolute_url())
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert "Cầu Cửa Hội thông xe" in second.content.decode()
    for response in (first, second):
        assert response["Cache-Control"].startswith("public, max-age=10")
        assert response["ETag"] == first["ETag"]
        assert response["Last-Modified"]
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
    # The per-response headers still come fresh on a hit.
    assert second["X-Request-ID"] != first["X-Request-ID"]


SECURITY_HEADERS = (
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
    "X-Frame-Options", "Strict-Transport-Security",
)  # fmt: skip


def test_a_hit_carries_the_security_headers_the_layers_below_gave_the_page(client, settings):
    # A hit is answered above the security layers: the headers they set come with the stored page.
    settings.SECURE_HSTS_SECONDS = 3600
    url = ArticleFactory().get_absolute_url()
    first = get(client, url, secure=True)
    second = get(Client(), url, secure=True)
    assert (state(first), state(second)) == ("miss", "hit")
    assert all(second.has_header(name) for name in SECURITY_HEADERS)
    assert {name: second[name] for name in SECURITY_HEADERS} == {name: first[name] for name in SECURITY_HEADERS}
    assert second["X-Frame-Options"] == "DENY"


def test_a_plain_http_request_is_redirected_not_served_the_https_page(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    url = ArticleFactory().get_absolute_url()
    assert state(get(client, url, secure=True)) == "miss"
    response = get(Client(), url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def wsgi(url, method="GET", **extra):
    """`newsroom.wsgi.application`, the application gunicorn serves (PageCacheApplication in front of Django's
    handler, which the test client skips): (status, headers, body)."""
    from newsroom.wsgi import application

    environ = getattr(RequestFactory(), method.lower())(url, HTTP_USER_AGENT=BROWSER, **extra).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    # As Django's test client does: the test's own database connection, inside its transaction, is not "old".
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, start_response)
        content = b"".join(body)
        getattr(body, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], dict(answer["headers"]), content


def test_gunicorns_application_answers_a_hit_with_the_stored_page_and_its_headers(settings):
    settings.SECURE_HSTS_SECONDS = 3600
    url = ArticleFactory(headline="Cầu Cửa Hội thông xe").get_absolute_url()
    _, first_headers, first = wsgi(url, secure=True)
    status, headers, body = wsgi(url, secure=True)
    assert (first_headers["X-Page-Cache"], headers["X-Page-Cache"]) == ("miss", "hit")
    assert status == "200 OK"
    assert body == first
    assert "Cầu Cửa Hội thông xe" in body.decode()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    for name in SECURITY_HEADERS:
        assert headers[name] == first_headers[name], name
    assert headers["Cache-Control"].startswith("public, max-age=10")
    assert (headers["ETag"], headers["Last-Modified"]) == (first_headers["ETag"], first_headers["Last-Modified"])
    assert headers["X-Request-ID"] != first_headers["X-Request-ID"]
    assert "Set-Cookie" not in headers
    # The test client (Django's handler alone) gets the same page from the same entry.
    assert get(Client(), url, secure=True).content == body


def test_gunicorns_application_answers_head_without_a_body_and_conditional_requests_with_304():
    url = ArticleFactory().get_absolute_url()
    _, headers, page = wsgi(url)
    status, head_headers, body = wsgi(url, method="HEAD")
    assert (status, head_headers["X-Page-Cache"], body) == ("200 OK", "hit", b"")
    assert int(head_headers["Content-Length"]) == len(page)
    status, _, body = wsgi(url, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert (status, body) == ("304 Not Modified", b"")


def test_gunicorns_application_refuses_an_unknown_host_and_bypasses_for_a_session(client, editor, settings):
    url = ArticleFactory().get_absolute_url()
    wsgi(url)
    assert wsgi(url)[1]["X-Page-Cache"] == "hit"
    status, headers, body = wsgi(url, HTTP_HOST="attacker.example")
    assert status.startswith("400") and "X-Page-Cache" not in headers
    client.force_login(editor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, headers, _ = wsgi(url, HTTP_COOKIE=cookie)
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "bypass")


def test_a_deploy_drops_the_pages_the_old_code_rendered(client):
    url = ArticleFactory().get_absolute_url()
    get(client, url)
    assert state(get(client, url)) == "hit"
    out = io.StringIO()
    call_command("clear_pages", stdout=out)
    assert "dựng lại" in out.getvalue()
    assert state(get(client, url)) == "miss"


def test_conditional_requests_get_304(client):
    url = ArticleFactory().get_absolute_url()
    first = get(client, url)
    assert get(client, url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert get(client, url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert get(client, url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("path", ["/", "/rss/", "/atom/", "/sitemap.xml", "/sitemap-news.xml", "/robots.txt"])
def test_site_wide_pages_are_cached(client, path):
    ArticleFactory()
    assert state(get(client, path)) == "miss"
    assert state(get(client, path)) == "hit"


def test_list_pages_are_cached(client):
    story = ArticleFactory(tags=["Nông thôn mới"])
    section = story.section.get_absolute_url()
    for url in (section, "/the/nong-thon-moi/", f"{section}?page=1"):
        get(client, url)
        assert state(get(client, url)) == "hit", url


def test_search_previews_status_pages_and_the_admin_are_never_cached(client):
    story = ArticleFactory(headline="Lúa hè thu")
    comment = CommentFactory(article=story)
    for url in ("/tim-kiem/?q=lua", comment.get_status_url(), "/quan-tri/login/", f"/dem/{story.pk}/"):
        get(client, url)
        assert state(get(client, url)) is None, url


def test_tracking_parameters_share_the_entry_and_unknown_ones_are_never_stored(client):
    url = ArticleFactory().get_absolute_url()
    get(client, url)
    assert state(get(client, f"{url}?utm_source=zalo&zarsrc=31")) == "hit"
    get(client, f"{url}?x=1")
    assert state(get(client, f"{url}?x=1")) is None
    assert state(get(client, f"{url}?x=2")) is None


def test_with_output_cache_off_nothing_is_stored(client, settings, django_assert_num_queries):
    settings.OUTPUT_CACHE = False
    url = ArticleFactory().get_absolute_url()
    get(client, url)
    assert state(get(client, url)) is None
    assert "public" not in get(client, url).get("Cache-Control", "")
    # The lists are data, kept under the content token: ranked once, then read from the cache.
    DailyViews.objects.create(article=Article.objects.get(), day=timezone.localdate(), count=3)
    pagecache.content_changed()
    with django_assert_num_queries(3) as ranked:  # the generation, the ranking (ids), the stories' rows
        assert len(cached.most_viewed()) == 1
    assert "articles_dailyviews" in ranked.captured_queries[1]["sql"]
    with django_assert_num_queries(0):  # the cache holds the rows the list shows
        assert len(cached.most_viewed()) == 1


def test_responses_with_cookies_or_per_reader_content_are_never_stored():
    from django.http import HttpResponse

    assert pagecache.storable(HttpResponse("trang"))
    with_cookie = HttpResponse("trang")
    with_cookie.set_cookie("sessionid", "abc")
    varies = HttpResponse("trang", headers={"Vary": "Accept-Language, Cookie"})
    private = HttpResponse("trang", headers={"Cache-Control": "private, no-store"})
    not_found = HttpResponse("trang", status=404)
    for response in (with_cookie, varies, private, not_found):
        assert not pagecache.storable(response)


def test_a_staff_session_bypasses_the_cache_and_is_never_stored(client, editor):
    story = ArticleFactory()
    client.force_login(editor)
    response = get(client, story.get_absolute_url())
    assert state(response) == "bypass"
    assert response["Cache-Control"] == "private, no-store"
    assert state(get(Client(), story.get_absolute_url())) == "miss"


# Invalidation -------------------------------------------------------------------------------------------------------


def warm(urls):
    reader = Client()
    for url in urls:
        get(reader, url)
        assert state(get(reader, url)) == "hit", url


def test_a_story_published_a_second_ago_is_on_every_cached_page(editor, django_capture_on_commit_callbacks):
    section = SectionFactory(slug="thoi-su")
    ArticleFactory(section=section, tags=["Nông thôn mới"])
    story = ArticleFactory(
        section=section, headline="Đường ven biển thông xe", status=Article.Status.DRAFT, tags=["Nông thôn mới"]
    )
    pages = ["/", "/chuyen-muc/thoi-su/", "/the/nong-thon-moi/", "/rss/", "/sitemap-news.xml"]
    warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(editor)
    for url in pages:
        assert "Đường ven biển thông xe" in html(Client(), url), url
    assert "Đường ven biển thông xe" in html(Client(), story.get_absolute_url())


def test_changing_and_unpublishing_a_story_refreshes_every_page(editor, django_capture_on_commit_callbacks):
    story = ArticleFactory(headline="Tin cũ", section=SectionFactory(slug="kinh-te"))
    pages = ["/", "/chuyen-muc/kinh-te/", story.get_absolute_url(), "/rss/"]
    warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Tin đã sửa"
        story.save()
    for url in pages:
        page = html(Client(), url)
        assert "Tin đã sửa" in page and "Tin cũ" not in page, url
    warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish(editor)
    for url in pages[:2] + pages[3:]:
        assert "Tin đã sửa" not in html(Client(), url), url
    assert get(Client(), story.get_absolute_url()).status_code == 404


def test_a_scheduled_story_appears_at_its_minute_on_cached_pages(client, monkeypatch):
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    ArticleFactory(headline="Tin đã đăng", published_at=start - datetime.timedelta(hours=1))
    ArticleFactory(headline="Tin hẹn giờ", published_at=start + datetime.timedelta(seconds=5))
    first = get(client, "/")
    assert "Tin hẹn giờ" not in first.content.decode()
    # Browsers and proxies may not keep the page past the story's minute either.
    assert first["Cache-Control"] == "public, max-age=5"
    assert state(get(client, "/")) == "hit"
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=5))
    assert "Tin hẹn giờ" in html(client, "/")


def test_a_cached_page_dies_at_local_midnight(client, monkeypatch):
    day = timezone.localdate()
    late = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 58)))
    monkeypatch.setattr(timezone, "now", lambda: late)
    ArticleFactory(published_at=late - datetime.timedelta(hours=1))
    assert get(client, "/")["Cache-Control"] == "public, max-age=2"
    assert state(get(client, "/")) == "hit"
    monkeypatch.setattr(timezone, "now", lambda: late + datetime.timedelta(seconds=2))
    assert state(get(client, "/")) == "miss"


def test_approving_a_comment_refreshes_its_story_page_and_count_only(django_capture_on_commit_callbacks):
    story, other = ArticleFactory(), ArticleFactory()
    comment = CommentFactory(article=story, body="Ý kiến đã được duyệt đăng.")
    warm([story.get_absolute_url(), other.get_absolute_url(), "/"])
    assert "Ý kiến đã được duyệt đăng." not in html(Client(), story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        comment.approve(ModeratorFactory())
    page = html(Client(), story.get_absolute_url())
    assert "Ý kiến đã được duyệt đăng." in page
    assert comment_count(page) == "1 bình luận"
    # Other pages do not show comments: they stay cached.
    assert state(get(Client(), other.get_absolute_url())) == "hit"
    assert state(get(Client(), "/")) == "hit"


def test_bulk_approval_and_hiding_refresh_story_pages(django_capture_on_commit_callbacks):
    story = ArticleFactory()
    CommentFactory.create_batch(3, article=story, body="Ý kiến xếp hàng chờ duyệt.")
    url = story.get_absolute_url()
    warm([url])
    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(article=story).approve(moderator)
    assert comment_count(html(Client(), url)) == "3 bình luận"
    warm([url])
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(article=story).first().hide(moderator)
    assert comment_count(html(Client(), url)) == "2 bình luận"


def test_a_new_pending_comment_leaves_the_cached_story_page_alone():
    story = ArticleFactory()
    url = story.get_absolute_url()
    warm([url])
    response = post_comment(Client(), story, "Bình luận mới đang chờ duyệt.")
    assert response.status_code == 303
    assert state(get(Client(), url)) == "hit"


# What differs per reader ----------------------------------------------------------------------------------------------


def test_two_readers_never_see_each_others_pending_comments_or_messages():
    story = ArticleFactory()
    url = story.get_absolute_url()
    an, binh, other = Client(), Client(), Client()
    get(other, url)  # the shared page is in the cache before anyone comments
    assert post_comment(an, story, "Ý kiến riêng của An về bài viết.").status_code == 303
    assert post_comment(binh, story, "Ý kiến riêng của Bình về bài viết.").status_code == 303

    page_an, page_binh = html(an, url), html(binh, url)
    assert "Ý kiến riêng của An" in page_an and "Ý kiến riêng của Bình" not in page_an
    assert "Ý kiến riêng của Bình" in page_binh and "Ý kiến riêng của An" not in page_binh
    assert PENDING_BADGE in page_an and THANKS in page_an and THANKS in page_binh
    # Both readers' pages were rendered for them alone and never stored: everyone else gets the shared page.
    for _ in range(2):
        response = get(other, url)
        assert state(response) == "hit"
        shared = response.content.decode()
        assert "Ý kiến riêng" not in shared and PENDING_BADGE not in shared and THANKS not in shared
    # Reloading, the commenters still see their own comment (their session bypasses the cache), and no message.
    again = html(an, url)
    assert "Ý kiến riêng của An" in again and THANKS not in again and "Ý kiến riêng của Bình" not in again


def test_the_shared_page_carries_no_csrf_token_and_its_form_still_posts(client):
    story = ArticleFactory()
    get(client, story.get_absolute_url())
    cached = get(Client(), story.get_absolute_url())
    assert state(cached) == "hit"
    page = cached.content.decode()
    assert "csrfmiddlewaretoken" not in page
    ts = re.search(r'name="ts" value="([^"]+)"', page)[1]
    reader = Client(enforce_csrf_checks=True)
    data = {"name": "Bạn đọc", "email": "bd@example.vn", "body": "Gửi từ trang lấy trong bộ đệm.", "ts": ts}
    assert reader.post(f"/binh-luan/{story.pk}/gui/", data).status_code == 303


def test_a_form_from_a_page_kept_as_long_as_allowed_is_still_valid(settings):
    kept = settings.PAGE_CACHE_SECONDS + settings.PAGE_CACHE_MAX_AGE + settings.PAGE_CACHE_STALE_SECONDS
    assert settings.COMMENTS_MAX_FORM_AGE > kept + 3600  # an hour to write the comment, at least


def test_a_reply_link_page_is_cached_per_address_not_per_reader(client):
    root = CommentFactory(status=Comment.Status.APPROVED, name="Trần Thị Hoa")
    url = f"{root.article.get_absolute_url()}?tra-loi={root.pk}"
    get(client, url)
    cached = get(Client(), url)
    assert state(cached) == "hit"
    assert "Trả lời Trần Thị Hoa" in cached.content.decode()
    assert "Trả lời Trần Thị Hoa" not in html(Client(), root.article.get_absolute_url())


def test_each_page_of_comments_is_cached_and_refreshed_the_moment_a_comment_is_approved(client, settings):
    settings.COMMENTS_PER_PAGE = 1
    story = ArticleFactory()
    moderator = ModeratorFactory()
    first = CommentFactory(article=story, status=Comment.Status.APPROVED, body="Trang một")
    CommentFactory(article=story, status=Comment.Status.APPROVED, body="Trang hai")
    addresses = [f"{story.get_absolute_url()}?binh-luan=2", f"/binh-luan/{story.pk}/trang/2/"]
    for url in addresses:
        get(client, url)
        cached = get(Client(), url)
        assert state(cached) == "hit"
        assert "Trang hai" in cached.content.decode() and "Trang một" not in cached.content.decode()
    reply = CommentFactory(article=story, parent=first, body="Trả lời mới")
    later = CommentFactory(article=story, body="Trang ba")
    Comment.objects.filter(pk__in=[reply.pk, later.pk]).approve(moderator)
    assert "Trả lời mới" in html(Client(), story.get_absolute_url())
    for url in addresses:
        page = html(Client(), url)
        assert "Xem thêm bình luận" in page  # the new comment made a third page
    assert "4 bình luận" in html(Client(), addresses[0])


# Reads ----------------------------------------------------------------------------------------------------------------


def test_a_page_from_the_cache_still_counts_the_read(client):
    story = ArticleFactory()
    get(Client(), story.get_absolute_url())
    cached = get(client, story.get_absolute_url(), REMOTE_ADDR="203.0.113.9")
    assert state(cached) == "hit"
    beacon = re.search(r'src="(/dem/\d+/)"', cached.content.decode())[1]
    assert get(client, beacon, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert DailyViews.objects.get(article=story).count == 1


# Redis ----------------------------------------------------------------------------------------------------------------


def test_with_redis_pages_are_shared_and_refreshed_on_approval(redis_cache, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    comment = CommentFactory(article=story, body="Ý kiến lưu trong Redis.")
    url = story.get_absolute_url()
    warm([url])
    assert any(b":pagecache:page:" in key for key in redis_cache.scan_iter())
    with django_capture_on_commit_callbacks(execute=True):
        comment.approve(ModeratorFactory())
    response = get(Client(), url)
    assert state(response) == "miss"
    assert "Ý kiến lưu trong Redis." in response.content.decode()
    assert state(get(Client(), url)) == "hit"


# Read replica ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def replica(settings):
    """A second alias for the same database, as DATABASE_REPLICA_URL would add."""
    settings.DATABASES = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
    return settings


def test_the_router_sends_only_public_page_reads_to_the_replica(replica):
    from core.db_router import ReplicaRouter, public_reads

    router = ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    with public_reads():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
    assert not router.allow_migrate("replica", "articles")


def test_anonymous_page_misses_read_the_replica_except_right_after_a_change(replica, monkeypatch):
    from core import db_router

    seen = []
    real = db_router.ReplicaRouter.db_for_read
    monkeypatch.setattr(db_router.ReplicaRouter, "db_for_read", lambda self, m, **h: seen.append(real(self, m)))
    story = ArticleFactory()
    get(Client(), story.get_absolute_url())
    assert seen and "replica" not in seen  # the story was saved a moment ago
    cache.delete(db_router.RECENT_CHANGE_KEY)  # ... DATABASE_REPLICA_LAG_SECONDS later
    seen.clear()
    get(Client(), f"{story.get_absolute_url()}?tra-loi=1")
    assert seen and set(seen) == {"replica"}
    seen.clear()
    CommentFactory(article=story, status=Comment.Status.APPROVED)  # a change: the replica may lag behind it
    get(Client(), story.get_absolute_url())
    assert seen and "replica" not in seen
