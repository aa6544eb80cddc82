"""Readers' tips: the public form, its defences, the tip desk, replies by the worker, comment → tip, personal data."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Locality
from comments import privacy as comment_privacy
from tests.factories import ArticleFactory, CommentFactory, ModeratorFactory, StaffFactory
from tests.worker import run_worker
from tips import privacy
from tips.forms import form_token
from tips.models import Tip, TipLog, TipReply

pytestmark = pytest.mark.django_db

URL = "/gui-tin/"
TEXT = "Cầu tràn ở xã Thạch Hạ bị nước cuốn trôi một đoạn, người dân phải đi đường vòng rất xa."
READER = "bandoc.tin@example.vn"


def token(seconds_ago=60):
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=seconds_ago)):
        return form_token()


def jpeg(name="anh.jpg", size=(60, 40), with_gps=False):
    buffer = io.BytesIO()
    options = {}
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "Điện thoại bạn đọc"
        exif.get_ifd(0x8825).update({1: "N", 2: (18.0, 20.0, 30.0)})
        options["exif"] = exif.tobytes()
    Image.new("RGB", size, "green").save(buffer, "JPEG", **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def data(**changes):
    values = {
        "name": "Phạm Thị Hoa",
        "phone": "0912 345 678",
        "email": "",
        "locality": "",
        "text": TEXT,
        "consent": "on",
        "website": "",
        "ts": token(),
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def send(client, addr="203.0.113.5", **changes):
    return client.post(URL, data(**changes), REMOTE_ADDR=addr)


# The form ----------------------------------------------------------------------------------------------------------


def test_the_form_is_linked_from_every_page_and_is_never_cached(client):
    home = client.get("/").content.decode()
    assert f'href="{URL}"' in home
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gửi thông tin cho tòa soạn" in page
    assert 'name="csrfmiddlewaretoken"' in page and 'enctype="multipart/form-data"' in page
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_valid_tip_reaches_the_desk_as_new(client):
    district = Locality.objects.create(name="Can Lộc", kind=Locality.Kind.DISTRICT)
    response = send(client, locality=district.pk, email=READER)
    assert response.status_code == 302 and response["Location"] == reverse("tips:thanks")
    tip = Tip.objects.get()
    assert (tip.name, tip.phone, tip.email, tip.locality, tip.state) == (
        "Phạm Thị Hoa",
        "0912345678",
        READER,
        district,
        Tip.State.NEW,
    )
    assert tip.consent and tip.ip_address == "203.0.113.5"
    assert "Thông tin của bạn đã đến tòa soạn" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("phone", ["+84 912 345 678", "84912345678", "0239.3855.555", "(0239) 3855 555"])
def test_vietnamese_phone_numbers_in_their_usual_spellings_are_accepted(client, phone):
    assert send(client, phone=phone).status_code == 302
    assert Tip.objects.get().phone.startswith("0")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "email": ""}, "Vui lòng cho biết số điện thoại hoặc địa chỉ e-mail"),
        ({"phone": "12345"}, "Vui lòng nhập số điện thoại Việt Nam"),
        ({"phone": "0112345678"}, "Vui lòng nhập số điện thoại Việt Nam"),
        ({"email": "khong-phai-email"}, "Vui lòng nhập địa chỉ e-mail hợp lệ"),
        ({"consent": None}, "Vui lòng đồng ý để tòa soạn liên hệ"),
        ({"text": "Ngắn quá"}, "Vui lòng kể thêm một chút"),
        ({"name": ""}, "Vui lòng nhập họ tên."),
        ({"locality": "999999"}, "Vui lòng chọn một địa phương trong danh sách."),
    ],
    ids=["no-contact", "short-phone", "bad-prefix", "bad-email", "no-consent", "short-text", "no-name", "bad-place"],
)
def test_invalid_tips_are_refused_in_vietnamese_and_keep_what_was_typed(client, changes, message):
    response = send(client, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Cầu tràn ở xã Thạch Hạ" in page or changes.get("text")
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"website": "http://spam.example"}, "Không gửi được thông tin của bạn"),
        ({"ts": "forged:token"}, "Không xác minh được biểu mẫu này"),
        ({"ts": ""}, "Không xác minh được biểu mẫu này"),
        ({"text": "<script>alert(1)</script>" + TEXT}, None),
    ],
    ids=["honeypot", "forged-token", "no-token", "script"],
)
def test_hostile_posts_never_give_a_500(client, changes, message):
    response = send(client, **changes)
    assert response.status_code in (302, 400)
    if message is None:  # accepted, and escaped wherever it shows
        assert "<script>alert(1)</script>" in Tip.objects.get().text
    else:
        assert message in response.content.decode()
        assert "<script>" not in response.content.decode()


def test_control_and_bidi_characters_are_dropped_and_text_is_stored_nfc(client):
    decomposed = "Ha\u0300 Ti\u0303nh"  # "Hà Tĩnh" typed with combining marks
    assert send(client, text=f"{TEXT}\x00\u202e {decomposed}", name="Hoa\u200b").status_code == 302
    tip = Tip.objects.get()
    assert tip.text.endswith("Hà Tĩnh") and "\x00" not in tip.text and "\u202e" not in tip.text
    assert tip.name == "Hoa"


def test_a_form_sent_too_fast_is_refused(client):
    response = send(client, ts=token(seconds_ago=1))
    assert response.status_code == 400
    assert "Bạn gửi nhanh quá" in response.content.decode()


def test_an_expired_form_is_refused_keeping_the_text(client):
    response = send(client, ts=token(seconds_ago=2 * 86400))
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert "Cầu tràn ở xã Thạch Hạ" in response.content.decode()


def test_one_address_is_rate_limited(client, settings):
    settings.TIPS_RATE_LIMIT = "2/h"
    assert [send(client).status_code for _ in range(3)] == [302, 302, 429]
    assert "Bạn đã gửi nhiều thông tin trong thời gian ngắn" in send(client).content.decode()
    assert send(client, addr="198.51.100.9").status_code == 302
    assert Tip.objects.count() == 3


# Photos ------------------------------------------------------------------------------------------------------------


def test_photos_are_stored_re_encoded_without_their_gps_position(client):
    response = send(client, photos=[jpeg("a.jpg", with_gps=True), jpeg("b.jpg")])
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert tip.photos.count() == 2
    with tip.photos.first().image.open() as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_more_than_five_photos_are_refused(client):
    response = send(client, photos=[jpeg(f"{n}.jpg") for n in range(6)])
    assert response.status_code == 400
    assert "Vui lòng gửi tối đa 5 ảnh." in response.content.decode()
    assert not Tip.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client):
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = send(client, photos=[fake])
    assert response.status_code == 400
    assert "Tệp này không phải là ảnh" in response.content.decode()


def test_a_photo_over_the_size_limit_is_refused(client, settings):
    settings.MAX_UPLOAD_MB = 0
    response = send(client, photos=[jpeg()])
    assert response.status_code == 400
    assert not Tip.objects.exists()


# The tip desk ------------------------------------------------------------------------------------------------------


@pytest.fixture
def tip():
    return Tip.objects.create(name="Phạm Thị Hoa", email=READER, phone="0912345678", text=TEXT, consent=True)


def desk_post(client, tip, **changes):
    values = {"state": tip.state, "assigned_to": "", "story": "", "notes": "", "reply": ""}
    values.update(changes)
    for inline in ("photos", "replies", "log_entries"):
        values.update({f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0})
    return client.post(reverse("admin:tips_tip_change", args=[tip.pk]), values)


def test_an_editor_assigns_a_tip_links_the_story_and_every_step_is_logged(client, tip):
    editor = StaffFactory(group="Biên tập viên")
    reporter = StaffFactory(group="Phóng viên")
    story = ArticleFactory()
    client.force_login(editor)
    assert client.get(reverse("admin:tips_tip_changelist")).status_code == 200
    response = desk_post(client, tip, assigned_to=reporter.pk, notes="Gọi lại buổi chiều")
    assert response.status_code == 302, response.content.decode()[:2000]
    tip.refresh_from_db()
    assert (tip.assigned_to, tip.state, tip.notes) == (reporter, Tip.State.CHECKING, "Gọi lại buổi chiều")
    response = desk_post(client, tip, state=Tip.State.PUBLISHED, assigned_to=reporter.pk, story=story.pk)
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.state, tip.story) == (Tip.State.PUBLISHED, story)
    actions = list(tip.log_entries.values_list("action", "user"))
    assert actions == [
        (TipLog.Action.ASSIGNED, editor.pk),
        (TipLog.Action.STATE, editor.pk),
        (TipLog.Action.STORY, editor.pk),
    ]


def test_a_reply_is_mailed_once_by_the_worker(client, tip, django_capture_on_commit_callbacks):
    client.force_login(StaffFactory(group="Biên tập viên"))
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_post(client, tip, reply="Cảm ơn bạn, phóng viên sẽ liên hệ trong hôm nay.")
    assert response.status_code == 302
    assert mail.outbox == []  # the request only queued it
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [READER]
    assert "Cảm ơn bạn, phóng viên sẽ liên hệ" in message.body and "Phạm Thị Hoa" in message.body
    assert TipReply.objects.get().sent_at is not None
    TipReply.objects.get().deliver()
    assert len(mail.outbox) == 1


def test_no_reply_without_an_address_and_no_impossible_step(client, tip):
    client.force_login(StaffFactory(group="Biên tập viên"))
    tip.email = ""
    tip.save()
    response = desk_post(client, tip, reply="Xin chào")
    assert response.status_code == 200
    assert "Bạn đọc này không để lại e-mail" in response.content.decode()
    tip.move_to(Tip.State.DROPPED, None)
    response = desk_post(client, tip, state=Tip.State.PUBLISHED)
    assert response.status_code == 200
    tip.refresh_from_db()
    assert tip.state == Tip.State.DROPPED
    assert not TipReply.objects.exists()


def test_reporters_see_only_the_tips_given_to_them_and_cannot_change_them(client, tip):
    reporter = StaffFactory(group="Phóng viên")
    other = Tip.objects.create(name="Khác", phone="0987654321", text="Một thông tin khác gửi tòa soạn hôm nay.")
    tip.assign(reporter, None)
    client.force_login(reporter)
    listing = client.get(reverse("admin:tips_tip_changelist")).content.decode()
    assert reverse("admin:tips_tip_change", args=[tip.pk]) in listing
    assert reverse("admin:tips_tip_change", args=[other.pk]) not in listing
    assert client.get(reverse("admin:tips_tip_change", args=[other.pk])).status_code == 302  # "does not exist"
    desk_post(client, tip, state=Tip.State.DROPPED)
    tip.refresh_from_db()
    assert tip.state == Tip.State.CHECKING


# Comment → tip ----------------------------------------------------------------------------------------------------


def test_a_moderator_turns_a_comment_into_a_tip_in_one_action(client):
    comment = CommentFactory(name="Ông Bảy", email="ongbay@example.vn", body="Ở xóm tôi đường điện bị đứt từ hôm qua.")
    moderator = ModeratorFactory()
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_changelist"), {"action": "make_tips", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert (tip.name, tip.email, tip.text, tip.from_comment_id) == (
        "Ông Bảy",
        "ongbay@example.vn",
        comment.body,
        comment.pk,
    )
    assert tip.log_entries.get().user == moderator
    # Twice is still one tip.
    client.post(reverse("admin:comments_comment_changelist"), {"action": "make_tips", "_selected_action": [comment.pk]})
    assert Tip.objects.count() == 1


# Personal data ------------------------------------------------------------------------------------------------------


def test_the_personal_data_export_and_erasure_include_tips(tip):
    admin = User.objects.create_superuser("qt", "qt@example.vn", "x")
    exported = comment_privacy.export(READER.upper(), admin)
    assert [entry["text"] for entry in exported["tips"]] == [TEXT]
    assert exported["tips"][0]["phone"] == "0912345678"
    comment_privacy.erase(READER, admin)
    tip.refresh_from_db()
    assert (tip.name, tip.email, tip.phone, tip.ip_address, tip.personal_data_erased) == ("", "", "", None, True)
    assert tip.text == TEXT  # the newsroom keeps what it was told
    assert comment_privacy.export(READER, admin)["tips"] == []


def test_retention_purges_closed_tips_only(tip):
    open_tip = Tip.objects.create(name="Còn mở", phone="0912000000", text="Thông tin vẫn đang được xác minh.")
    tip.move_to(Tip.State.DROPPED, None)
    later = timezone.now() + datetime.timedelta(days=400)
    with time_machine.travel(later):
        call_command("purge_tip_personal_data", stdout=io.StringIO())
    tip.refresh_from_db()
    open_tip.refresh_from_db()
    assert tip.personal_data_erased and tip.name == ""
    assert not open_tip.personal_data_erased and open_tip.name == "Còn mở"


def test_the_demo_tips_come_in_several_states_once():
    call_command("demo_tips", stdout=io.StringIO())
    call_command("demo_tips", stdout=io.StringIO())
    assert len(set(Tip.objects.values_list("state", flat=True))) == 4
    assert Tip.objects.count() == 4


def test_privacy_module_finds_by_address_only(tip):
    assert privacy.find("").count() == 0
    assert privacy.find(READER).get() == tip


def test_the_personal_data_page_finds_and_erases_a_tipster_without_comments(client, tip):
    client.force_login(User.objects.create_superuser("qt", "qt@example.vn", "x"))
    found = client.post(reverse("admin:comments_comment_privacy"), {"email": READER}).content.decode()
    assert "1 tin gửi tòa soạn bằng địa chỉ này" in found
    assert reverse("admin:comments_comment_privacy_erase") in found
    confirm = client.post(reverse("admin:comments_comment_privacy_erase"), {"email": READER}).content.decode()
    assert "tên, số điện thoại, e-mail" in confirm
    client.post(reverse("admin:comments_comment_privacy_erase"), {"email": READER, "confirm": "yes"})
    tip.refresh_from_db()
    assert tip.personal_data_erased and tip.email == ""


def test_the_tip_desk_list_costs_the_same_for_3_or_30_tips(client, django_assert_max_num_queries):
    editor = StaffFactory(group="Biên tập viên")
    reporter = StaffFactory(group="Phóng viên")
    district = Locality.objects.create(name="Can Lộc", kind=Locality.Kind.DISTRICT)
    client.force_login(editor)
    url = reverse("admin:tips_tip_changelist")
    counts = []
    for total in (3, 30):
        while Tip.objects.count() < total:
            n = Tip.objects.count()
            Tip.objects.create(
                name=f"Bạn đọc {n}", phone="0912345678", text=TEXT, locality=district, assigned_to=reporter
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # session, user, permissions, counts, the page of tips, filters, and the header's counts (stories at my step, my
    # drafts sent back, pending comments)
    with django_assert_max_num_queries(13):
        client.get(url)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Tin bạn đọc gửi mới" in page and "Sắp xếp trang chủ" in page
