"""Spam defences: honeypot, signed form time, rate limit, duplicates, links, banned words."""

import time

import pytest
from django.core import signing

from comments import spam
from comments.models import BannedWord, Comment
from core.client import client_ip
from tests.factories import ArticleFactory, BannedWordFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
AWAITS = "Cảm ơn bạn. Bình luận sẽ hiển thị sau khi được biên tập."


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def signed_seconds_ago(monkeypatch, article, seconds):
    """A form timestamp as if the form had been rendered `seconds` ago."""
    real = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: real - seconds)
        return spam.form_timestamp(article.pk)


def post(client, article, json=True, remote_addr="127.0.0.1", **fields):
    payload = {
        "name": "Lê Văn Cường",
        "email": "cuong@example.vn",
        "body": "Tôi đồng ý với ý kiến của tác giả.",
        "ts": spam.form_timestamp(article.pk),
        **fields,
    }
    extra = {"REMOTE_ADDR": remote_addr, **(JSON if json else {})}
    return client.post(f"/binh-luan/{article.pk}/gui/", payload, **extra)


def errors(response):
    payload = response.json()
    return [message for messages in payload["errors"].values() for message in messages]


def test_filled_honeypot_is_refused(client):
    response = post(client, ArticleFactory(), website="http://spam.example")
    assert response.status_code == 400
    assert "Không gửi được bình luận. Vui lòng thử lại." in errors(response)
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    start = html.index('class="comment-form__hp"')
    honeypot = html[start : html.index("</div>", start)]
    assert 'aria-hidden="true"' in honeypot
    assert 'name="website"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_form_sent_too_fast_is_refused_and_text_kept(client, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    article = ArticleFactory()
    response = post(client, article, json=False, body="Gửi ngay lập tức sau khi mở trang.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bạn gửi nhanh quá" in html
    assert "Gửi ngay lập tức sau khi mở trang." in html
    assert not Comment.objects.exists()


def test_form_sent_after_a_human_pause_passes(client, settings, monkeypatch):
    settings.COMMENTS_MIN_SECONDS = 3
    article = ArticleFactory()
    response = post(client, article, ts=signed_seconds_ago(monkeypatch, article, 10))
    assert response.status_code == 201


def test_expired_form_is_refused_with_a_kind_message(client, settings, monkeypatch):
    settings.COMMENTS_MAX_FORM_AGE = 86400
    article = ArticleFactory()
    response = post(client, article, ts=signed_seconds_ago(monkeypatch, article, 86400 + 60))
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn. Nội dung bạn gõ vẫn còn bên dưới: vui lòng gửi lại." in errors(response)
    assert response.json()["ts"]  # a fresh timestamp so the page can send again without reloading


@pytest.mark.parametrize("ts", ["", "123:abc:def", "tampered"])
def test_missing_or_tampered_timestamp_is_refused(client, ts):
    response = post(client, ArticleFactory(), ts=ts)
    assert response.status_code == 400
    assert "Không xác minh được biểu mẫu" in " ".join(errors(response))


def test_timestamp_of_another_story_is_refused(client):
    article, other = ArticleFactory(), ArticleFactory()
    response = post(client, article, ts=spam.form_timestamp(other.pk))
    assert response.status_code == 400


def test_sixth_comment_from_one_address_within_the_window_is_429(client, settings):
    settings.COMMENTS_RATE_LIMIT = "5/10m"
    article = ArticleFactory()
    for n in range(5):
        assert post(client, article, body=f"Ý kiến thứ {n} của tôi về bài viết.").status_code == 201
    response = post(client, article, body="Ý kiến thứ sáu của tôi về bài viết.")
    assert response.status_code == 429
    assert "Bạn đã gửi nhiều bình luận trong thời gian ngắn" in response.json()["message"]
    assert Comment.objects.count() == 5


def test_rate_limit_without_javascript_keeps_the_text(client, settings):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    article = ArticleFactory()
    post(client, article, json=False, body="Bình luận đầu tiên của tôi.")
    response = post(client, article, json=False, body="Bình luận thứ hai của tôi.")
    assert response.status_code == 429
    assert "Bình luận thứ hai của tôi." in response.content.decode()


def test_rate_limit_counts_per_address(client, settings):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    article = ArticleFactory()
    assert post(client, article, body="Từ máy thứ nhất.", remote_addr="198.51.100.1").status_code == 201
    assert post(client, article, body="Từ máy thứ hai.", remote_addr="198.51.100.2").status_code == 201


def test_forwarded_for_header_is_ignored_unless_proxies_are_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.COMMENTS_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.5"
    settings.COMMENTS_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.parametrize("engine", ["local", "redis"])
def test_rate_window_starts_again(settings, engine, request):
    if engine == "redis":
        redis_server = request.getfixturevalue("redis_cache")
    settings.COMMENTS_RATE_LIMIT = "2/1m"
    assert [spam.hit_rate_limit("192.0.2.1", now=60.0) for _ in range(3)] == [False, False, True]
    assert spam.hit_rate_limit("192.0.2.1", now=125.0) is False
    if engine == "redis":  # the window's counter expires on its own, shortly after the window
        from django.core.cache import caches

        ttl = redis_server.ttl(caches["default"].make_key("comments:rate:192.0.2.1:1"))
        assert 60 < ttl <= 65


def test_parallel_posts_from_one_address_never_slip_past_the_limit_on_redis(redis_cache, settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.COMMENTS_RATE_LIMIT = "5/10m"
    with ThreadPoolExecutor(8) as pool:
        refused = list(pool.map(lambda _: spam.hit_rate_limit("192.0.2.7", now=600.0), range(40)))
    assert refused.count(False) == 5


@pytest.mark.parametrize(
    ("rate", "parsed"), [("5/10m", (5, 600)), ("20/h", (20, 3600)), ("3/30s", (3, 30))], ids=["5/10m", "20/h", "3/30s"]
)
def test_parse_rate(rate, parsed):
    assert spam.parse_rate(rate) == parsed


def test_same_text_twice_is_refused(client):
    article = ArticleFactory()
    assert post(client, article, body="Bài viết rất bổ ích.").status_code == 201
    response = post(client, article, body="  bài viết rất BỔ ÍCH. ", name="Người khác", remote_addr="192.0.2.99")
    assert response.status_code == 400
    assert "Bạn đã gửi bình luận này rồi." in errors(response)
    assert Comment.objects.count() == 1


def test_same_text_from_one_address_on_another_story_is_refused(client):
    assert post(client, ArticleFactory(), body="Quảng cáo mua bán đất nền.").status_code == 201
    assert post(client, ArticleFactory(), body="Quảng cáo mua bán đất nền.").status_code == 400


def test_same_text_is_accepted_after_the_window(client, settings):
    article = ArticleFactory()
    post(client, article, body="Chúc mừng năm mới tòa soạn.")
    from django.core.cache import cache

    cache.delete_many(spam._duplicate_keys(article.pk, "127.0.0.1", "Chúc mừng năm mới tòa soạn."))
    assert post(client, article, body="Chúc mừng năm mới tòa soạn.").status_code == 201


def test_three_links_are_refused_two_pass(client, settings):
    settings.COMMENTS_MAX_LINKS = 2
    article = ArticleFactory()
    three = "Xem https://a.example, http://b.example và www.c.example nhé."
    response = post(client, article, body=three)
    assert response.status_code == 400
    assert "Mỗi bình luận chỉ được có tối đa 2 đường dẫn." in errors(response)
    assert post(client, article, body="Xem https://a.example và www.b.example nhé.").status_code == 201


def test_banned_word_hold_keeps_it_pending_with_the_match(client):
    BannedWordFactory(word="đít", action=BannedWord.Action.HOLD)
    response = post(client, ArticleFactory(), body="Đít ơi là đít, viết gì vậy trời.")
    assert response.status_code == 201
    assert response.json()["message"] == AWAITS
    comment = Comment.objects.get()
    assert (comment.status, comment.banned_match) == (Comment.Status.PENDING, "đít")


def test_a_reject_entry_never_refuses_a_word_with_other_marks(client):
    # "ngu" (stupid) must not silently reject "ngủ ngon" (sleep well) or "Ngư dân" (fishermen).
    BannedWordFactory(word="ngu", action=BannedWord.Action.REJECT)
    post(client, ArticleFactory(), body="Chúc bà con ngư dân ngủ ngon, mai ra khơi bình an.")
    comment = Comment.objects.get()
    assert (comment.status, comment.banned_match) == (Comment.Status.PENDING, "")


def test_banned_word_reject_stores_it_rejected_and_tells_reader_only_that_it_awaits_review(client):
    BannedWordFactory(word="lừa đảo", action=BannedWord.Action.REJECT)
    response = post(client, ArticleFactory(), body="Toàn bọn LỪA ĐẢO cả thôi.")
    assert response.status_code == 201
    assert response.json()["message"] == AWAITS
    comment = Comment.objects.get()
    assert (comment.status, comment.banned_match) == (Comment.Status.REJECTED, "lừa đảo")


def test_banned_word_matches_whole_words_only(client):
    BannedWordFactory(word="ngu", action=BannedWord.Action.REJECT)
    post(client, ArticleFactory(), body="Nguyên nhân là do nguồn nước, phóng viên viết đúng.")
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert Comment.objects.get().banned_match == ""


@pytest.mark.parametrize(
    "body",
    ["vui long go tieng viet co dau di ban oi", "Bai viet nay rat hay, toi rat thich doc bao Ha Tinh"],
)
def test_unaccented_vietnamese_is_refused(client, body):
    response = post(client, ArticleFactory(), body=body)
    assert response.status_code == 400
    assert any(error.startswith("Bình luận của bạn chưa có dấu.") for error in errors(response))


@pytest.mark.parametrize(
    "body", ["Cảm ơn tác giả!", "ok", "+1", "Very informative article, thanks.", "Xem thêm tại https://baohatinh.vn"]
)
def test_accented_short_english_and_links_pass(client, body):
    assert post(client, ArticleFactory(), body=body).status_code == 201
