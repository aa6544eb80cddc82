"""Reader search: diacritic- and case-insensitive, identical on SQLite and PostgreSQL.

Matching runs on `Article.search_text` (kicker, headline, sapo and body folded by `articles.text.fold`: NFC,
no diacritics, đ -> d, lower case), so "ha tinh", "Hà Tĩnh", "HÀ TĨNH" and decomposed input are the same query,
and "hoà"/"hòa" (old and new tone placement) fold alike.

What a query means:
- It is split into words (runs of letters and digits); punctuation separates words and is otherwise ignored,
  so `%`, `_`, quotes or SQL-looking text never reach the database as anything but plain letters.
- Every word must match (AND), as the *start of a word*: "dang" finds "Đảng" and "đang", "ha" finds "Hà" and
  "hành" but not "thanh". Words in double quotes form a phrase: consecutive words, the last one a prefix.
- Each word is one regular expression on the folded column, `(^|[^a-z0-9])word`: Python's `re` on SQLite and
  PostgreSQL's `~` give the same answers for it, and PostgreSQL serves it from a trigram index
  (migration 0005_search_index).

Ranking happens in Python over the newest MAX_CANDIDATES matches (one narrow query): headlines spelled exactly as
typed (when the query has diacritics) first, then the query as a phrase in the headline, then every word in the
headline, then the exact spelling in the sapo, newest first within each group. Ranking in SQL would need a folded
headline column; capping the candidates keeps a query for a word found in every story as fast as a rare one.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.text import fold, normalize, strip_marks

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_CANDIDATES = 1000
SNIPPET_LENGTH = 280

# Word characters of the folded column. The same bracket expressions mean the same in Python and PostgreSQL regexes.
_WORD = "a-z0-9"
_QUOTED = re.compile(r'["“”„]([^"“”„]*)(?:["“”„]|$)')
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One word, or a quoted phrase: its folded words and the words as typed (lower case, with diacritics)."""

    folded: tuple
    exact: tuple

    @property
    def has_marks(self):
        return self.folded != self.exact

    def sql_pattern(self):
        """`(^|[^a-z0-9])ha[^a-z0-9]+tinh`: the words in order, the first at the start of a word."""
        return f"(^|[^{_WORD}])" + f"[^{_WORD}]+".join(self.folded)

    def folded_regex(self):
        """The same match in Python, widened to the end of the last word (for highlighting)."""
        return re.compile(f"(?<![{_WORD}])" + f"[^{_WORD}]+".join(map(re.escape, self.folded)) + f"[{_WORD}]*")

    def exact_regex(self):
        """The words as typed, diacritics included, on lower-cased text."""
        return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, self.exact)))


@dataclass
class Query:
    """A reader's query, cleaned: the text to show back and the terms to match."""

    text: str = ""
    terms: list = field(default_factory=list)
    truncated: bool = False
    dropped_words: bool = False

    def __bool__(self):
        return bool(self.terms)

    @property
    def has_marks(self):
        return any(term.has_marks for term in self.terms)


def _words(text):
    """[(lower-cased word as typed, folded word)] for each run of letters or digits."""
    pairs = []
    for token in _TOKEN.findall(text):
        folded = fold(token)
        if folded:
            pairs.append((unicodedata.normalize("NFC", token.lower()), folded))
    return pairs


def parse(raw):
    """The Query for what a reader typed: normalised, at most MAX_QUERY_LENGTH characters and MAX_WORDS words."""
    text = " ".join((normalize(raw or "")).split())
    query = Query(text=text[:MAX_QUERY_LENGTH].strip(), truncated=len(text) > MAX_QUERY_LENGTH)
    text = query.text
    pieces, start = [], 0
    for match in _QUOTED.finditer(text):
        pieces.extend((False, pair) for pair in _words(text[start : match.start()]))
        phrase = _words(match.group(1))
        if phrase:
            pieces.append((True, phrase))
        start = match.end()
    pieces.extend((False, pair) for pair in _words(text[start:]))

    budget, seen = MAX_WORDS, set()
    for is_phrase, value in pieces:
        words = value if is_phrase else [value]
        if len(words) > budget:
            query.dropped_words = True
            words = words[:budget]
        if not words:
            break
        budget -= len(words)
        term = Term(folded=tuple(f for _, f in words), exact=tuple(e for e, _ in words))
        if term.folded not in seen:
            seen.add(term.folded)
            query.terms.append(term)
    return query


def matching(query, queryset=None):
    """Published stories whose folded text matches every term of the query."""
    queryset = Article.objects.published() if queryset is None else queryset
    for term in query.terms:
        queryset = queryset.filter(search_text__regex=term.sql_pattern())
    return queryset


# Ranking ----------------------------------------------------------------------------------------------------------


def _all(regexes, text):
    return all(regex.search(text) for regex in regexes)


