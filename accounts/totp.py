"""Time-based one-time passwords (RFC 6238 over RFC 4226): 30-second steps, 6 digits, HMAC-SHA1.

These are the defaults of Google Authenticator, Aegis, FreeOTP and 1Password, so any of them can scan the URI.
Written out here (a few lines with hmac) rather than pulled in as a dependency.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and the next code too: phone clocks drift


def new_secret():
    """160 random bits (the size RFC 4226 recommends), as unpadded base32."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret):
    secret = secret.replace(" ", "").upper()
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def step_at(when=None):
    return int((time.time() if when is None else when) // STEP_SECONDS)


def code_for_step(secret, step):
    """RFC 4226 HOTP value for counter `step`, zero-padded."""
    digest = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def code_at(secret, when=None):
    return code_for_step(secret, step_at(when))


def matching_step(secret, code, when=None):
    """The time step (within ±DRIFT_STEPS of now) whose code equals `code`, or None. Compared in constant time."""
    code = "".join((code or "").split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(when)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        # No early exit: every candidate is compared, so timing says nothing about which one matched.
        if hmac.compare_digest(code_for_step(secret, step), code) and found is None:
            found = step
    return found


def provisioning_uri(secret, account, issuer):
    """otpauth://totp/Issuer:account?secret=...: what authenticator apps read from the QR code."""
    label = quote(f"{issuer}:{account}", safe=":@")
    params = {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"
