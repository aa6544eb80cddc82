"""Request ids for the logs, and a short Vietnamese 503 page instead of a 500 while the database is away."""

import logging
import re
import uuid

from django.db import InterfaceError, OperationalError

from core.errors import service_unavailable
from core.logging import request_id_var

logger = logging.getLogger("newsroom.outage")

# An id from the load balancer or proxy is kept only if it cannot smuggle anything into a log line or a header.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$")
DATABASE_ERRORS = (OperationalError, InterfaceError)


def request_id_from(request):
    incoming = request.headers.get("x-request-id", "")
    return incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, put it on every log line written meanwhile and send it back as X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class DatabaseOutageMiddleware:
    """A view that cannot reach the database answers 503 "try again in a few minutes", not a stack trace.

    Errors raised in other middleware (a session saved to a vanished database) reach core.errors.server_error,
    which gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        detail = (str(exception).strip().splitlines() or [""])[0]
        logger.error(
            "Database unavailable for %s %s: %s %s", request.method, request.path, type(exception).__name__, detail
        )
        return service_unavailable(request)
