"""Read typed settings from the environment (one place, no extra dependency).

A value that cannot be read raises ImproperlyConfigured naming the variable: a typo such as
SECURE_SSL_REDIRECT=flase must stop the deploy, not quietly switch a protection off.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {value!r}).")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r}).") from None


def env_list(name, default=""):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url, conn_max_age=0):
    """Turn sqlite:///path or postgres://user:pass@host:port/name?option=value into a DATABASES entry.

    Characters with a meaning in URLs (@ : / ? # % and spaces) must be percent-encoded in the user
    name and password, as in libpq and dj-database-url: p@ss#1 is written p%40ss%231.
    """
    parts = urlsplit(url.strip())
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as in dj-database-url;
        # sqlite:// and sqlite:///:memory: give an in-memory database.
        name = unquote(parts.path[1:]) if parts.path.startswith("/") else ""
        if options:
            raise ImproperlyConfigured("DATABASE_URL: sqlite:// takes no ?options; the SQLite settings are fixed.")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or ":memory:",
            "OPTIONS": {
                # WAL + IMMEDIATE: concurrent comment posts from several workers
                # wait for the write lock instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        # Split the authority ourselves: urlsplit lowercases the host and leaves it encoded,
        # which breaks a socket directory such as %2Fvar%2Frun%2Fpostgresql.
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user, _, password = userinfo.partition(":")
        if hostport.startswith("["):  # [IPv6]:port
            host, _, port = hostport[1:].partition("]")
            port = port.removeprefix(":")
        else:
            host, _, port = hostport.partition(":")
        if port and not port.isdigit():
            raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {port!r}.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(user),
            "PASSWORD": unquote(password),
            "HOST": unquote(host),
            "PORT": port,
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme: {parts.scheme!r} (use sqlite:// or postgres://).")
