"""Error views: Vietnamese pages that still render when the database or the cache is gone.

400, 500, 503 and the CSRF failure (a 403) are rendered without the request, so no context processor runs and
nothing touches the database; other 403s and 404 use the full site layout (Django's default handlers) since the
database is up when they happen.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds a browser or crawler is told to wait before trying again after a 503.
RETRY_AFTER = 30


def _static_page(template_name, status, request=None):
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "request_id": getattr(request, "request_id", ""),
        "STATIC_URL": settings.STATIC_URL,
    }
    response = HttpResponse(loader.get_template(template_name).render(context), status=status)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request=None):
    """503 "the system is busy": the database (or another service the page needs) cannot be reached."""
    response = _static_page("503.html", 503, request)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return _static_page("400.html", 400, request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a POST the page does not take, or a form whose token failed, in Vietnamese."""
    return _static_page("403_csrf.html", 403, request)


@requires_csrf_token
def server_error(request):
    """The 500 handler; an error that is the database going away gets the 503 page instead."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return service_unavailable(request)
    return _static_page("500.html", 500, request)
