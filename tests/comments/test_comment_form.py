"""Posting a comment: with and without JavaScript, validation, hostile text, the private status link."""

import uuid
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from comments import spam
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

NOTICE = "Ý kiến của bạn sẽ được biên tập trước khi đăng. Vui lòng gõ tiếng Việt có dấu"
THANKS = "Cảm ơn bạn. Bình luận sẽ hiển thị sau khi được biên tập."
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def data(article, **fields):
    return {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "body": "Bài viết rất hay, cảm ơn tác giả.",
        "ts": spam.form_timestamp(article.pk),
        **fields,
    }


def post(client, article, json=False, **fields):
    return client.post(f"/binh-luan/{article.pk}/gui/", data(article, **fields), **(JSON if json else {}))


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def test_article_page_shows_the_form_and_the_notice(client):
    html = page(client, ArticleFactory())
    assert NOTICE in html
    for name in ("name", "email", "body", "parent", "notify_on_approval"):
        assert f'name="{name}"' in html
    assert "Báo cho tôi qua e-mail khi bình luận được đăng" in html
    assert 'for="id_name"' in html and 'for="id_email"' in html and 'for="id_body"' in html
    # The story page is shared through the page cache: its form carries no per-reader CSRF token.
    assert "csrfmiddlewaretoken" not in html


def test_post_without_javascript_redirects_with_thanks_and_status_link(client):
    article = ArticleFactory()
    response = post(client, article)
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#binh-luan-thong-bao"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    html = page(client, article)
    assert THANKS in html
    assert comment.get_status_url() in html


def test_pending_comment_is_not_public(client, django_user_model):
    article = ArticleFactory()
    post(client, article, body="Bình luận còn chờ biên tập duyệt.")
    from django.test import Client

    html = page(Client(), article)
    assert "Bình luận còn chờ biên tập duyệt." not in html
    assert "0 bình luận" in html


def test_author_sees_own_pending_comment_marked(client):
    article = ArticleFactory()
    post(client, article, body="Tôi mong tỉnh sớm làm đường.")
    html = page(client, article)
    assert "Tôi mong tỉnh sớm làm đường." in html
    assert "Đang chờ biên tập" in html
    assert "0 bình luận" in html


