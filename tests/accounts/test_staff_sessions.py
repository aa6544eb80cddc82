"""Staff sessions: a working day long, listed for their owner, who can end the others or log out everywhere."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import LoginEvent, StaffSession
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
SESSIONS = "/quan-tri/bao-mat/phien/"
PASSWORD = "mat-khau-toa-soan"
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A546E) Mobile"
DESK = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0"


def logged_in(client_class, username, *, ip="198.51.100.7", agent=DESK):
    client = client_class()
    data = {"username": username, "password": PASSWORD}
    response = client.post(LOGIN, data, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def works(client):
    return client.get("/quan-tri/").status_code == 200


def test_a_staff_session_ends_after_staff_session_hours_however_busy(client, settings, time_machine):
    settings.STAFF_SESSION_HOURS = 10
    time_machine.move_to(timezone.now(), tick=False)
    StaffFactory(username="bientap")
    desk = logged_in(type(client), "bientap")
    for _ in range(9):
        time_machine.shift(timedelta(hours=1))
        assert works(desk)
    time_machine.shift(timedelta(minutes=59))
    assert works(desk)
    time_machine.shift(timedelta(minutes=2))
    assert desk.get("/quan-tri/").status_code == 302


def test_a_person_sees_their_sessions_and_ends_another_which_stops_working(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    StaffFactory(username="bientap")
    desk = logged_in(type(client), "bientap", ip="198.51.100.7", agent=DESK)
    phone = logged_in(type(client), "bientap", ip="203.0.113.45", agent=PHONE)
    time_machine.shift(timedelta(minutes=10))
    assert phone.get("/quan-tri/", REMOTE_ADDR="203.0.113.46").status_code == 200  # seen again, on a new address
    page = desk.get(SESSIONS, REMOTE_ADDR="198.51.100.7").content.decode()
    assert PHONE in page and "203.0.113.46" in page and DESK in page and "198.51.100.7" in page
    assert page.count("Phiên này") == 1
    assert 'href="/quan-tri/bao-mat/phien/"' in page  # in the user menu
    assert StaffSession.objects.get(user_agent=PHONE).last_seen == timezone.now()
    response = desk.post(SESSIONS, {"end": StaffSession.objects.get(user_agent=PHONE).pk}, follow=True)
    assert "Đã kết thúc 1 phiên đăng nhập" in response.content.decode()
    assert PHONE not in response.content.decode()
    assert not works(phone)
    assert works(desk)


def test_log_out_everywhere_ends_every_session_of_the_person(client):
    StaffFactory(username="bientap")
    desk = logged_in(type(client), "bientap")
    phone = logged_in(type(client), "bientap", agent=PHONE)
    response = desk.post(SESSIONS, {"everywhere": "1"}, follow=True)
    assert "Bạn đã đăng xuất khỏi mọi nơi" in response.content.decode()
    assert not works(desk) and not works(phone)
    assert not StaffSession.objects.exists()


def test_nobody_sees_or_ends_another_persons_session(client):
    StaffFactory(username="bientap")
    StaffFactory(username="phongvien")
    desk = logged_in(type(client), "bientap")
    theirs = logged_in(type(client), "phongvien", ip="203.0.113.99", agent=PHONE)
    assert "203.0.113.99" not in desk.get(SESSIONS).content.decode()
    other = StaffSession.objects.get(user__username="phongvien")
    assert desk.post(SESSIONS, {"end": other.pk}).status_code == 404
    assert desk.post(SESSIONS, {"end": "1; DROP"}).status_code == 404
    assert works(theirs)


def test_logging_out_forgets_the_session(client):
    StaffFactory(username="bientap")
    desk = logged_in(type(client), "bientap")
    assert StaffSession.objects.count() == 1
    desk.post("/quan-tri/logout/")
    assert not StaffSession.objects.exists()


def test_login_events_are_kept_for_the_retention_period_only(settings, time_machine):
    settings.LOGIN_EVENT_RETENTION_DAYS = 90
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    old = LoginEvent.objects.create(username="x", outcome="bad_password", at=now - timedelta(days=90, seconds=1))
    kept = LoginEvent.objects.create(username="x", outcome="bad_password", at=now - timedelta(days=89))
    call_command("purge_login_events", "--dry-run")
    assert LoginEvent.objects.count() == 2
    call_command("purge_login_events")
    assert list(LoginEvent.objects.all()) == [kept]
    assert not LoginEvent.objects.filter(pk=old.pk).exists()
