"""`make serve` (production settings on one machine) and `PORT=… make run`."""

import importlib
import os
import subprocess

import pytest
from django.urls import clear_url_caches

import newsroom.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def reload_urls(settings):
    yield lambda: (importlib.reload(newsroom.urls), clear_url_caches())
    settings.SERVE_MEDIA = False
    importlib.reload(newsroom.urls)
    clear_url_caches()


def test_media_is_a_404_with_debug_off_unless_serve_media(settings, client, tmp_path, reload_urls):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "anh.txt").write_text("ảnh")
    reload_urls()
    assert client.get("/media/anh.txt").status_code == 404
    settings.SERVE_MEDIA = True
    reload_urls()
    response = client.get("/media/anh.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "ảnh"


def make(*args, env=None):
    return subprocess.run(
        ["make", "--no-print-directory", *args], capture_output=True, text=True, check=True, env=env
    ).stdout


def test_make_serve_runs_production_settings_over_plain_http():
    commands = make("-n", "serve")
    gunicorn = next(line for line in commands.splitlines() if "gunicorn" in line)
    for switch in (
        "DEBUG=0",
        "SERVE_MEDIA=1",
        "SECURE_SSL_REDIRECT=0",
        "SESSION_COOKIE_SECURE=0",
        "CSRF_COOKIE_SECURE=0",
    ):
        assert switch in gunicorn
    assert 'SECRET_KEY="$(cat var/secret_key)"' in gunicorn
    assert "collectstatic" in commands and "127.0.0.1:8000" in gunicorn


def test_port_moves_make_run_and_site_url_with_it():
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}}
    env["PORT"] = "8100"
    assert "runserver 127.0.0.1:8100" in make("-n", "run", env=env)
    show = make("--eval=show-site-url: ; @echo $$SITE_URL", "show-site-url", env=env)
    assert show.strip() == "http://127.0.0.1:8100"
