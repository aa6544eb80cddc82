"""Word-level difference between a reader's original comment and the text a moderator published."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Words and the whitespace after them stay together, so the rendered diff keeps the reader's spacing.
_TOKEN = re.compile(r"\S+\s*|\s+")


def tokens(text):
    return _TOKEN.findall(text or "")


def word_diff(original, published):
    """Return [(op, text)] with op in "equal", "delete", "insert", comparing word by word."""
    old, new = tokens(original), tokens(published)
    # Compare words without their trailing whitespace: a changed line break is not an edit.
    matcher = difflib.SequenceMatcher(None, [t.strip() for t in old], [t.strip() for t in new], autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(new[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(new[j1:j2])))
    return parts


def render_word_diff(original, published):
    """The difference as escaped HTML: removed words in <del>, added words in <ins>."""
    html = []
    for op, text in word_diff(original, published):
        if op == "equal":
            html.append(escape(text))
        else:
            tag = "del" if op == "delete" else "ins"
            # Keep trailing whitespace outside the tag so struck-through text stays readable.
            stripped = text.rstrip()
            html.append(f"<{tag}>{escape(stripped)}</{tag}>{escape(text[len(stripped) :])}")
    return mark_safe("".join(html))  # every piece of text above is escaped
