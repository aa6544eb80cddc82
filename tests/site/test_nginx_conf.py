"""deploy/nginx.conf: nginx itself accepts it, and it keeps per-reader answers out of its micro-cache."""

import shutil
import subprocess
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def nginx():
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        pytest.fail("nginx is not installed: `apt-get install nginx-light` (.ci/run does) to check deploy/nginx.conf.")
    return found


def local_copy(tmp_path):
    """The sample with its server paths moved into tmp_path, so `nginx -t` needs no root-owned folders."""
    text = CONF.read_text()
    for server_path, name in [
        ("/srv/newsroom", "srv"),
        ("/var/cache/nginx/newsroom", "cache"),
        ("/run/nginx-newsroom.pid", "nginx.pid"),
        ("/var/log/nginx/", "log/"),
    ]:
        assert server_path in text, server_path
        text = text.replace(server_path, str(tmp_path / name))
    for folder in ("srv/var/static", "srv/var/media", "cache", "log"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    return conf


def test_nginx_accepts_the_sample_configuration(tmp_path):
    conf = local_copy(tmp_path)
    result = subprocess.run(
        [nginx(), "-t", "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "log" / "startup.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_micro_cache_skips_sessions_cookies_and_private_answers():
    text = CONF.read_text()
    assert "proxy_cache_bypass $cookie_sessionid $cookie_messages $cookie_comments_posted" in text
    assert (
        "proxy_no_cache $cookie_sessionid $cookie_messages $cookie_comments_posted $http_authorization "
        "$upstream_http_set_cookie" in text
    )
    assert '"~*(private|no-store|no-cache)" 1;' in text
    assert "proxy_cache_valid 200 2s;" in text
    assert "proxy_pass http://newsroom;" in text and "server 127.0.0.1:8000;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
