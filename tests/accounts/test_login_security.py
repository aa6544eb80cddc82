"""Password guessing at the admin login: blocks per address and per account at one address, account locks the owner
passes, the login log, lifting a block."""

import logging

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.utils import timezone

from accounts import totp
from accounts.models import Lockout, LoginEvent, TOTPDevice
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-toa-soan"


def attempt(client, username, password, ip="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_right_password_logs_in_and_is_recorded(client):
    user = StaffFactory(username="bientap")
    response = attempt(client, "bientap", PASSWORD)
    assert response.status_code == 302
    event = LoginEvent.objects.get()
    assert (event.user, event.outcome, event.ip_address) == (user, "success", "198.51.100.7")


def test_five_wrong_passwords_from_one_address_block_that_address_for_that_account_only(client):
    StaffFactory(username="bientap")
    for _ in range(4):
        response = attempt(client, "bientap", "doan-mo")
        assert "Quá nhiều" not in response.content.decode()
    response = attempt(client, "bientap", "doan-mo")
    lock = Lockout.objects.get(kind="pair", key="bientap 198.51.100.7")
    until = timezone.localtime(lock.locked_until).strftime("%H:%M")
    assert f"Quá nhiều lần đăng nhập sai vào tài khoản này từ địa chỉ của bạn. Vui lòng thử lại sau {until}" in (
        response.content.decode()
    )
    assert not Lockout.objects.filter(kind="account").exists()
    assert attempt(client, "bientap", PASSWORD, ip="198.51.100.8").status_code == 302


def test_a_blocked_pair_refuses_the_right_password_with_the_same_answer_as_a_wrong_one(client):
    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
    right = attempt(client, "bientap", PASSWORD)
    wrong = attempt(client, "bientap", "doan-mo-nua")
    assert right.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    assert right.context["form"].errors == wrong.context["form"].errors
    assert LoginEvent.objects.filter(outcome="locked").count() == 2


def test_an_address_failing_100_times_against_admin_does_not_stop_admin_logging_in_elsewhere(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    User.objects.create_superuser("admin", "admin@example.vn", PASSWORD)
    for _ in range(100):
        assert attempt(client, "admin", "doan-mo", ip="203.0.113.66").status_code == 200
        time_machine.shift(20)  # over half an hour: the stranger's blocks end and renew
    assert LoginEvent.objects.filter(ip_address="203.0.113.66", outcome="bad_password").count() > 5
    assert not Lockout.objects.filter(kind="account").exists()
    owner = type(client)()
    assert attempt(owner, "admin", PASSWORD, ip="198.51.100.20").status_code == 302


def test_an_address_failing_on_many_names_slows_down_then_is_blocked(client, settings, time_machine):
    settings.LOGIN_IP_SLOWDOWN_AFTER = 3
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    time_machine.move_to(timezone.now(), tick=False)
    StaffFactory(username="bientap")
    ip = "203.0.113.9"
    for n in range(3):
        attempt(client, f"doan-ten-{n}", "doan-mo", ip=ip)
    response = attempt(client, "bientap", PASSWORD, ip=ip)  # right, but too soon: not even looked at
    assert "Quá nhiều lần đăng nhập sai từ địa chỉ của bạn. Vui lòng chờ 2 giây" in response.content.decode()
    time_machine.shift(2)
    attempt(client, "doan-ten-3", "doan-mo", ip=ip)
    assert "Vui lòng chờ 4 giây" in attempt(client, "doan-ten-4", "doan-mo", ip=ip).content.decode()
    for n in range(4, 6):
        time_machine.shift(60)
        attempt(client, f"doan-ten-{n}", "doan-mo", ip=ip)
    assert Lockout.objects.active().filter(kind="address", key=ip).exists()
    time_machine.shift(60)
    response = attempt(client, "bientap", PASSWORD, ip=ip)
    assert "Quá nhiều lần đăng nhập sai từ địa chỉ của bạn. Vui lòng thử lại sau" in response.content.decode()
    assert attempt(client, "bientap", PASSWORD, ip="203.0.113.10").status_code == 302


def many_addresses_fail(client, username, count):
    for n in range(count):
        attempt(client, username, "doan-mo", ip=f"192.0.2.{n + 1}")


def test_failures_from_many_addresses_lock_the_account_but_not_for_its_owner_at_a_known_address(client, settings):
    settings.LOGIN_ACCOUNT_ADDRESS_LIMIT = 3
    StaffFactory(username="bientap")
    assert attempt(type(client)(), "bientap", PASSWORD, ip="198.51.100.30").status_code == 302  # the office, earlier
    many_addresses_fail(client, "bientap", 3)
    lock = Lockout.objects.get(kind="account", key="bientap")
    assert lock.failures == 3
    stranger = attempt(type(client)(), "bientap", PASSWORD, ip="203.0.113.77")
    assert stranger.status_code == 200
    assert "Tài khoản tạm khóa đến" in stranger.content.decode()
    assert 'name="code"' in stranger.content.decode()  # the owner's way in from elsewhere
    owner = type(client)()
    assert attempt(owner, "bientap", PASSWORD, ip="198.51.100.30").status_code == 302


def test_the_owner_opens_a_locked_account_from_anywhere_with_the_code_of_their_app(client):
    user = StaffFactory(username="bientap")
    device = TOTPDevice.objects.create(user=user, confirmed=True)
    Lockout.objects.create(kind="account", key="bientap", locked_until=timezone.now() + timezone.timedelta(minutes=9))
    wrong_code = str((int(totp.code_at(device.secret)) + 500_000) % 1_000_000).zfill(6)
    wrong_password = attempt_with_code(client, PASSWORD + "x", totp.code_at(device.secret))
    wrong_app_code = attempt_with_code(client, PASSWORD, wrong_code)
    assert wrong_password.context["form"].errors == wrong_app_code.context["form"].errors
    assert "Tài khoản tạm khóa đến" in wrong_app_code.content.decode()
    response = attempt_with_code(client, PASSWORD, totp.code_at(device.secret))
    assert response.status_code == 302
    assert client.get("/quan-tri/").status_code == 200  # the code counted as the second step too


def attempt_with_code(client, password, code):
    data = {"username": "bientap", "password": password, "code": code}
    return client.post(LOGIN, data, REMOTE_ADDR="203.0.113.78")


def test_backend_refuses_a_locked_username_on_any_login_path(rf):
    StaffFactory(username="bientap")
    Lockout.objects.create(kind="account", key="bientap", locked_until=timezone.now() + timezone.timedelta(minutes=5))
    assert authenticate(rf.get("/"), username="bientap", password=PASSWORD) is None


def test_the_lock_ends_by_itself(client):
    user = StaffFactory(username="bientap")
    Lockout.objects.create(kind="account", key="bientap", locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert attempt(client, "bientap", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_username_case_does_not_dodge_the_block(client):
    StaffFactory(username="bientap")
    for name in ["bientap", "BienTap", "BIENTAP", " bientap", "bienTAP"]:
        attempt(client, name, "doan-mo")
    assert Lockout.objects.active().filter(kind="pair", key="bientap 198.51.100.7").exists()


def test_failures_are_stored_in_the_database_not_the_cache(client):
    from django.core.cache import cache

    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
        cache.clear()  # another process, or a cache that lost everything
    assert Lockout.objects.active().filter(kind="pair").exists()


def test_admin_lifts_a_block_and_the_old_failures_no_longer_count(client):
    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
    lock = Lockout.objects.get()
    admin_user = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    admin_client = type(client)()
    admin_client.force_login(admin_user)
    listed = admin_client.get("/quan-tri/accounts/lockout/").content.decode()
    assert "Tài khoản, từ một địa chỉ" in listed and "bientap 198.51.100.7" in listed
    response = admin_client.post(
        "/quan-tri/accounts/lockout/", {"action": "lift_selected", "_selected_action": [lock.pk]}, follow=True
    )
    assert "1 lần khóa đã được gỡ" in response.content.decode()
    lock.refresh_from_db()
    assert lock.lifted_by == admin_user
    assert attempt(client, "bientap", "doan-mo").status_code == 200  # one new failure, not a sixth
    assert not Lockout.objects.active().exists()
    assert attempt(client, "bientap", PASSWORD).status_code == 302


def test_login_events_are_readable_in_the_admin(admin_client):
    LoginEvent.objects.create(username="bientap", outcome="bad_password", ip_address="198.51.100.7")
    response = admin_client.get("/quan-tri/accounts/loginevent/")
    assert "198.51.100.7" in response.content.decode()


def test_log_stream_names_the_attempt_but_never_the_password(client, caplog):
    StaffFactory(username="bientap")
    with caplog.at_level(logging.INFO, logger="accounts.login"):
        attempt(client, "bientap", "mat-khau-bi-mat-sai")
        attempt(client, "bientap", PASSWORD)
    assert "bad_password username='bientap'" in caplog.text
    assert "success username='bientap'" in caplog.text
    assert "mat-khau-bi-mat-sai" not in caplog.text and PASSWORD not in caplog.text


def test_passwords_need_ten_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Ha7!tinh2")
    validate_password("Ha7!tinh2025")
