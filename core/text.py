"""Vietnamese text helpers: NFC normalisation, ASCII slugs, folding for search."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# What Django puts for each byte of a request body or query string that is not UTF-8.
UNDECODABLE = "\ufffd"

# Control characters except tab/newline, zero-width and bidi formatting characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def normalize(text):
    """NFC-normalise typed text and drop control, zero-width and bidi characters."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def strip_marks(text):
    """Remove every diacritic; đ/Đ become d/D (Unicode does not decompose them)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(text):
    """Search key: no diacritics, lower case, single spaces ("Hà Tĩnh" -> "ha tinh")."""
    return " ".join(strip_marks(normalize(text or "")).lower().split())


def vn_slugify(text, max_length=200):
    """ASCII slug that keeps Vietnamese letters readable ("Đòn bẩy" -> "don-bay")."""
    slug = slugify(strip_marks(normalize(text or "")))
    return slug[:max_length].strip("-")


def reject_undecodable(text):
    """Refuse text sent in another encoding than UTF-8 (stored, it would be garbled for good)."""
    if text and UNDECODABLE in text:
        raise ValidationError(
            _(
                "Part of this text could not be read (it was not sent as UTF-8); the unreadable characters are "
                "shown as �. Please type them again and send it again."
            ),
            code="encoding",
        )