def test_ip_user_agent_and_notify_choice_are_stored(client):
    article = ArticleFactory()
    client.post(
        f"/binh-luan/{article.pk}/gui/",
        data(article, notify_on_approval="on"),
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Firefox/140",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    comment = Comment.objects.get()
    assert (comment.ip_address, comment.user_agent, comment.notify_on_approval) == ("198.51.100.4", "Firefox/140", True)


def test_post_with_javascript_answers_json(client):
    article = ArticleFactory()
    response = post(client, article, json=True)
    assert response.status_code == 201
    payload = response.json()
    comment = Comment.objects.get()
    assert payload["ok"] is True
    assert payload["message"] == THANKS
    assert payload["status_url"] == f"/binh-luan/trang-thai/{comment.token}/"
    assert "Đang chờ biên tập" in payload["html"]


def test_json_errors_name_the_fields(client):
    article = ArticleFactory()
    response = post(client, article, json=True, name="", email="khong-phai-email")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == ["Vui lòng nhập họ tên."]
    assert errors["email"] == ["Vui lòng nhập địa chỉ e-mail hợp lệ, ví dụ ten@example.com."]
    assert not Comment.objects.exists()


def test_error_rerenders_the_story_with_everything_typed(client):
    article = ArticleFactory()
    response = post(client, article, email="", body="Nội dung tôi đã gõ rất lâu.", name="Trần Thị Bình")
    html = response.content.decode()
    assert response.status_code == 400
    assert article.headline in html
    assert "Vui lòng nhập địa chỉ e-mail." in html
    assert "Nội dung tôi đã gõ rất lâu." in html
    assert 'value="Trần Thị Bình"' in html
    assert not Comment.objects.exists()


class Controls(HTMLParser):
    """Each form control of a page by id: its tag, attributes, and a textarea's or error span's text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.by_id, self._open = {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "span") and "id" in attrs:
            self.by_id[attrs["id"]] = {"tag": tag, **attrs, "text": ""}
            self._open = attrs["id"] if tag != "input" else None

    def handle_data(self, data):
        if self._open:
            self.by_id[self._open]["text"] += data

    def handle_endtag(self, tag):
        self._open = None


def test_the_form_tells_browsers_and_screen_readers_what_each_field_is(client):
    controls = Controls(page(client, ArticleFactory())).by_id
    name, email, body = controls["id_name"], controls["id_email"], controls["id_body"]
    assert (name["type"], name["autocomplete"], name["maxlength"]) == ("text", "name", "80")
    assert (email["type"], email["autocomplete"], email["maxlength"]) == ("email", "email", "254")
    assert body["tag"] == "textarea" and "maxlength" not in body  # a long paste is not cut: the server says why
    assert all("required" in field and "aria-invalid" not in field and "value" not in field for field in (name, email))
    # Each field names its error message (and the comment box the editing notice); the typing helper works in two.
    assert name["aria-describedby"] == "id_name-error" and email["aria-describedby"] == "id_email-error"
    assert body["aria-describedby"] == "comment-notice id_body-error"
    assert "data-vn-typing" in name and "data-vn-typing" in body and "data-vn-typing" not in email
    notify = controls["id_notify_on_approval"]
    assert notify["type"] == "checkbox" and "checked" not in notify
    honeypot = controls["id_website"]
    assert (honeypot["tabindex"], honeypot["autocomplete"]) == ("-1", "off")


def test_a_refused_form_marks_the_wrong_field_and_keeps_every_choice(client):
    article = ArticleFactory()
    body = 'Tôi đồng ý, nhưng "đường ven biển" <b>cần</b> thêm đèn.'
    response = post(client, article, email="khong-phai-email", body=body, notify_on_approval="on")
    assert response.status_code == 400
    controls = Controls(response.content.decode()).by_id
    email = controls["id_email"]
    assert email["aria-invalid"] == "true" and email["value"] == "khong-phai-email"
    assert controls["id_email-error"]["text"].strip() == "Vui lòng nhập địa chỉ e-mail hợp lệ, ví dụ ten@example.com."
    assert "aria-invalid" not in controls["id_name"] and controls["id_name"]["value"] == "Nguyễn Văn An"
    assert controls["id_body"]["text"] == "\n" + body  # escaped in the page, read back as typed
    assert "checked" in controls["id_notify_on_approval"]


def test_email_is_required_and_never_shown(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, email="bimat@example.vn")
    comment.approve(ModeratorFactory())
    assert "bimat@example.vn" not in page(client, article)
    assert post(client, article, email="").status_code == 400


def test_text_is_normalised_and_invisible_characters_removed(client):
    article = ArticleFactory()
    decomposed = "Vie\u0323\u0302t Nam"  # "Việt Nam" typed with combining marks
    post(
        client,
        article,
        name="An\u200b\u202e",
        email="an\u200b@example.vn",
        body=f"Tôi yêu {decomposed}\u200d quê hương.",
    )
    comment = Comment.objects.get()
    assert comment.name == "An"
    assert comment.email == "an@example.vn"
    assert comment.body == "Tôi yêu Việt Nam quê hương."


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "A" * 81, "Họ tên dài tối đa 80 ký tự."),
        ("email", "a" * 250 + "@example.vn", "Địa chỉ e-mail dài tối đa 254 ký tự."),
        ("body", "a", "Bình luận quá ngắn."),
        ("body", "Ô" * 10_000, "Bình luận của bạn dài 10000 ký tự; vui lòng viết không quá 3000 ký tự."),
    ],
    ids=["name-81-chars", "email-261-chars", "body-1-char", "body-10000-chars"],
)
def test_length_limits_give_clear_errors(client, field, value, error):
    article = ArticleFactory()
    response = post(client, article, json=True, **{field: value})
    assert response.status_code == 400
    assert error in response.json()["errors"][field]
    assert not Comment.objects.exists()


def test_vietnamese_without_diacritics_is_refused_saying_what_is_wrong(client):
    article = ArticleFactory()
    response = post(client, article, json=True, body="Bai viet rat hay, cam on tac gia nhieu lam")
    [error] = response.json()["errors"]["body"]
    assert error.startswith("Bình luận của bạn chưa có dấu.")
    assert "bộ gõ Telex hoặc VNI" in error
    assert NOTICE not in error


@pytest.mark.parametrize("body", ["Cảm ơn tác giả!", "ok", "+1", "Great article, thank you for writing it."])
def test_accented_short_and_english_comments_pass(client, body):
    response = post(client, ArticleFactory(), json=True, body=body)
    assert response.status_code == 201


def test_reply_is_stored_under_its_parent(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article)
    parent.approve(ModeratorFactory())
    post(client, article, parent=parent.pk, body="Tôi đồng ý với bạn.")
    assert Comment.objects.get(body="Tôi đồng ý với bạn.").parent == parent


def test_reply_to_a_reply_joins_the_root(client):
    article = ArticleFactory()
    moderator = ModeratorFactory()
    root = CommentFactory(article=article)
    root.approve(moderator)
    reply = CommentFactory(article=article, parent=root)
    reply.approve(moderator)
    post(client, article, parent=reply.pk, body="Tôi cũng nghĩ như hai bạn.")
    assert Comment.objects.get(body="Tôi cũng nghĩ như hai bạn.").parent == root


@pytest.mark.parametrize("parent_kind", ["pending", "other_story", "missing"])
def test_reply_to_unavailable_comment_is_refused(client, parent_kind):
    article = ArticleFactory()
    if parent_kind == "pending":
        parent_id = CommentFactory(article=article).pk
    elif parent_kind == "other_story":
        other = CommentFactory()
        other.approve(ModeratorFactory())
        parent_id = other.pk
    else:
        parent_id = 999_999
    response = post(client, article, json=True, parent=parent_id, body="Tôi muốn trả lời bạn.")
    assert response.status_code == 400
    assert "Bình luận bạn muốn trả lời không còn nữa" in response.json()["errors"]["parent"][0]


def test_reply_to_unavailable_comment_without_javascript_says_why(client):
    article = ArticleFactory()
    response = post(client, article, parent=CommentFactory(article=article).pk, body="Tôi muốn trả lời bạn.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bình luận bạn muốn trả lời không còn nữa" in html
    assert "Tôi muốn trả lời bạn." in html


def test_comments_closed_by_the_story(client):
    article = ArticleFactory(allow_comments=False)
    assert "Bình luận đã đóng." in page(client, article)
    assert 'id="binh-luan-form"' not in page(client, article)
    response = post(client, article)
    assert response.status_code == 403
    assert "Bình luận đã đóng." in response.content.decode()
    assert post(client, article, json=True).json()["message"] == "Bình luận đã đóng."
    assert not Comment.objects.exists()


def test_comments_close_after_the_configured_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=31))
    young = ArticleFactory(published_at=timezone.now() - timezone.timedelta(days=29))
    assert "Bình luận đã đóng." in page(client, old)
    assert post(client, old).status_code == 403
    assert post(client, young).status_code == 303


def test_unpublished_story_takes_no_comments(client):
    article = ArticleFactory(status="draft")
    assert post(client, article).status_code == 404


def test_get_on_the_post_address_goes_back_to_the_story(client):
    # The address a refused post (no JavaScript) leaves in the address bar, reloaded or opened later.
    article = ArticleFactory()
    response = client.get(f"/binh-luan/{article.pk}/gui/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#binh-luan-form"


# Private status link ---------------------------------------------------------------------------------------------


def test_status_link_while_pending(client):
    comment = CommentFactory()
    response = client.get(comment.get_status_url())
    assert "Đang chờ biên tập" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex' in response.content.decode()


def test_status_link_shows_the_published_text_after_edits(client):
    comment = CommentFactory(body="Bai nay hay qua")
    comment.approve(ModeratorFactory(), body="Bài này hay quá.", reason="diacritics")
    html = client.get(comment.get_status_url()).content.decode()
    assert "Đã đăng" in html
    assert "Bài này hay quá." in html
    assert "Bai nay hay qua" not in html


def test_status_link_after_rejection(client):
    comment = CommentFactory(body="Nội dung bị từ chối")
    comment.reject(ModeratorFactory(), reason="Vi phạm")
    html = client.get(comment.get_status_url()).content.decode()
    assert "Không được đăng" in html
    assert "Nội dung bị từ chối" not in html


def test_unknown_status_token_is_404(client):
    assert client.get(f"/binh-luan/trang-thai/{uuid.uuid4()}/").status_code == 404
    assert client.get("/binh-luan/trang-thai/khong-phai-uuid/").status_code == 404


# Hostile text ----------------------------------------------------------------------------------------------------


def approved_page(client, body, name="Bạn đọc"):
    """Post the text as a reader, approve it as a moderator, and return the public story page."""
    article = ArticleFactory()
    assert post(client, article, body=body, name=name).status_code == 303
    Comment.objects.get().approve(ModeratorFactory())
    from django.test import Client

    return Client().get(article.get_absolute_url()).content.decode()


def test_script_tag_is_rendered_escaped(client):
    html = approved_page(client, "Xem này <script>alert(1)</script> nhé")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html


def test_event_handler_is_rendered_escaped(client):
    html = approved_page(client, "Ảnh đẹp <img src=x onerror=alert(1)>")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


def test_javascript_link_is_plain_text(client):
    html = approved_page(client, 'Bấm vào <a href="javascript:alert(1)">đây</a>')
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in html  # markupsafe writes " as &#34;
    assert 'href="javascript:' not in html


def test_template_syntax_is_not_evaluated(client):
    html = approved_page(client, "Kết quả là {{ 7*7 }} và {% debug %} nhé", name="{{ request.user }}")
    assert "{{ 7*7 }}" in html
    assert "{% debug %}" in html
    assert "{{ request.user }}" in html
    assert "Kết quả là 49" not in html  # "49" alone may appear in ids or times elsewhere on the page


def test_bidi_override_is_removed(client):
    html = approved_page(client, "Tên tệp là \u202egpj.exe nhé")
    assert "\u202e" not in html
    assert "Tên tệp là gpj.exe nhé" in html


def test_nul_bytes_are_removed(client):
    approved_page(client, "Xin chào\x00 tòa soạn")
    assert Comment.objects.get().body == "Xin chào tòa soạn"


def test_line_breaks_are_kept_after_escaping(client):
    html = approved_page(client, "Dòng một <b>\nDòng hai")
    assert "Dòng một &lt;b&gt;<br>Dòng hai" in html
