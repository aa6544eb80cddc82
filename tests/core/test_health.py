"""Health endpoints for the load balancer: alive, and ready (database and cache), with nothing secret in them."""

import json

import pytest

from tests.site.test_outages import redis_cache


def test_live_answers_without_touching_the_database_or_the_cache(client, django_db_blocker, settings):
    settings.CACHES = redis_cache(1)  # a dead Redis must not matter either
    with django_db_blocker.block():
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_reports_database_and_cache(client):
    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_says_which_part_failed_and_stays_in_service_without_redis(client, settings):
    settings.CACHES = redis_cache(1)

    response = client.get("/healthz/ready")

    # The site serves without Redis (core/cache.py): the instance stays in service, monitoring reads the body.
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_ready_gives_away_no_host_version_or_secret(client, settings):
    settings.CACHES = redis_cache(1)
    body = client.get("/healthz/ready").content.decode()

    for secret in ("127.0.0.1", "redis", "postgres", "sqlite", settings.SECRET_KEY, "Django", "6.1"):
        assert secret not in body


@pytest.mark.django_db
def test_health_endpoints_are_reachable_over_plain_http_behind_the_ssl_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/").status_code == 301  # everything else still goes to HTTPS


def test_health_endpoints_refuse_post(client):
    assert client.post("/healthz/live").status_code == 405
