"""Password guessing at the admin login: lockouts per account and per address, the login log, lifting a lock."""

import logging

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.utils import timezone

from accounts.models import Lockout, LoginEvent
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


def test_five_wrong_passwords_lock_the_account_with_its_expiry_in_vietnamese(client):
    StaffFactory(username="bientap")
    for _ in range(4):
        response = attempt(client, "bientap", "doan-mo")
        assert "tạm khóa" not in response.content.decode()
    response = attempt(client, "bientap", "doan-mo")
    lock = Lockout.objects.get(kind="account", key="bientap")
    until = timezone.localtime(lock.locked_until).strftime("%H:%M")
    assert f"Tài khoản tạm khóa đến {until} do đăng nhập sai nhiều lần" in response.content.decode()


def test_locked_account_refuses_even_the_right_password(client):
    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
    response = attempt(client, "bientap", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "tạm khóa" in response.content.decode()
    assert LoginEvent.objects.filter(outcome="locked").count() == 1


def test_backend_refuses_a_locked_username_on_any_login_path(rf):
    StaffFactory(username="bientap")
    Lockout.objects.create(kind="account", key="bientap", locked_until=timezone.now() + timezone.timedelta(minutes=5))
    assert authenticate(rf.get("/"), username="bientap", password=PASSWORD) is None


def test_the_lock_ends_by_itself(client):
    user = StaffFactory(username="bientap")
    Lockout.objects.create(kind="account", key="bientap", locked_until=timezone.now() - timezone.timedelta(seconds=1))
    assert attempt(client, "bientap", PASSWORD).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_twenty_failures_from_one_address_lock_that_address_for_every_username(client):
    StaffFactory(username="bientap")
    for n in range(20):
        attempt(client, f"doan-ten-{n}", "doan-mo", ip="203.0.113.9")
    response = attempt(client, "bientap", PASSWORD, ip="203.0.113.9")
    assert "Quá nhiều lần đăng nhập sai từ địa chỉ của bạn" in response.content.decode()
    assert attempt(client, "bientap", PASSWORD, ip="203.0.113.10").status_code == 302


def test_username_case_does_not_dodge_the_lock(client):
    StaffFactory(username="bientap")
    for name in ["bientap", "BienTap", "BIENTAP", " bientap", "bienTAP"]:
        attempt(client, name, "doan-mo")
    assert Lockout.objects.active().filter(key="bientap").exists()


def test_failures_are_stored_in_the_database_not_the_cache(client):
    from django.core.cache import cache

    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
        cache.clear()  # another process, or a cache that lost everything
    assert Lockout.objects.active().filter(key="bientap").exists()


def test_admin_lifts_a_lockout_and_the_old_failures_no_longer_count(client):
    StaffFactory(username="bientap")
    for _ in range(5):
        attempt(client, "bientap", "doan-mo")
    lock = Lockout.objects.get()
    admin_user = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    admin_client = type(client)()
    admin_client.force_login(admin_user)
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
