"""Error pages in Vietnamese that render without the database, and logs with request ids and without secrets."""

import io
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SqliteWrapper
from django.test import Client
from django.urls import include, path

from core import errors
from core.logging import scrub

BUSY = "Hệ thống đang bận, vui lòng thử lại sau ít phút"


# Views that fail on purpose, served through this module as the URLconf (with the project's handlers).
def fails(request):
    raise RuntimeError(f"could not save {request.POST.urlencode()} for cookie {request.headers.get('cookie')}")


def forbidden(request):
    raise PermissionDenied


def database_gone(request):
    """A real connection failure: the driver cannot open a database in a folder that does not exist."""
    gone = SqliteWrapper({**connection.settings_dict, "NAME": "/nonexistent-folder/db.sqlite3", "OPTIONS": {}})
    gone.cursor()


urlpatterns = [
    path("loi/", fails),
    path("cam/", forbidden),
    path("mat-ket-noi/", database_gone),
    path("", include("newsroom.urls")),
]
handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

pytestmark = pytest.mark.urls("tests.core.test_errors")


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def console():
    """What the project's console handler writes (its filters and format included)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_500_page_is_vietnamese_and_needs_no_database(anonymous, django_db_blocker):
    with django_db_blocker.block():  # any query would raise
        response = anonymous.get("/loi/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Xin lỗi, đã có lỗi xảy ra" in page
    assert "Traceback" not in page and "RuntimeError" not in page
    assert response["X-Request-ID"] in page  # the reference a reader can quote to the newsroom


def test_500_page_renders_without_the_static_manifest(anonymous, settings, tmp_path, django_db_blocker):
    # Production uses hashed static names; a missing manifest (collectstatic not run) must not break the 500 page.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with django_db_blocker.block():
        response = anonymous.get("/loi/")

    assert response.status_code == 500
    assert 'href="/static/css/site.css"' in response.content.decode()


def test_unreachable_database_gives_the_503_page_with_retry_after(anonymous, django_db_blocker):
    with django_db_blocker.unblock():  # let the view try its (unreachable) database for real
        response = anonymous.get("/mat-ket-noi/")

    assert response.status_code == 503
    assert BUSY in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_database_error_raised_outside_a_view_also_gives_503(rf):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = errors.server_error(rf.get("/"))

    assert response.status_code == 503
    assert BUSY in response.content.decode()


@pytest.mark.django_db
def test_400_page_is_vietnamese(anonymous):
    response = anonymous.get("/", HTTP_HOST="khong-phai-ten-mien-cua-bao.example")

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_403_page_is_vietnamese(anonymous):
    response = anonymous.get("/cam/")

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.django_db
def test_404_page_is_vietnamese(anonymous):
    assert "Không tìm thấy trang" in anonymous.get("/khong-co-trang-nay/").content.decode()


@pytest.mark.django_db
def test_every_response_carries_a_request_id(anonymous):
    first, second = anonymous.get("/healthz/live"), anonymous.get("/healthz/live")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("lb-7f3a9c21-0001", True),
        ("abc", False),  # too short to be an id
        ("x" * 65, False),
        ("id\r\nSet-Cookie: a=b", False),
        ("id with spaces 12345", False),
    ],
    ids=["load-balancer-id", "too-short", "too-long", "header-injection", "spaces"],
)
def test_incoming_request_id_is_kept_only_when_safe(anonymous, incoming, kept):
    response = anonymous.get("/healthz/live", HTTP_X_REQUEST_ID=incoming)

    assert (response["X-Request-ID"] == incoming) is kept


def test_error_log_has_path_and_request_id_but_no_password_email_or_cookie(anonymous, console):
    anonymous.cookies["sessionid"] = "phiensecret123"
    anonymous.cookies["csrftoken"] = "csrfsecret456"
    response = anonymous.post("/loi/", {"username": "bientap", "password": "MatKhau!2025", "email": "hoa@example.vn"})

    log = console.getvalue()
    assert response.status_code == 500
    assert f"[{response['X-Request-ID']}] Internal Server Error: /loi/" in log
    assert "RuntimeError" in log  # the traceback is there for the developers
    for secret in ("MatKhau!2025", "hoa@example.vn", "phiensecret123", "csrfsecret456"):
        assert secret not in log


def test_direct_log_calls_are_scrubbed_too(console):
    logging.getLogger("newsroom.test").warning(
        "login failed for %s with %s", "an@example.vn", {"password": "hunter2hunter2", "otp": "123456"}
    )

    line = console.getvalue()
    assert "login failed for [scrubbed]" in line
    assert "hunter2hunter2" not in line and "123456" not in line


@pytest.mark.parametrize(
    "text, secret",
    [
        ("password=hunter2&next=/", "hunter2"),
        ('{"password": "p@ss word"}', "p@ss word"),
        ("Cookie: sessionid=abc123; csrftoken=def456", "abc123"),
        ("sessionid=abc123; csrftoken=def456", "def456"),
        ("postgres://newsroom:S3cret@db.internal:5432/newsroom", "S3cret"),
        ("redis://:R3dispass@cache:6379/0", "R3dispass"),
        ("sent to Nguyễn.An+tin@bao-hatinh.vn today", "Nguyễn.An+tin@bao-hatinh.vn"),
        ("Authorization: Bearer eyJhbGciOi.x.y", "eyJhbGciOi"),
    ],
)
def test_scrub_removes(text, secret):
    assert secret not in scrub(text)


def test_scrub_keeps_ordinary_text():
    text = "GET /thoi-su/mua-lon-12.html 200 in 35 ms (status code: 200)"
    assert scrub(text) == text
