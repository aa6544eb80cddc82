"""Security headers on real responses: the public site's strict CSP, the admin's, HSTS, cookies, framing."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-src https://www.youtube-nocookie.com https://www.facebook.com; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("path", ["/", "story", "/tim-kiem/?q=ha+tinh", "/rss/", "/khong-co-trang-nay/"])
def test_public_responses_carry_the_strict_policy_and_the_usual_headers(client, path):
    if path == "story":
        path = ArticleFactory().get_absolute_url()
    response = client.get(path)
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_login_keeps_scripts_to_our_own_files(client):
    response = client.get("/quan-tri/login/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # the moderation pages' small <style> blocks
    assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_have_no_inline_script_to_be_blocked(admin_client):
    ArticleFactory()
    for path in ["/quan-tri/", "/quan-tri/articles/article/", "/quan-tri/articles/article/add/"]:
        html = admin_client.get(path).content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or 'type="application/json"' in attrs or not body.strip(), (path, attrs, body)
        assert not re.search(r"\son[a-z]+=", html), path


def test_https_responses_carry_hsts(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_https_only_and_hidden_from_scripts(client):
    User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    client.get("/quan-tri/login/", secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"]
    response = client.post(
        "/quan-tri/login/",
        {"username": "quantri", "password": "mat-khau-quan-tri", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def public_templates():
    return [path for path in TEMPLATES.rglob("*.html") if "admin" not in path.relative_to(TEMPLATES).parts]


@pytest.mark.parametrize("template", public_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_public_templates_have_no_inline_script_style_or_handler(template):
    """The strict policy would block them: scripts go in static/js, styles in static/css."""
    source = template.read_text()
    for attrs in re.findall(r"<script([^>]*)>", source):
        assert "src=" in attrs or "application/ld+json" in attrs, attrs
    assert "<style" not in source
    assert not re.search(r"\sstyle=", source)
    assert not re.search(r"\son[a-z]+=", source)
    assert "javascript:" not in source
