"""Real moving parts for the fault tests: a fresh database, a gunicorn server, a cuttable TCP proxy, a reader.

The outage, flood and backup tests run the site the way production does (a separate process, DEBUG off,
collected static files) against a database of their own, created and migrated here and dropped afterwards,
on the engine the suite runs on (DATABASE_URL).
"""

import atexit
import functools
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_postgresql():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _pg_params():
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
    }


def _pg_admin(sql):
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", **_pg_params())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def base_env(**extra):
    """The environment of a production-like process, with nothing inherited that would change its settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "COMMENTS_", "PYTEST"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DEBUG="0",
        SECRET_KEY="ops-test-secret-key-not-for-production",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(collected_static()),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def run(args, env, timeout=120, **kwargs):
    """Run a command in the project folder; raise with its output if it fails."""
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def django_python(env, code):
    """Run Python code in a separate process with Django set up on `env`; returns what it prints."""
    prelude = "import django, json; django.setup()\n"
    return run([PYTHON, "-c", prelude + code], {**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}).stdout


def django_python_background(env, code):
    """django_python() started in the background: the Popen, to communicate() with."""
    prelude = "import django, json; django.setup()\n"
    env = {**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    return subprocess.Popen(
        [PYTHON, "-c", prelude + code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@functools.cache
def collected_static():
    """collectstatic once per test run: DEBUG=0 uses the manifest storage, which needs it."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-static-"))
    atexit.register(shutil.rmtree, folder, True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DEBUG="0", SECRET_KEY="x", STATIC_ROOT=str(folder))
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    return folder


@functools.cache
def _migrated_template():
    """A migrated database to copy from: migrating once per run keeps each fresh database at a file copy."""
    if on_postgresql():
        name = f"newsroom_ops_tpl_{os.getpid()}"
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(f'CREATE DATABASE "{name}"')
        atexit.register(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        url = _pg_url(name)
    else:
        folder = Path(tempfile.mkdtemp(prefix="newsroom-tpl-"))
        atexit.register(shutil.rmtree, folder, True)
        name = str(folder / "db.sqlite3")
        url = f"sqlite:///{name}"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], base_env(DATABASE_URL=url), timeout=300)
    return name


def _pg_url(name, port=None):
    params = _pg_params()
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    return f"postgres://{auth}@{params['host']}:{port or params['port']}/{name}"


class LiveDatabase:
    """A database of the suite's engine for one test: migrated (a copy of the template) or empty."""

    def __init__(self, tmp_path, migrated=True):
        self.postgresql = on_postgresql()
        if self.postgresql:
            self.name = f"newsroom_ops_{uuid.uuid4().hex[:10]}"
            template = f' TEMPLATE "{_migrated_template()}"' if migrated else ""
            _pg_admin(f'CREATE DATABASE "{self.name}"{template}')
        else:
            self.folder = tmp_path / f"db-{uuid.uuid4().hex[:6]}"
            self.folder.mkdir()
            self.name = str(self.folder / "db.sqlite3")
            if migrated:
                shutil.copyfile(_migrated_template(), self.name)

    def url(self, port=None):
        return _pg_url(self.name, port) if self.postgresql else f"sqlite:///{self.name}"

    def query(self, sql, params=()):
        """Rows from a direct connection (never through the app or a proxy)."""
        if self.postgresql:
            import psycopg2

            conn = psycopg2.connect(dbname=self.name, **_pg_params())
        else:
            import sqlite3

            conn = sqlite3.connect(self.name)
        try:
            cursor = conn.cursor()
            cursor.execute(sql.replace("%s", "?") if not self.postgresql else sql, params)
            return cursor.fetchall()
        finally:
            conn.close()

    def drop(self):
        if self.postgresql:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


SEED_ARTICLE = """
from django.utils import timezone
from articles.models import Article, Section
section, _ = Section.objects.get_or_create(slug="thoi-su", defaults={"name": "Thời sự"})
article = Article.objects.create(
    headline="Hà Tĩnh đón đợt mưa lớn", slug="ha-tinh-don-dot-mua-lon", sapo="Mưa lớn trên diện rộng.",
    body="<p>Nội dung.</p>", section=section, status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timezone.timedelta(hours=1), allow_comments=True,
)
print(json.dumps({"pk": article.pk, "url": article.get_absolute_url()}))
"""


def seed_article(env):
    return json.loads(django_python(env, SEED_ARTICLE).strip().splitlines()[-1])


class Gunicorn:
    """`gunicorn newsroom.wsgi` on a free port, stopped by stop(); its output goes to a log file for failures."""

    def __init__(self, env, tmp_path, workers=2, threads=1):
        self.port = free_port()
        self.log_path = tmp_path / f"gunicorn-{self.port}.log"
        self._log = open(self.log_path, "w")
        args = [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{self.port}"]
        if threads > 1:
            args += ["-k", "gthread", "--threads", str(threads)]
        args += ["--graceful-timeout", "5", "--timeout", "60"]
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Reader(self.port).get("/healthz/live").status == 200:
                    return
            except OSError:
                try:  # not listening yet: wait for it, or for it to stop
                    self.process.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.stop()
        raise AssertionError(f"gunicorn did not start:\n{self.log()}")

    def log(self):
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status = status
        self.headers = headers
        self.body = body
        self.seconds = seconds

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Reader:
    """A reader's browser reduced to what the tests need: cookies, the comment form, one connection per request."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(response.status, response.headers, data, time.perf_counter() - started)

    def get(self, path):
        return self.request("GET", path)

    def open_form(self, article_url):
        """GET the story; returns the CSRF token and signed timestamp its comment form carries."""
        page = self.get(article_url)
        assert page.status == 200, page.status
        # The form has no CSRF token since pages are shared through the page cache (comments.views.post_comment).
        csrf = (re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text) or [None, ""])[1]
        ts = re.search(r'name="ts" value="([^"]+)"', page.text)[1]
        return csrf, ts

    def post_comment(self, article_pk, csrf, ts, body, name="Nguyễn Văn An", email="an@example.vn"):
        fields = {"csrfmiddlewaretoken": csrf, "ts": ts, "name": name, "email": email, "body": body, "parent": ""}
        return self.request(
            "POST",
            f"/binh-luan/{article_pk}/gui/",
            body=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )


class TcpProxy:
    """A TCP forwarder on a free port; cut() drops every connection and refuses new ones, restore() reopens."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._sockets = set()
        self._lock = threading.Lock()
        self._listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self._lock:
            sockets, self._sockets = self._sockets, set()
            listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)
        for sock in sockets:
            _close(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    _close(client)
                    _close(upstream)
                    return
                self._sockets.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(target)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
