"""Banned words: whole-word matching that respects Vietnamese tone marks.

Tone marks change a word's meaning: "ngu" (stupid) is not "ngủ" (to sleep) nor "Ngư" (fish, as in "Ngư dân",
fishermen). So an entry matches the same words with the same marks; only case and Unicode form are ignored:

- "ngu" catches "ngu", "NGU", "ngu!" but not "ngủ ngon" or "Ngư dân";
- "đồ ngu" catches "Đồ  NGU", "đồ, ngu" (punctuation and spacing between words are ignored) but not "do ngu";
  a moderator who wants the unmarked spelling too adds "do ngu" as an entry of its own (text typed without marks
  is held for a moderator anyway by the diacritics rule);
- only whole words match: "ngu" does not catch "nguyên" or "ngũ".

Folding marks away is for finding (search), never for judging a word. Lookups are a set of word n-grams per entry
length, built once per tuple of entries (cached), so a list of a few hundred entries costs a handful of set lookups
per word of the comment.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters (with their combining marks) and digits; underscores and punctuation separate words.
_WORD = re.compile(r"[^\W_]+")


def _key(word):
    return word.casefold()


def _spans(text):
    """(start, end, key) of each word of ``text`` after NFC ("Đồ  NGU!" -> words "đồ", "ngu")."""
    text = unicodedata.normalize("NFC", text or "")
    return text, [(m.start(), m.end(), _key(m.group())) for m in _WORD.finditer(text)]


def words(text):
    """The words of ``text`` as compared: NFC, case-folded, marks kept ("Đồ  NGU!" -> ["đồ", "ngu"])."""
    return [key for _, _, key in _spans(text)[1]]


@lru_cache(maxsize=32)
def _compile(entries):
    """Map each entry length (in words) to {words: entry as the moderator wrote it}."""
    by_length = {}
    for entry in entries:
        key = tuple(words(entry))
        if key:
            by_length.setdefault(len(key), {}).setdefault(key, entry)
    # Longest phrases first, so "đồ ngu" is reported rather than "ngu" when both are listed.
    return tuple(sorted(by_length.items(), reverse=True))


@dataclass(frozen=True)
class Match:
    """A banned entry found in a text: the entry as written, and where it stands in the (NFC) text."""

    entry: str
    text: str
    start: int
    end: int

    def context(self, width=40):
        """(before, matched, after): the matched words with up to `width` characters either side."""
        before = self.text[max(0, self.start - width) : self.start]
        after = self.text[self.end : self.end + width]
        return (
            ("…" if self.start > width else "") + before,
            self.text[self.start : self.end],
            after + ("…" if self.end + width < len(self.text) else ""),
        )


def search(text, entries):
    """The first banned entry in ``text``, in reading order, as a Match; else None."""
    phrases = _compile(tuple(entries))
    if not phrases:
        return None
    normal, spans = _spans(text)
    keys = [key for _, _, key in spans]
    for start in range(len(keys)):
        for length, lookup in phrases:
            entry = lookup.get(tuple(keys[start : start + length]))
            if entry is not None:
                return Match(entry, normal, spans[start][0], spans[start + length - 1][1])
    return None


def find_banned(text, entries):
    """The first banned entry found in ``text``, in reading order, as written in ``entries``; else None."""
    match = search(text, entries)
    return match.entry if match else None
