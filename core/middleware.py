"""Request ids for the logs, and a short Vietnamese 503 page instead of a 500 while the database is away."""

import logging
import re
import secrets

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseNotAllowed, QueryDict

from core.errors import bad_request, service_unavailable
from core.logging import request_id_var

logger = logging.getLogger("newsroom.outage")

# An id from the load balancer or proxy is kept only if it cannot smuggle anything into a log line or a header.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$")
DATABASE_ERRORS = (OperationalError, InterfaceError)


def request_id_from(request):
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if SAFE_REQUEST_ID.match(incoming) else secrets.token_hex(16)


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


# Methods some view of this site takes; PUT, DELETE, PATCH… are taken by none.
SITE_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class RequestShapeMiddleware:
    """Answer requests no view can take before other middleware looks at them.

    No Host header and no SERVER_NAME to fall back on (some servers leave it out): 400, where Django gave a 500.
    With SERVER_NAME, ALLOWED_HOSTS decides as for any host (the bound address is not in it in production: 400).
    A method no view takes: 405, rather than the CSRF check's 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME")):
            return bad_request(request)
        if request.method not in SITE_METHODS:
            return HttpResponseNotAllowed(SITE_METHODS)
        return self.get_response(request)


def _utf8(raw):
    """Whether `raw` (bytes of a query string or form body) is UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Utf8FormMiddleware:
    """Form data that is not UTF-8 is read as UTF-8 anyway, each unreadable byte becoming U+FFFD.

    Django reads such a body (or query string) as ISO-8859-1 as a whole, so a mistyped byte turned every
    Vietnamese letter of every field into garbage that looked like text. Read this way, what is UTF-8 is kept and
    the forms (core.text.reject_undecodable) can say where the text could not be read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.encoding in (None, "utf-8"):
            query = request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace")
            if not _utf8(query):
                request.GET = QueryDict(query.decode("utf-8", errors="replace"))
            if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
                if not _utf8(request.body):
                    request.POST = QueryDict(request.body.decode("utf-8", errors="replace"))
        return self.get_response(request)


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
