"""deploy/nginx.conf: nginx itself accepts it, keeps per-reader answers out of its micro-cache, and stores each page
compressed once (a real nginx in front of a tiny upstream)."""

import gzip
import http.client
import os
import pwd
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def nginx():
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None:
        pytest.fail("nginx is not installed: `apt-get install nginx-light` (.ci/run does) to check deploy/nginx.conf.")
    return found


def local_copy(tmp_path, port=None, upstream_port=None):
    """The sample with its server paths moved into tmp_path, so `nginx -t` needs no root-owned folders; with `port`
    it listens there (loopback) in front of gunicorn's stand-in on `upstream_port`, run by the current user."""
    text = CONF.read_text()
    replacements = [
        ("/srv/newsroom", str(tmp_path / "srv")),
        ("/var/cache/nginx/newsroom", str(tmp_path / "cache")),
        ("/run/nginx-newsroom.pid", str(tmp_path / "nginx.pid")),
        ("/run/nginx-newsroom-gzip.sock", str(tmp_path / "gz.sock")),
        ("/var/log/nginx/", str(tmp_path / "log") + "/"),
    ]
    if port is not None:
        replacements += [
            ("listen 80;\n        listen [::]:80;", f"listen 127.0.0.1:{port};"),
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
            ("user www-data;", f"user {pwd.getpwuid(os.geteuid()).pw_name};"),
        ]
    for server_path, local in replacements:
        assert server_path in text, server_path
        text = text.replace(server_path, local)
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


def test_no_cork_on_pages_from_the_micro_cache():
    """TCP_CORK held the last packet of every cached page for the reader's delayed ACK: 40 ms, 190 pages/s."""
    text = CONF.read_text()
    assert "tcp_nopush off;" in text and "tcp_nodelay on;" in text


# A real nginx from the sample in front of a tiny upstream -------------------------------------------------------------

STORY = ("<p>Xã Cẩm Xuyên khởi công đường liên thôn, bà con góp đất mở rộng mặt đường.</p>\n" * 800).encode()


class Upstream(ThreadingHTTPServer):
    """gunicorn's stand-in: one public, cacheable 70 KB story page; remembers each request's headers."""

    daemon_threads = True

    def __init__(self):
        self.seen = []
        super().__init__(("127.0.0.1", 0), StoryHandler)


class StoryHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(STORY)))
        self.send_header("Cache-Control", "public, max-age=10")
        self.end_headers()
        self.wfile.write(STORY)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=10):
    """Until something accepts connections on `port`: starting nginx is the one wait here, bounded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx stopped at start"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            continue
    pytest.fail(f"nginx did not listen on {port} within {seconds} s")


@pytest.fixture
def nginx_in_front(tmp_path):
    """nginx from deploy/nginx.conf on a free loopback port in front of Upstream; yields (port, upstream)."""
    upstream = Upstream()
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    port = free_port()
    conf = local_copy(tmp_path, port=port, upstream_port=upstream.server_address[1])
    process = subprocess.Popen(
        [nginx(), "-c", str(conf), "-p", str(tmp_path), "-e", str(tmp_path / "log" / "startup.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        yield port, upstream
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def fetch(port, path, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        # http.client sends "Accept-Encoding: identity" unless told otherwise: a client without gzip.
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


@pytest.mark.slow
def test_the_micro_cache_compresses_a_page_once_for_all_gzip_readers(nginx_in_front, tmp_path):
    port, upstream = nginx_in_front
    browsers = ("gzip, deflate, br", "gzip, deflate, br, zstd", "gzip")
    first, _ = fetch(port, "/tin/1/", **{"Accept-Encoding": browsers[0]})
    assert first.getheader("X-Micro-Cache") == "MISS"
    for accepted in browsers:
        browser, packed = fetch(port, "/tin/1/", **{"Accept-Encoding": accepted})
        assert browser.getheader("X-Micro-Cache") == "HIT"
        assert browser.getheader("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in browser.getheader("Vary")
        assert len(packed) < len(STORY) / 5
        assert gzip.decompress(packed) == STORY

    # One request reached the application for every browser, and the page on disk is the compressed one.
    assert [request.get("Accept-Encoding") for request in upstream.seen] == ["gzip"]
    [stored] = [path for path in (tmp_path / "cache").rglob("*") if path.is_file()]
    head, _, body = stored.read_bytes().partition(b"\r\n\r\n")
    assert b"Content-Encoding: gzip" in head
    assert gzip.decompress(body) == STORY


@pytest.mark.slow
def test_a_client_without_gzip_gets_the_plain_page_from_the_micro_cache(nginx_in_front):
    port, upstream = nginx_in_front
    fetch(port, "/tin/1/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert fetch(port, "/tin/1/")[0].getheader("X-Micro-Cache") == "MISS"

    plain_client, plain = fetch(port, "/tin/1/")
    assert plain_client.getheader("X-Micro-Cache") == "HIT"
    assert plain_client.getheader("Content-Encoding") is None
    assert "Accept-Encoding" in plain_client.getheader("Vary")
    assert plain == STORY
    # Its copy was never compressed: the application was asked for it without gzip.
    assert [request.get("Accept-Encoding") for request in upstream.seen] == ["gzip", None]


@pytest.mark.slow
def test_the_application_reads_the_readers_address_through_both_hops(nginx_in_front):
    port, upstream = nginx_in_front
    fetch(port, "/tin/2/", **{"X-Forwarded-For": "203.0.113.7"})
    [request] = upstream.seen
    # The internal compressing hop adds no address of its own: COMMENTS_TRUSTED_PROXIES=1 still finds the reader.
    assert request["X-Forwarded-For"] == "203.0.113.7, 127.0.0.1"
