"""Logging filters: every line carries the request id, and no line carries a password, an e-mail or a cookie.

Both are attached to the handlers in settings.LOGGING, so they apply to every logger that reaches them
(Django's own `django.request` included), to the message, its arguments and the formatted traceback.
"""

import contextvars
import logging
import re
import traceback

# Set by core.middleware.RequestIdMiddleware for the duration of a request.
request_id_var = contextvars.ContextVar("request_id", default="-")

SCRUBBED = "[scrubbed]"

_SECRET_KEYS = (
    r"password\d?|passwd|pwd|secret|secret_key|api[_-]?key|access[_-]?token|auth[_-]?token|token"
    r"|sessionid|csrftoken|csrfmiddlewaretoken|otp|totp"
)
# key=value, key: value, "key": "value", 'key': 'value' (query strings, form dumps, JSON, dict reprs, cookies).
_KEY_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>["']?\b(?:{_SECRET_KEYS})\b["']?)
    (?P<sep>\s*[:=]\s*)
    (?P<value>"[^"]*"|'[^']*'|\[[^\]]*\]|[^\s&;,'"\])}}]+)
    """
)
# user:password@ in URLs such as postgres://newsroom:hunter2@db/newsroom or redis://:pass@cache:6379.
_URL_CREDENTIALS = re.compile(r"(?i)(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@/\s]+)@")
_EMAIL = re.compile(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b")
_AUTH_HEADER = re.compile(r"(?i)\b(authorization|cookie|x-csrftoken)(\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\n]+)")


def scrub(text):
    """The text with secrets, e-mail addresses and cookie values replaced by [scrubbed]."""
    if not text:
        return text
    text = _URL_CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:{SCRUBBED}@", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m[1]}{m[2]}{SCRUBBED}", text)
    text = _KEY_VALUE.sub(lambda m: f"{m['key']}{m['sep']}{SCRUBBED}", text)
    return _EMAIL.sub(SCRUBBED, text)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request) for the formatter's %(request_id)s."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class ScrubFilter(logging.Filter):
    """Rewrites the record's message and traceback with `scrub()` before any handler formats it."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
