"""Production settings: `check --deploy` is clean and a missing SECRET_KEY stops the start."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # manage.py in a fresh interpreter

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args, env, tmp_path):
    """Run manage.py in a fresh interpreter with only PATH, VAR_DIR and `env` in its environment."""
    clean = {"PATH": os.environ.get("PATH", ""), "VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def production_key():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def test_check_deploy_reports_nothing(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": production_key(), "ALLOWED_HOSTS": "example.org"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified some issues" not in output
    assert "System check identified no issues (0 silenced)." in output


def test_production_settings_turn_https_protections_on(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": production_key(), "ALLOWED_HOSTS": "example.org"}
    names = "DEBUG SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS ALLOWED_HOSTS"
    result = manage("diffsettings", "--all", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    # diffsettings prefixes values equal to Django's defaults with "###".
    pairs = (line.removeprefix("### ").split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    lines = dict(pairs)
    shown = {name: lines[name] for name in names.split()}
    assert shown == {
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "ALLOWED_HOSTS": "['example.org']",
    }


def test_without_secret_key_production_settings_refuse_to_load(tmp_path):
    for env in ({"DEBUG": "0"}, {}, {"DEBUG": "0", "SECRET_KEY": ""}):
        result = manage("check", env=env, tmp_path=tmp_path)
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_development_settings_start_without_secret_key(tmp_path):
    result = manage("check", env={"DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