def rank(query, rows):
    """Candidate rows (pk, headline, sapo, published_at), best first; see the module docstring for the order."""
    folded = [term.folded_regex() for term in query.terms]
    phrase = Term(folded=tuple(w for t in query.terms for w in t.folded), exact=()).folded_regex()
    exact = [term.exact_regex() for term in query.terms if term.has_marks]

    def key(row):
        _, headline, sapo, published_at = row
        headline_folded = fold(headline)
        return (
            bool(exact) and _all(exact, headline.lower()),
            bool(phrase.search(headline_folded)),
            _all(folded, headline_folded),
            bool(exact) and _all(exact, (sapo or "").lower()),
            published_at,
            row[0],
        )

    return [row[0] for row in sorted(rows, key=key, reverse=True)]


def ranked_ids(query, queryset=None):
    """([story ids, best first], capped): at most MAX_CANDIDATES of the newest matches; capped if there were more."""
    rows = list(
        matching(query, queryset)
        .order_by("-published_at", "-id")
        .values_list("pk", "headline", "sapo", "published_at")[: MAX_CANDIDATES + 1]
    )
    capped = len(rows) > MAX_CANDIDATES
    return rank(query, rows[:MAX_CANDIDATES]), capped


def stories(ids):
    """The listed stories for these ids, in this order, in one query."""
    found = Article.objects.published().for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


# Highlighting -----------------------------------------------------------------------------------------------------


def _folded_map(text):
    """The text folded character by character, and for each folded character the index of its original."""
    chars, origin = [], []
    for index, char in enumerate(text):
        for folded in strip_marks(char).lower():
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def _spans(query, text):
    """Merged (start, end) spans of the original text that match a term, whole words."""
    folded, origin = _folded_map(text)
    spans = []
    for term in query.terms:
        for match in term.folded_regex().finditer(folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            # Combining marks left in the original fold to nothing: keep them with their letter.
            while end < len(text) and not strip_marks(text[end]):
                end += 1
            spans.append((start, end))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(query, text):
    """The text, HTML-escaped, with each matching word wrapped in <mark>."""
    text = normalize(text or "")
    out, position = [], 0
    for start, end in _spans(query, text):
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text went through escape()


def snippet(query, text, length=SNIPPET_LENGTH):
    """A highlighted excerpt of about `length` characters around the first match (the start when none)."""
    text = " ".join(normalize(text or "").split())
    if len(text) <= length:
        return highlight(query, text)
    spans = _spans(query, text)
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = highlight(query, text[start:end])
    return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))  # noqa: S308


# The form ---------------------------------------------------------------------------------------------------------

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class SearchForm(forms.Form):
    """?q=…&section=…&since=…&until=…: what the results page reads, with Vietnamese errors for bad filters."""

    q = forms.CharField(label=_("Search words"), required=False, strip=True)
    section = forms.ChoiceField(label=_("In section"), required=False)
    since = forms.DateField(label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, tree):
        super().__init__(data)
        self.tree = tree
        choices = [("", _("All sections"))]

        def add(sections, depth):
            for section in sections:
                choices.append((section.slug, "— " * depth + section.name))
                add(section.child_list, depth + 1)

        add(tree.top_level, 0)
        self.fields["section"].choices = choices
        self.query = parse(self.data.get("q", ""))

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Choose a date between 1900 and 2999."), code="out_of_range")
        return day

    def clean_since(self):
        return self._clean_day("since")

    def clean_until(self):
        return self._clean_day("until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
        return data

    def filtered(self):
        """Published stories narrowed by the valid filters (call after is_valid())."""
        stories = Article.objects.published()
        section = self.tree.by_slug.get(self.cleaned_data.get("section") or "")
        if section is not None:
            stories = stories.filter(section__in=[s.pk for s in self.tree.descendants(section)])
        zone = timezone.get_current_timezone()
        if since := self.cleaned_data.get("since"):
            stories = stories.filter(published_at__gte=datetime.combine(since, time.min, tzinfo=zone))
        if until := self.cleaned_data.get("until"):
            stories = stories.filter(
                published_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
            )
        return stories

    def link_query(self):
        """The cleaned query string for pagination links (no page number)."""
        from django.http import QueryDict

        params = QueryDict(mutable=True)
        params["q"] = self.query.text
        for name in ("section", "since", "until"):
            value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            if value:
                params[name] = value.isoformat() if isinstance(value, date) else value
        return params.urlencode()


# The page ---------------------------------------------------------------------------------------------------------


def results(request, form):
    """The results page's context: the form, and when it holds a valid query, one page of highlighted stories.

    Three queries whatever the number of results: the section list, the ranked candidates, the page's stories.
    """
    context = {"form": form, "query": form.query}
    if form.is_valid() and form.query:
        from articles.selectors import paginate

        ids, capped = ranked_ids(form.query, form.filtered())
        page = paginate(request, ids)
        page.object_list = stories(page.object_list)
        for story in page.object_list:
            story.headline_html = highlight(form.query, story.headline)
            story.snippet_html = snippet(form.query, story.sapo)
        context.update(searched=True, page=page, capped=capped, link_query=form.link_query())
    return context
