"""Settings read from the environment: typed values, DATABASE_URL, REDIS_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import database_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_true(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "off"])
def test_env_bool_false(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert env_bool("FLAG", default=True) is False


def test_env_bool_unset_or_empty_uses_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", default=True) is True
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", default=True) is True


def test_env_bool_typo_is_refused_not_read_as_false(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "flase")
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        env_bool("SECURE_SSL_REDIRECT", default=True)


def test_env_int(monkeypatch):
    monkeypatch.setenv("PORT_NUMBER", " 587 ")
    assert env_int("PORT_NUMBER", 25) == 587
    monkeypatch.setenv("PORT_NUMBER", "")
    assert env_int("PORT_NUMBER", 25) == 25
    monkeypatch.setenv("PORT_NUMBER", "10MB")
    with pytest.raises(ImproperlyConfigured, match="PORT_NUMBER"):
        env_int("PORT_NUMBER", 25)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", " example.org, .example.org ,,www.example.org ")
    assert env_list("HOSTS") == ["example.org", ".example.org", "www.example.org"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", default="localhost,127.0.0.1") == ["localhost", "127.0.0.1"]
    monkeypatch.setenv("HOSTS", "")
    assert env_list("HOSTS", default="localhost") == []


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///var/db.sqlite3", "var/db.sqlite3"),
        ("sqlite:////srv/toa soan/db.sqlite3", "/srv/toa soan/db.sqlite3"),
        ("sqlite:////srv/toa%20soan/db.sqlite3", "/srv/toa soan/db.sqlite3"),
        ("sqlite://", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_url(url, name):
    config = database_from_url(url)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == name
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_url_with_options_is_refused():
    with pytest.raises(ImproperlyConfigured):
        database_from_url("sqlite:///db.sqlite3?timeout=5")


def test_postgres_url():
    config = database_from_url("postgres://toasoan:secret@db.example.org:6432/newsroom", conn_max_age=60)
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "newsroom",
        "USER": "toasoan",
        "PASSWORD": "secret",
        "HOST": "db.example.org",
        "PORT": "6432",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {},
    }


def test_postgres_password_with_special_characters():
    password = "p@ss:w/rd#?%+ &Đ"
    config = database_from_url(f"postgresql://editor:{quote(password, safe='')}@localhost/newsroom")
    assert config["PASSWORD"] == password
    assert config["USER"] == "editor"
    assert config["HOST"] == "localhost"
    assert config["PORT"] == ""
    assert config["NAME"] == "newsroom"


def test_postgres_password_with_unencoded_at_sign():
    config = database_from_url("postgres://editor:p@ss@db:5432/newsroom")
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == ("editor", "p@ss", "db", "5432")


def test_postgres_options_from_query():
    config = database_from_url("postgres://u:p@db.example.org/newsroom?sslmode=require&connect_timeout=10")
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": "10"}
    assert config["NAME"] == "newsroom"


def test_postgres_socket_directory_and_ipv6_hosts():
    socket = database_from_url("postgres://postgres@%2Fvar%2Frun%2FPostgreSQL/newsroom")
    assert socket["HOST"] == "/var/run/PostgreSQL"
    assert socket["USER"] == "postgres"
    assert socket["PASSWORD"] == ""
    ipv6 = database_from_url("postgres://u:p@[::1]:5433/newsroom")
    assert (ipv6["HOST"], ipv6["PORT"]) == ("::1", "5433")


def test_bad_database_urls_are_refused():
    with pytest.raises(ImproperlyConfigured, match="port"):
        database_from_url("postgres://u:p@db:fivefourthreetwo/newsroom")
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://u:p@db/newsroom")


def load_settings(**env):
    """Import newsroom.settings in a fresh interpreter with exactly this environment; return a few values."""
    code = (
        "import json, newsroom.settings as s; "
        "print(json.dumps({'cache': s.CACHES['default'], 'session': getattr(s, 'SESSION_ENGINE', None), "
        "'db': s.DATABASES['default'], 'mail': s.MAILERS['default']}))"
    )
    base = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x" * 50, "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env={**base, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow  # a fresh interpreter
def test_redis_url_selects_redis_cache_and_db_backed_sessions():
    loaded = load_settings(REDIS_URL="redis://127.0.0.1:6379/1")
    assert loaded["cache"]["BACKEND"] == "core.cache.ResilientRedisCache"  # Django's RedisCache, failing soft
    assert loaded["cache"]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert loaded["session"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.slow  # a fresh interpreter
def test_without_redis_url_every_process_shares_the_database_cache():
    loaded = load_settings()
    assert loaded["cache"]["BACKEND"] == "core.cache.SharedDatabaseCache"


@pytest.mark.slow  # a fresh interpreter
def test_settings_read_database_url_and_smtp():
    loaded = load_settings(
        DATABASE_URL="postgres://newsroom:s%40cret@db.internal:5432/newsroom?sslmode=require",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
    )
    assert loaded["db"]["PASSWORD"] == "s@cret"
    assert loaded["db"]["OPTIONS"] == {"sslmode": "require"}
    assert loaded["mail"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["mail"]["OPTIONS"]["host"] == "smtp.example.org"
    assert loaded["mail"]["OPTIONS"]["port"] == 587
    assert loaded["mail"]["OPTIONS"]["use_tls"] is True


@pytest.mark.slow  # a fresh interpreter
def test_development_mail_goes_to_the_console():
    loaded = load_settings(DEBUG="1", SECRET_KEY="")
    assert loaded["mail"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
