"""Health endpoints for load balancers and monitoring.

/healthz/live  - the process answers; touches neither the database nor the cache (restart me if this fails).
/healthz/ready - the database answers SELECT 1 and the cache a set/get round trip. 503 only when the database
                 fails: without the cache the site still serves (see core/cache.py), so the answer stays 200
                 with "cache": "error" and monitoring can alert on the body, while the load balancer keeps sending
                 readers. Neither says anything about hosts, versions or settings.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

logger = logging.getLogger("core.health")

OK = "ok"
ERROR = "error"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Readiness: database check failed (%s).", type(exc).__name__)
        return ERROR
    return OK


def check_cache():
    """A set/get round trip; through the resilient Redis backend its `ping()` asks Redis itself, not the fallback."""
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return OK if ping() else ERROR
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # any backend, any failure: the answer is "error", never a 500
        logger.warning("Readiness: cache check failed (%s).", type(exc).__name__)
        return ERROR
    return OK if ok else ERROR


# Load balancers probe with HEAD or OPTIONS as often as with GET.
METHODS = ["GET", "HEAD", "OPTIONS"]


def _options():
    response = HttpResponse(status=204)
    response["Allow"] = ", ".join(METHODS)
    return response


@never_cache
@require_http_methods(METHODS)
def live(request):
    if request.method == "OPTIONS":
        return _options()
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_http_methods(METHODS)
def ready(request):
    """HEAD runs the checks like GET (the status is the answer); OPTIONS only says the process is up."""
    if request.method == "OPTIONS":
        return _options()
    checks = {"database": check_database(), "cache": check_cache()}
    return JsonResponse(checks, status=200 if checks["database"] == OK else 503)
