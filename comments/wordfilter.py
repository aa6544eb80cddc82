"""Banned words: whole-word matching after NFC, case and diacritic folding.

Moderators write entries the way they think of them ("dit", "đồ ngu", "Đồ  NGU"); an entry and a
comment are both folded with ``core.text.fold`` and split into words, and an entry matches when
its words appear as consecutive whole words of the comment:

- "dit" catches "địt", "Đít", "DIT", "dit!" but not "dịch", "editor" or "đitmẹ": only whole words
  match, so a word glued to another one is not caught (catching substrings would refuse innocent
  words such as "editor" or "Đitô"; moderators add the glued form as an entry of its own if needed);
- "đồ ngu" catches "Đồ  NGU", "do ngu", "đồ, ngu" (punctuation and spacing between words are ignored).

Lookups are a set of word n-grams per entry length, built once per tuple of entries (cached), so a
list of a few hundred entries costs a handful of set lookups per word of the comment.
"""

import re
from functools import lru_cache

from core.text import fold

# Letters and digits; underscores and punctuation separate words ("dit_me" is two words).
_WORD = re.compile(r"[^\W_]+")


def fold_words(text):
    """Words of ``text`` after NFC, case and diacritic folding ("Đồ  NGU!" -> ["do", "ngu"])."""
    return _WORD.findall(fold(text or ""))


@lru_cache(maxsize=32)
def _compile(entries):
    """Map each entry length (in words) to {folded words: entry as the moderator wrote it}."""
    by_length = {}
    for entry in entries:
        words = tuple(fold_words(entry))
        if words:
            by_length.setdefault(len(words), {}).setdefault(words, entry)
    # Longest phrases first, so "đồ ngu" is reported rather than "ngu" when both are listed.
    return tuple(sorted(by_length.items(), reverse=True))


def find_banned(text, entries):
    """The first banned entry found in ``text``, in reading order, as written in ``entries``; else None."""
    phrases = _compile(tuple(entries))
    if not phrases:
        return None
    words = fold_words(text)
    for start in range(len(words)):
        for length, lookup in phrases:
            entry = lookup.get(tuple(words[start : start + length]))
            if entry is not None:
                return entry
    return None
