"""A commenter's personal data: staff find, export and erase it; readers read the privacy page."""

import hashlib
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, DataRequestLog, ModerationLog
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory, StaffFactory

pytestmark = pytest.mark.django_db

S = Comment.Status
FIND = "/quan-tri/comments/comment/du-lieu-ca-nhan/"
EXPORT = "/quan-tri/comments/comment/du-lieu-ca-nhan/xuat/"
ERASE = "/quan-tri/comments/comment/du-lieu-ca-nhan/xoa/"
LAN = "lan.nguyen@example.vn"


@pytest.fixture
def officer_client(client):
    user = StaffFactory(username="baove-du-lieu")
    user.user_permissions.add(Permission.objects.get(codename="handle_personal_data"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def lan():
    """Two comments by Lan on two stories (one published, one rejected with a log row) and one by someone else."""
    article = ArticleFactory(headline="Đường ven biển Thạch Hà")
    published = CommentFactory(
        article=article,
        name="Nguyễn Thị Lan",
        email=LAN,
        body="Đường đẹp quá, cảm ơn tỉnh.",
        original_body="Đường đẹp quá, cảm ơn tỉnh!!! gọi 0912345678",
        ip_address="198.51.100.23",
        user_agent="Mozilla/5.0 (Android 14)",
        notify_on_approval=True,
        status=S.APPROVED,
    )
    refused = CommentFactory(name="Lan Hà Tĩnh", email="Lan.Nguyen@Example.VN", body="Viết sai rồi", status=S.PENDING)
    refused.reject(ModeratorFactory(), reason="Không liên quan")
    other = CommentFactory(article=article, name="Trần Văn Bình", email="binh@example.vn", status=S.APPROVED)
    return {"article": article, "published": published, "refused": refused, "other": other}


def test_find_lists_every_comment_held_for_the_address_and_nothing_else(officer_client, lan):
    response = officer_client.post(FIND, {"email": "  LAN.nguyen@example.VN "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in page and "Lan Hà Tĩnh" in page
    assert "Đường ven biển Thạch Hà" in page
    assert "198.51.100.23" in page and "Mozilla/5.0 (Android 14)" in page
    assert "Trần Văn Bình" not in page
    assert "Có 2 bình luận được lưu cho lan.nguyen@example.vn" in page


def test_find_needs_an_exact_address(officer_client, lan):
    page = officer_client.post(FIND, {"email": "nguyen@example.vn"}).content.decode()
    assert "Nguyễn Thị Lan" not in page
    assert "Không có dữ liệu nào được lưu cho địa chỉ này." in page


def test_a_bad_address_gets_a_vietnamese_error_not_a_500(officer_client):
    response = officer_client.post(FIND, {"email": "không phải e-mail"})
    assert response.status_code == 200
    assert "Nhập địa chỉ email." in response.content.decode()
    response = officer_client.post(EXPORT, {"email": "x"}, follow=True)
    assert "Vui lòng nhập một địa chỉ e-mail hợp lệ." in response.content.decode()


def test_export_is_a_utf8_json_download_of_everything_held(officer_client, lan):
    response = officer_client.post(EXPORT, {"email": LAN})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-binh-luan-')
    assert LAN not in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert "Nguyễn Thị Lan" in raw  # readable Vietnamese, not \u escapes
    data = json.loads(raw)
    assert data["email"] == LAN
    assert data["comment_count"] == 2
    first, second = data["comments"]
    assert first["name"] == "Nguyễn Thị Lan"
    assert first["email"] == LAN
    assert first["body"] == "Đường đẹp quá, cảm ơn tỉnh."
    assert first["original_body"] == "Đường đẹp quá, cảm ơn tỉnh!!! gọi 0912345678"
    assert first["ip_address"] == "198.51.100.23"
    assert first["user_agent"] == "Mozilla/5.0 (Android 14)"
    assert first["notify_on_approval"] is True
    assert first["status"] == "approved"
    assert first["story_title"] == "Đường ven biển Thạch Hà"
    assert first["story_url"].endswith(lan["article"].get_absolute_url())
    assert first["created_at"]
    assert second["name"] == "Lan Hà Tĩnh"
    assert second["status"] == "rejected"
    assert second["rejection_reason"] == "Không liên quan"
    assert [step["to_status"] for step in second["history"]] == ["rejected"]
    assert "binh@example.vn" not in raw and "Trần Văn Bình" not in raw


def test_export_is_logged_under_a_hash_of_the_address(officer_client, lan):
    officer_client.post(EXPORT, {"email": LAN})
    entry = DataRequestLog.objects.get()
    assert entry.action == DataRequestLog.Action.EXPORT
    assert entry.actor == officer_client.user
    assert entry.email_hash == hashlib.sha256(LAN.encode()).hexdigest()
    assert entry.comment_count == 2


def test_export_cannot_be_fetched_with_get(officer_client, lan):
    assert officer_client.get(EXPORT, {"email": LAN}).status_code == 405
    assert not DataRequestLog.objects.exists()


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", FIND, {"email": LAN}),
        ("post", EXPORT, {"email": LAN}),
        ("post", ERASE, {"email": LAN}),
        ("post", ERASE, {"email": LAN, "confirm": "yes"}),
        ("get", "/quan-tri/comments/datarequestlog/", {}),
    ],
    ids=["find", "export", "erase-form", "erase", "request-log"],
)
def test_only_staff_with_the_permission_get_in(client, lan, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/quan-tri/login/")

    client.force_login(ModeratorFactory())  # moderates comments, but may not handle personal data
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    assert Comment.objects.filter(email__iexact=LAN).count() == 2
    assert not DataRequestLog.objects.exists()


def test_erase_asks_for_confirmation_first(officer_client, lan):
    response = officer_client.post(ERASE, {"email": LAN})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Thao tác này không thể hoàn tác." in page
    assert "1 bình luận đã đăng được giữ nội dung, hiển thị dưới tên “Bạn đọc”." in page
    assert "1 bình luận bị xóa hẳn." in page
    # A POST without the confirmation shows the same page and changes nothing.
    assert officer_client.post(ERASE, {"email": LAN}).status_code == 200
    assert Comment.objects.filter(email__iexact=LAN).count() == 2
    assert not DataRequestLog.objects.exists()


def test_erase_keeps_published_text_under_bạn_đọc(officer_client, lan, settings):
    settings.COMMENTS_ERASE_PUBLISHED_TEXT = False
    published, other = lan["published"], lan["other"]
    old_token = published.token
    response = officer_client.post(ERASE, {"email": LAN, "confirm": "yes"}, follow=True)
    assert "Đã xóa dữ liệu: 1 bình luận được ẩn danh, 1 bình luận bị xóa." in response.content.decode()

    published.refresh_from_db()
    assert published.name == "Bạn đọc"
    assert published.email == ""
    assert published.ip_address is None and published.user_agent == ""
    assert published.original_body == ""
    assert published.notify_on_approval is False
    assert published.token != old_token
    assert published.body == "Đường đẹp quá, cảm ơn tỉnh."
    assert published.status == S.APPROVED
    # The refused comment is gone, with its moderation log rows.
    assert not Comment.objects.filter(pk=lan["refused"].pk).exists()
    assert not ModerationLog.objects.filter(comment_id=lan["refused"].pk).exists()
    # Another reader's comment is untouched.
    other_before = (other.name, other.email, other.ip_address, other.user_agent, other.body)
    other.refresh_from_db()
    assert (other.name, other.email, other.ip_address, other.user_agent, other.body) == other_before

    page = officer_client.get(lan["article"].get_absolute_url()).content.decode()
    assert "Nguyễn Thị Lan" not in page and LAN not in page
    assert "Đường đẹp quá, cảm ơn tỉnh." in page
    assert "Trần Văn Bình" in page
    # The old private status link no longer answers.
    assert officer_client.get(reverse("comments:status", args=[old_token])).status_code == 404


def test_erasure_is_in_the_audit_log_without_the_address(officer_client, lan):
    officer_client.post(ERASE, {"email": LAN, "confirm": "yes"})
    entry = DataRequestLog.objects.get()
    assert entry.action == DataRequestLog.Action.ERASE
    assert entry.actor == officer_client.user
    assert entry.email_hash == hashlib.sha256(LAN.encode()).hexdigest()
    assert (entry.comment_count, entry.anonymised_count, entry.deleted_count) == (2, 1, 1)
    assert not [value for value in vars(entry).values() if isinstance(value, str) and "@" in value]
    # Staff find the request again by the address on the find page (POSTed), or by its hash in the log.
    page = officer_client.post(FIND, {"email": LAN}).content.decode()
    assert "Các yêu cầu trước đây cho địa chỉ này" in page
    page = officer_client.get("/quan-tri/comments/datarequestlog/", {"q": entry.email_hash[:16]}).content.decode()
    assert entry.email_hash[:16] in page


def test_erase_can_remove_published_comments(officer_client, lan, settings):
    settings.COMMENTS_ERASE_PUBLISHED_TEXT = True
    officer_client.post(ERASE, {"email": LAN, "confirm": "yes"})
    assert not Comment.objects.filter(pk__in=[lan["published"].pk, lan["refused"].pk]).exists()
    assert Comment.objects.filter(pk=lan["other"].pk, name="Trần Văn Bình").exists()
    page = officer_client.get(lan["article"].get_absolute_url()).content.decode()
    assert "Đường đẹp quá, cảm ơn tỉnh." not in page and "Nguyễn Thị Lan" not in page
    assert "Trần Văn Bình" in page
    assert DataRequestLog.objects.get().deleted_count == 2


def test_other_readers_replies_survive_when_the_comment_they_answer_is_removed(officer_client, lan, settings):
    settings.COMMENTS_ERASE_PUBLISHED_TEXT = True
    reply = CommentFactory(
        article=lan["article"], parent=lan["published"], name="Lê Minh", body="Đồng ý với bạn", status=S.APPROVED
    )
    officer_client.post(ERASE, {"email": LAN, "confirm": "yes"})
    parent = Comment.objects.get(pk=lan["published"].pk)
    assert parent.body == "[Bình luận đã được gỡ theo yêu cầu của người viết]"
    assert parent.name == "Bạn đọc" and parent.email == "" and parent.ip_address is None
    page = officer_client.get(lan["article"].get_absolute_url()).content.decode()
    assert "Đồng ý với bạn" in page and "Lê Minh" in page
    assert "Đường đẹp quá" not in page
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_earlier_requests_show_on_the_find_page(officer_client, lan):
    officer_client.post(ERASE, {"email": LAN, "confirm": "yes"})
    page = officer_client.post(FIND, {"email": LAN}).content.decode()
    assert "bình luận được lưu cho" not in page  # the anonymised comment has no address any more
    assert "Không có dữ liệu nào được lưu cho địa chỉ này." in page
    assert "Các yêu cầu trước đây cho địa chỉ này" in page
    assert "1 bình luận được ẩn danh, 1 bình luận bị xóa" in page


def test_privacy_page_states_the_configured_periods_and_contact(client, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 45
    settings.COMMENTS_REJECTED_RETENTION_DAYS = 120
    settings.PRIVACY_CONTACT_EMAIL = "bandoc@baohatinh.vn"
    response = client.get("/chinh-sach-rieng-tu/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chính sách bảo vệ dữ liệu cá nhân" in page
    assert "Địa chỉ IP và thông tin trình duyệt: tự động xóa sau 45 ngày." in page
    assert "xóa cùng nhật ký kiểm duyệt sau 120 ngày." in page
    assert 'href="mailto:bandoc@baohatinh.vn"' in page
    assert "Nghị định 13/2023/NĐ-CP" in page
    assert "ký tên “Bạn đọc”" in page


def test_privacy_page_follows_the_erasure_policy(client, settings):
    settings.COMMENTS_ERASE_PUBLISHED_TEXT = True
    settings.PRIVACY_CONTACT_EMAIL = ""
    page = client.get("/chinh-sach-rieng-tu/").content.decode()
    assert "các bình luận của bạn được gỡ khỏi trang" in page
    assert "Hãy liên hệ tòa soạn" in page
    assert "mailto:" not in page


def test_footer_and_comment_form_link_to_the_privacy_page(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('href="/chinh-sach-rieng-tu/"') == 2
    assert "Xem chính sách bảo vệ dữ liệu cá nhân" in page


def test_comment_queue_and_request_log_link_to_the_data_request_page(admin_client, officer_client):
    assert f'href="{FIND}"' in admin_client.get("/quan-tri/comments/comment/").content.decode()
    assert f'href="{FIND}"' in officer_client.get("/quan-tri/comments/datarequestlog/").content.decode()


NAME, PHONE = "Nguyễn Thị Lan", "0912345678"


@pytest.fixture
def planted(settings, django_capture_on_commit_callbacks):
    """The reader's name and phone number in every field a moderator or the reader can write them into."""
    settings.COMMENTS_ERASE_PUBLISHED_TEXT = False
    moderator = ModeratorFactory()
    article = ArticleFactory()
    published = CommentFactory(
        article=article, name=NAME, email=LAN, notify_on_approval=True, body=f"Tôi là {NAME}, gọi {PHONE} nhé"
    )
    with django_capture_on_commit_callbacks(execute=True):  # queues the approval mail (outbox and task rows)
        published.approve(
            moderator, body="Ý kiến của bạn đọc.", reason="violation", note=f"Bỏ tên {NAME} và số {PHONE}"
        )
    published.hide(moderator, reason=f"Chị {NAME} ({PHONE}) gọi điện khiếu nại")
    published.approve(moderator)
    answered = CommentFactory(article=article, name=NAME, email=LAN, body="Một ý kiến khác")
    answered.reject(moderator, reason=f"Trùng với bình luận của {NAME}, {PHONE}")
    CommentFactory(article=article, parent=answered, name="Lê Minh", email="minh@example.vn", status=S.APPROVED)
    return {"published": published, "answered": answered}


def test_export_covers_every_field_that_can_hold_the_readers_words_or_words_about_them(officer_client, planted):
    data = json.loads(officer_client.post(EXPORT, {"email": LAN}).content)
    first, second = data["comments"]
    assert PHONE in first["original_body"]
    assert NAME in first["edit_note"] and PHONE in first["edit_note"]
    assert any(PHONE in step["note"] for step in first["history"])  # the log's note of the edit
    assert any(PHONE in step["reason"] for step in first["history"])  # the hiding reason
    assert PHONE in second["rejection_reason"]
    assert any(PHONE in step["reason"] for step in second["history"])
    # Published, hidden and published again: told twice.
    assert {(sent["comment_id"], sent["to"], sent["kind"]) for sent in data["emails"]} == {
        (planted["published"].pk, LAN, "approved")
    }


def test_erase_leaves_the_readers_name_phone_and_address_nowhere(officer_client, planted, admin_client):
    officer_client.post(ERASE, {"email": LAN, "confirm": "yes"})
    survivors = Comment.objects.filter(pk__in=[planted["published"].pk, planted["answered"].pk])
    assert survivors.count() == 2  # one published text kept, one answered comment kept as a notice
    # Every row of every table of comments and of the task queue, every field.
    models = [*django_apps.get_app_config("comments").get_models(), DBTaskResult]
    for model in models:
        for row in model.objects.all():
            for model_field in model._meta.concrete_fields:
                value = str(model_field.value_from_object(row))
                assert NAME not in value and PHONE not in value and LAN not in value, (model, model_field.name)
    # The word diff on the moderation page is drawn from the original text: nothing of it is left either.
    page = admin_client.get(reverse("admin:comments_comment_change", args=[planted["published"].pk]))
    assert PHONE not in page.content.decode() and NAME not in page.content.decode()


def test_no_url_of_the_personal_data_flow_carries_the_address(officer_client, lan):
    urls = []

    def visit(method, url, data=None):
        response = getattr(officer_client, method)(url, data or {}, follow=True)
        urls.append(response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"])
        urls.extend(location for location, _status in response.redirect_chain)
        page = response.content.decode()
        assert "?email=" not in page and "%40example.vn" not in page  # no link or form action carries it
        return page

    visit("get", FIND)
    assert "Có 2 bình luận được lưu cho" in visit("post", FIND, {"email": LAN})
    visit("post", EXPORT, {"email": LAN})
    assert "Thao tác này không thể hoàn tác." in visit("post", ERASE, {"email": LAN})
    assert "Đã xóa dữ liệu" in visit("post", ERASE, {"email": LAN, "confirm": "yes"})
    assert "Các yêu cầu trước đây cho địa chỉ này" in visit("post", FIND, {"email": LAN})
    assert len(urls) >= 6
    assert not [url for url in urls if "lan.nguyen" in url.lower() or "%40" in url]


def test_an_address_in_the_url_finds_nothing_and_the_forms_need_a_csrf_token(officer_client, lan):
    page = officer_client.get(FIND, {"email": LAN}).content.decode()
    assert "Nguyễn Thị Lan" not in page
    assert officer_client.get(ERASE, {"email": LAN}).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer_client.user)
    assert strict.post(FIND, {"email": LAN}).status_code == 403
    assert strict.post(ERASE, {"email": LAN, "confirm": "yes"}).status_code == 403
    assert Comment.objects.filter(email__iexact=LAN).count() == 2


def test_privacy_page_tells_of_the_posted_comments_cookie(client):
    page = client.get("/chinh-sach-rieng-tu/").content.decode()
    assert "cookie có chữ ký tên là comments_posted" in page
    assert "“Đang chờ biên tập”" in page
