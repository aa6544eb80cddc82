"""What the body editor may store and what readers get: the sanitiser's rules, video embeds, the editor's endpoints."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User

from articles.embeds import Embed, parse_video_url
from articles.sanitize import clean_html
from tests.factories import ArticleFactory

ADMIN = "/quan-tri/articles/article"
YOUTUBE = '<figure class="embed" data-provider="youtube" data-id="dQw4w9WgXcQ"></figure>'


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("  https://www.youtube.com/live/dQw4w9WgXcQ  ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.facebook.com/baohatinh/videos/1234567890123456/", "facebook", "1234567890123456"),
        ("https://www.facebook.com/watch/?v=1234567890123456", "facebook", "1234567890123456"),
        ("https://www.facebook.com/reel/1234567890123456", "facebook", "1234567890123456"),
        (
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890123456",
            "facebook",
            "1234567890123456",
        ),
    ],
)
def test_video_addresses_of_allowed_hosts_are_recognised(url, provider, video_id):
    assert parse_video_url(url) == Embed(provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D%22alert(1)",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.facebook.com/baohatinh/posts/123456789",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fevil.example%2Fvideos%2F1234567890",
        "https://fb.watch/abcdef/",
        "",
        "http://[::1",
    ],
)
def test_other_addresses_are_refused(url):
    assert parse_video_url(url) is None


def test_a_pasted_youtube_iframe_becomes_the_marker_and_keeps_nothing_of_its_own():
    pasted = (
        '<p>Xem video:</p><iframe width="560" src="https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1" '
        'onload="alert(1)" allow="camera; microphone" style="position:fixed"></iframe>'
    )
    assert clean_html(pasted) == "<p>Xem video:</p>" + YOUTUBE


@pytest.mark.parametrize(
    "hostile",
    [
        '<iframe src="https://evil.example/embed/dQw4w9WgXcQ"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
        "<iframe src='data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>",
        '<iframe srcdoc="<script>alert(1)</script>" src=x></iframe>',
        "<IFRAME SRC=https://evil.example/x>",
        '<figure class="embed" data-provider="evil" data-id="dQw4w9WgXcQ"></figure>',
        '<figure class="embed" data-provider="youtube" data-id="x&quot; onload=&quot;alert(1)"></figure>',
        '<figure class="embed" data-provider="youtube"></figure>',
        '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    ],
)
def test_hostile_frames_are_stripped(hostile):
    cleaned = clean_html(f"<p>Trước</p>{hostile}<p>Sau</p>")
    assert cleaned == "<p>Trước</p><p>Sau</p>"


def test_a_video_marker_is_rebuilt_in_its_one_shape():
    posted = (
        '<figure data-id="dQw4w9WgXcQ" class="embed other" data-provider="youtube" onclick="x" style="x">'
        '<iframe src="https://evil.example/"></iframe><figcaption>chú thích</figcaption></figure>'
    )
    assert clean_html(posted) == YOUTUBE


def test_galleries_keep_exactly_their_shape():
    assert (
        clean_html('<figure class="body-gallery" data-photos="3, 1,2" title="x"><img src="/x.jpg"></figure>')
        == '<figure class="body-gallery" data-photos="3,1,2"></figure>'
    )
    assert clean_html('<figure class="body-gallery" data-photos="1,x"></figure>') == ""
    assert clean_html('<figure class="body-gallery" data-photos=""></figure>') == ""


def test_photo_figures_keep_their_contract_and_lose_everything_else():
    posted = (
        '<figure class="body-image-12 wp-caption" style="width:300px" data-x="1"><img src="/x.jpg" alt="Cầu" '
        'onerror="alert(1)"><figcaption>Cầu Bến Thủy <span class="credit">Hải Yến</span></figcaption></figure>'
    )
    assert clean_html(posted) == (
        '<figure class="body-image-12"><img src="/x.jpg" alt="Cầu">'
        '<figcaption>Cầu Bến Thủy <span class="credit">Hải Yến</span></figcaption></figure>'
    )


def test_the_editors_structure_is_kept():
    html = (
        "<h2>Tiêu đề</h2><h3>Mục</h3><p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch</u> <s>bỏ</s> "
        'H<sub>2</sub>O m<sup>2</sup> <a href="https://hatinh.gov.vn/">liên kết</a></p>'
        '<blockquote><p>Trích dẫn</p></blockquote><ol start="3"><li><p>ba</p></li></ol><ul><li><p>một</p></li></ul>'
        '<table><tbody><tr><th colspan="2"><p>Xã</p></th></tr><tr><td><p>A</p></td><td><p>B</p></td></tr></tbody>'
        "</table><hr>"
    )
    expected = html.replace('href="https://hatinh.gov.vn/"', 'href="https://hatinh.gov.vn/" rel="noopener noreferrer"')
    assert clean_html(html) == expected


def test_word_and_google_docs_markup_is_reduced_to_the_allowed_tags():
    word = (
        '<p class=MsoNormal style="mso-line-height-alt:12pt"><span lang=VI style="font-family:Times">'
        "Theo <b style='mso-bidi-font-weight:normal'>Sở</b>.<o:p></o:p></span></p>"
        '<b style="font-weight:normal" id="docs-internal-guid-1"><p dir="ltr"><span style="color:#000">Docs</span>'
        "</p></b><style>p{color:red}</style><script>alert(1)</script>"
    )
    assert clean_html(word) == "<p>Theo <b>Sở</b>.</p><b><p>Docs</p></b>"


def test_styled_spans_go_and_a_photo_credit_stays():
    posted = '<p><span style="x"><span lang="vi">a</span> b <span class="credit x">c</span></span> d</p>'
    assert clean_html(posted) == '<p>a b <span class="credit">c</span> d</p>'


@pytest.mark.django_db
def test_readers_get_a_private_player_with_a_title_and_a_plain_link(client):
    story = ArticleFactory(body=f"<p>Trước</p>{YOUTUBE}<p>Sau</p>")

    page = client.get(story.get_absolute_url()).content.decode()

    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Video trên YouTube" width="560" '
        'height="315" loading="lazy"'
    ) in page
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener">Xem video trên YouTube</a>' in page


@pytest.mark.django_db
def test_a_facebook_video_is_framed_by_facebooks_plugin(client):
    story = ArticleFactory(body='<figure class="embed" data-provider="facebook" data-id="1234567890123456"></figure>')

    page = client.get(story.get_absolute_url()).content.decode()

    assert (
        'src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D'
        '1234567890123456&amp;show_text=false"'
    ) in page
    assert "Xem video trên Facebook" in page


def test_the_public_pages_may_frame_exactly_the_players_hosts():
    hosts = {
        f"https://{urlsplit(Embed(provider, video_id).src).hostname}"
        for provider, video_id in [("youtube", "dQw4w9WgXcQ"), ("facebook", "1234567890")]
    }
    assert set(settings.SECURE_CSP["frame-src"]) == hosts


@pytest.fixture
def reporter(client):
    user = User.objects.create_user("phongvien", password="mat-khau-dai-123", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_the_editor_checks_a_video_address_with_the_server(client, reporter):
    ok = client.get(f"{ADMIN}/body/embed/", {"url": "https://youtu.be/dQw4w9WgXcQ"})
    refused = client.get(f"{ADMIN}/body/embed/", {"url": "https://evil.example/v/dQw4w9WgXcQ"})

    assert ok.json() == {
        "provider": "youtube",
        "id": "dQw4w9WgXcQ",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    }
    assert refused.json() == {"error": "Chỉ nhúng được video từ YouTube và Facebook."}


@pytest.mark.django_db
def test_the_converter_turns_only_legacy_paragraphs_into_unicode(client, reporter):
    blocks = [["Hà Tĩnh ", "hôm nay"], ["§¶ng bé ", "tØnh Hµ TÜnh"], ["Ñaûng boä tænh Haø Tónh"]]

    answer = client.post(f"{ADMIN}/body/convert/", {"blocks": blocks}, content_type="application/json").json()

    assert answer == {
        "blocks": [["Hà Tĩnh ", "hôm nay"], ["Đảng bộ ", "tỉnh Hà Tĩnh"], ["Đảng bộ tỉnh Hà Tĩnh"]],
        "converted": 2,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["không phải JSON", '{"blocks": "x"}', '{"blocks": [[1]]}', "{}", "[]"])
def test_the_converter_answers_bad_input_with_a_message_not_an_error_page(client, reporter, body):
    response = client.post(f"{ADMIN}/body/convert/", body, content_type="application/json")
    assert response.json() == {"error": "Không đọc được đoạn văn bản gửi lên."}


@pytest.mark.django_db
def test_the_converter_takes_posts_only(client, reporter):
    assert client.get(f"{ADMIN}/body/convert/").status_code == 405


@pytest.mark.django_db
def test_the_endpoints_are_for_staff_who_may_write_stories(client):
    user = User.objects.create_user("nhanvien", password="mat-khau-dai-123", is_staff=True)
    client.force_login(user)
    assert client.get(f"{ADMIN}/body/embed/", {"url": "https://youtu.be/dQw4w9WgXcQ"}).status_code == 403
    client.logout()
    assert client.get(f"{ADMIN}/body/embed/").status_code == 302  # to the login page
