"""Spam defences for reader comments, without third-party services: each one a small function.

The form and the view call these; none of them touches the database except `banned_entries()`.
"""

import hashlib
import ipaddress
import re

from django.conf import settings
from django.core.cache import cache

from comments.models import BannedWord, SenderRule
from comments.wordfilter import find_banned
from core import formguard
from core.formguard import FormTimestampError, parse_rate  # noqa: F401  (the form and tests use them from here)
from core.text import fold

_FORM_SALT = "comments.form-timestamp"
_LINK = re.compile(r"https?://|\bwww\.", re.IGNORECASE)
BANNED_WORDS_CACHE_KEY = "comments:banned-words"


# Who is asking --------------------------------------------------------------------------------------------------------


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:500]


# Signed form timestamp and rate limit (core.formguard, shared with the readers' tips form) --------------------------


def form_timestamp(article_id):
    """A token for the form's hidden field: the article id, signed with the time the form was rendered."""
    return formguard.sign_form(article_id, _FORM_SALT)


def check_form_timestamp(token, article_id):
    """Raise FormTimestampError unless the form was rendered for this story between MIN_SECONDS and MAX_AGE ago."""
    formguard.check_signed_form(
        token,
        article_id,
        _FORM_SALT,
        min_seconds=settings.COMMENTS_MIN_SECONDS,
        max_age=settings.COMMENTS_MAX_FORM_AGE,
    )


def hit_rate_limit(ip, rate=None, now=None, scope="comments"):
    """Count one comment (or, with scope="comments:report", one report) from this address; True once it is over
    the limit (COMMENTS_RATE_LIMIT unless `rate` is given) for the current window."""
    return formguard.hit_rate_limit(scope, ip, rate or settings.COMMENTS_RATE_LIMIT, now)


# Duplicates -----------------------------------------------------------------------------------------------------------


def _duplicate_keys(article_id, ip, body):
    digest = hashlib.sha256(fold(body).encode()).hexdigest()[:32]
    keys = [f"comments:dup:article:{article_id}:{digest}"]
    if ip:
        keys.append(f"comments:dup:ip:{ip}:{digest}")
    return keys


def is_duplicate(article_id, ip, body):
    """The same text (ignoring case, accents and spacing) was accepted on this story or from this address lately."""
    return any(value is not None for value in cache.get_many(_duplicate_keys(article_id, ip, body)).values())


def remember_body(article_id, ip, body):
    """Note an accepted comment's text so a second copy within COMMENTS_DUPLICATE_WINDOW is refused."""
    cache.set_many(dict.fromkeys(_duplicate_keys(article_id, ip, body), 1), timeout=settings.COMMENTS_DUPLICATE_WINDOW)


# Links ----------------------------------------------------------------------------------------------------------------


def count_links(text):
    """How many http(s):// or www. links the text carries."""
    return len(_LINK.findall(text or ""))


def too_many_links(text):
    return count_links(text) > settings.COMMENTS_MAX_LINKS


# Banned senders -------------------------------------------------------------------------------------------------------

SENDER_RULES_CACHE_KEY = "comments:sender-rules"


def sender_rules():
    """The rules in force as plain data, cached for a minute: {"emails": {...}, "networks": [...], "trusted": {...}}."""

    def load():
        rules = {"emails": set(), "networks": [], "trusted": set()}
        for kind, value, action in SenderRule.objects.active().values_list("kind", "value", "action"):
            if action == SenderRule.Action.TRUST:
                rules["trusted"].add(value)
            elif kind == SenderRule.Kind.EMAIL:
                rules["emails"].add(value)
            else:
                rules["networks"].append(value)
        return rules

    return cache.get_or_set(SENDER_RULES_CACHE_KEY, load, timeout=60)


def forget_sender_rules():
    cache.delete(SENDER_RULES_CACHE_KEY)


def is_banned(email, ip, rules=None):
    """Whether a ban in force covers this e-mail address or this address."""
    rules = rules or sender_rules()
    if (email or "").strip().lower() in rules["emails"]:
        return True
    if ip and rules["networks"]:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(network) for network in rules["networks"])
    return False


# Banned words ---------------------------------------------------------------------------------------------------------


def banned_entries():
    """The moderators' banned-words list as {word: action}, cached for a minute so a post costs no query for it."""

    return cache.get_or_set(
        BANNED_WORDS_CACHE_KEY, lambda: dict(BannedWord.objects.values_list("word", "action")), timeout=60
    )


def banned_match(text):
    """(word, action) of the banned-words entry the text hits, or None."""
    entries = banned_entries()
    if not entries:
        return None

    word = find_banned(text, sorted(entries))
    return (word, entries[word]) if word is not None else None
