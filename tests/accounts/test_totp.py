"""Two-step login with an authenticator app (TOTP, RFC 6238): enrolment, the second step, replays, recovery codes."""

import re
import time

import pytest
from django.contrib.auth.models import User

from accounts import totp
from accounts.models import Lockout, LoginEvent, RecoveryCode, TOTPDevice
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
VERIFY = "/quan-tri/bao-mat/xac-thuc/"
ENROL = "/quan-tri/bao-mat/hai-buoc/"
PASSWORD = "mat-khau-toa-soan"


def login(client, username):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD, "next": "/quan-tri/"})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def device_for(user, *, last_used_step=0):
    return TOTPDevice.objects.create(user=user, confirmed=True, last_used_step=last_used_step)


def test_rfc_6238_test_vectors():
    # RFC 6238 appendix B (SHA1 seed "12345678901234567890"), last six of the eight digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp.code_at(secret, 59) == "287082"
    assert totp.code_at(secret, 1111111109) == "081804"
    assert totp.code_at(secret, 2000000000) == "279037"


def test_codes_one_step_either_side_are_accepted_and_further_ones_are_not():
    secret = totp.new_secret()
    now = time.time()
    for drift in (-30, 0, 30):
        assert totp.matching_step(secret, totp.code_at(secret, now + drift), now) is not None
    for drift in (-90, 90):
        assert totp.matching_step(secret, totp.code_at(secret, now + drift), now) is None
    assert totp.matching_step(secret, "abcdef", now) is None
    assert totp.matching_step(secret, "", now) is None


def test_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "bientap", "Toa soan")
    assert uri.startswith("otpauth://totp/Toa%20soan:bientap?secret=JBSWY3DPEHPK3PXP&issuer=Toa%20soan")
    assert "algorithm=SHA1&digits=6&period=30" in uri


def test_staff_with_a_device_must_give_a_code_before_any_admin_page(client):
    user = StaffFactory(username="bientap", group="Biên tập viên")
    device = device_for(user)
    login(client, "bientap")
    response = client.get("/quan-tri/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get("/").status_code == 302  # half logged in: not even staff previews on the site
    response = client.post(VERIFY, {"code": totp.code_at(device.secret), "next": "/quan-tri/articles/article/"})
    assert response["Location"] == "/quan-tri/articles/article/"
    assert client.get("/quan-tri/articles/article/").status_code == 200
    assert LoginEvent.objects.filter(user=user, outcome="code_ok").exists()


def test_a_code_works_only_once(client):
    user = StaffFactory(username="bientap")
    device = device_for(user)
    code = totp.code_at(device.secret)
    login(client, "bientap")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = type(client)()
    login(other, "bientap")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Mã không hợp lệ" in response.content.decode()
    assert other.get("/quan-tri/").status_code == 302


def test_wrong_codes_are_limited_then_the_session_ends_and_the_address_is_blocked(client):
    user = StaffFactory(username="bientap")
    device = device_for(user)
    wrong = str((int(totp.code_at(device.secret)) + 500_000) % 1_000_000).zfill(6)
    login(client, "bientap")
    for _ in range(4):
        assert client.post(VERIFY, {"code": wrong}).status_code == 200
    response = client.post(VERIFY, {"code": wrong}, follow=True)
    assert "Quá nhiều lần đăng nhập sai vào tài khoản này từ địa chỉ của bạn" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Lockout.objects.active().filter(kind="pair", key="bientap 127.0.0.1").exists()


def test_a_recovery_code_stands_in_once_for_a_lost_phone(client):
    user = StaffFactory(username="bientap")
    device_for(user)
    codes = RecoveryCode.objects.replace_for(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()  # only hashes are stored
    login(client, "bientap")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    other = type(client)()
    login(other, "bientap")
    assert other.post(VERIFY, {"code": codes[0]}).status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_and_a_code_turns_it_on(client):
    user = StaffFactory(username="phongvien", group="Phóng viên")
    client.force_login(user)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert device.secret[:4] in page and 'src="data:image/svg+xml' in page
    response = client.post(ENROL, {"code": "000000" if totp.code_at(device.secret) != "000000" else "111111"})
    assert "Mã không hợp lệ" in response.content.decode()
    response = client.post(ENROL, {"code": totp.code_at(device.secret)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed


def test_enrolment_link_is_in_the_admin_user_menu(admin_client):
    assert ENROL in admin_client.get("/quan-tri/").content.decode()


def test_required_roles_are_sent_to_enrolment_after_the_password(client, settings):
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Biên tập viên"]
    StaffFactory(username="bientap", group="Biên tập viên")
    login(client, "bientap")
    response = client.get("/quan-tri/")
    assert response["Location"].startswith(ENROL)
    assert "bắt buộc xác thực hai bước" in client.get(ENROL).content.decode()


def test_superusers_can_be_required_too(client, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    login(client, "quantri")
    assert client.get("/quan-tri/")["Location"].startswith(ENROL)


def test_roles_not_required_and_without_a_device_go_straight_in(client, settings):
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Biên tập viên"]
    StaffFactory(username="phongvien", group="Phóng viên")
    login(client, "phongvien")
    assert client.get("/quan-tri/").status_code == 200


def test_someone_with_only_the_password_cannot_enrol_a_new_device(client):
    user = StaffFactory(username="bientap")
    device = device_for(user)
    login(client, "bientap")
    assert client.get(ENROL)["Location"] == VERIFY
    assert TOTPDevice.objects.get(user=user).secret == device.secret


def test_verify_page_refuses_an_outside_next(client):
    user = StaffFactory(username="bientap")
    device = device_for(user)
    login(client, "bientap")
    response = client.post(VERIFY, {"code": totp.code_at(device.secret), "next": "https://evil.example/"})
    assert response["Location"] == "/quan-tri/"
