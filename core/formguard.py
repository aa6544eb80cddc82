"""Defences every public form shares (comments, readers' tips): a signed, timed form token and a per-address rate
limit, plus text fields cleaned the way readers' text is stored. No app is imported here; each form names its own
salt, limits and cache scope."""

import re
import time

from django import forms
from django.core import signing
from django.core.cache import caches
from django.forms.renderers import Jinja2

from core import cache as counters
from core.text import normalize, reject_undecodable

# Public forms render their widgets with Django's own Jinja2 widget templates (the same markup as its Django ones),
# as the pages around them are: several times faster on the story page. One instance: its engine is built once.
JINJA2_RENDERER = Jinja2()

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


# Signed form timestamp ------------------------------------------------------------------------------------------------


class FormTimestampError(Exception):
    """The form was sent too fast, too late, or with a forged timestamp; `reason` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def sign_form(value, salt):
    """A token for a form's hidden field: `value`, signed with the time the form was rendered."""
    return signing.TimestampSigner(salt=salt).sign(str(value))


def check_signed_form(token, value, salt, *, min_seconds, max_age):
    """Raise FormTimestampError unless the token names `value` and was signed between min_seconds and max_age ago."""
    signer = signing.TimestampSigner(salt=salt)
    try:
        signed = signer.unsign(token or "", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise FormTimestampError("expired") from exc
    except signing.BadSignature as exc:
        raise FormTimestampError("invalid") from exc
    if signed != str(value):
        raise FormTimestampError("invalid")
    if min_seconds > 0:
        # Still valid with a max_age of min_seconds means the form came back sooner than a person can type.
        try:
            signer.unsign(token, max_age=min_seconds)
        except signing.SignatureExpired:
            return
        raise FormTimestampError("too_fast")


# Rate limit -----------------------------------------------------------------------------------------------------------


def parse_rate(rate):
    """ "5/10m" -> (5, 600); "20/h" -> (20, 3600)."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"Bad rate {rate!r}: use count/window such as 5/10m")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNIT_SECONDS[unit.lower()]


def hit_rate_limit(scope, ip, rate, now=None):
    """Count one post from this address under `scope`; True once it is over `rate` for the current window.

    A fixed window counter, counted atomically (core.cache: one round trip on Redis), so parallel posts from
    one address cannot slip through together.
    """
    if not ip:
        return False
    limit, window = parse_rate(rate)
    now = time.time() if now is None else now
    key = f"{scope}:rate:{ip}:{int(now // window)}"
    return counters.count(caches["default"], key, window + 5) > limit


# Readers' text --------------------------------------------------------------------------------------------------------


class TypedTextField(forms.CharField):
    """A CharField whose text is NFC-normalised and stripped of control, zero-width and bidi characters first.

    Bytes that were not UTF-8 are refused before any other check: the form shows the text again, marked where
    it could not be read.
    """

    def to_python(self, value):
        if isinstance(value, str):
            reject_undecodable(value)
            value = normalize(value)
        return super().to_python(value)


class TypedEmailField(forms.EmailField):
    """An EmailField cleaned the same way (a zero-width space pasted from a chat app is not an error)."""

    def to_python(self, value):
        if isinstance(value, str):
            reject_undecodable(value)
            value = normalize(value)
        return super().to_python(value)
