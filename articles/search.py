"""Reader search: diacritic- and case-insensitive, with the same answers on SQLite and PostgreSQL.

Matching runs on `Article.search_text` (kicker, headline, sapo and body folded by `core.text.fold`: NFC,
no diacritics, đ -> d, lower case), so "ha tinh", "Hà Tĩnh", "HÀ TĨNH" and decomposed input are the same query,
and "hoà"/"hòa" (old and new tone placement) fold alike.

What a query means:
- Words are the runs of `a-z0-9` in the folded text; everything else (punctuation, `%`, `_`, quotes, SQL-looking
  text, emoji, scripts that do not fold to Latin letters) only separates words and never reaches the database.
- Every word must match a whole word (AND): "dang" finds "Đảng" and "đang", "ha" finds "Hà" and "hạ" but not
  "hành" or "thanh" (Vietnamese words are syllables: matching inside them would mostly find noise).
- Quotes change nothing in what matches: a phrase filter on two common words ("xây dựng") cost PostgreSQL seconds
  at 100,000 stories, since its index knows which stories hold each word but not where. Stories with the words
  side by side in the headline rank first instead.

The same definition, two engines:
- SQLite: one regular expression per word on the folded column, `(^|[^a-z0-9])tinh([^a-z0-9]|$)`.
- PostgreSQL: full-text search on the same words, `search_vector @@ to_tsquery('simple', 'ha & tinh')`, where
  `search_vector` is a generated column holding the words of `search_text` with a GIN index (migration
  0005_search_index; not a model field). tests/test_search.py checks both engines find the same stories.
  Known limits of PostgreSQL's parser, far from news text: "12e3x" is read as the words "12e3" and "x", words
  longer than 2,047 characters are skipped.

Ranking happens in Python over the newest MAX_CANDIDATES matches (one narrow query): when the query has
diacritics, stories spelled exactly as typed anywhere (headline, kicker, sapo or body: "Đảng" before "đang") come
before the others, and within each part headlines spelled as typed first, then the query as a phrase in the
headline, then every word in the headline, then the exact spelling in the sapo, newest first within each group.
Ranking in SQL would need a folded headline column; capping the candidates keeps a query for a word found in every
story about as fast as a rare one.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.paging import paginate
from core.text import fold, normalize, reject_undecodable, strip_marks

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_CANDIDATES = 500
SNIPPET_LENGTH = 280

# Word characters of the folded column. These bracket expressions mean the same in Python and PostgreSQL.
_WORD = "a-z0-9"
_FOLDED_WORD = re.compile(f"[{_WORD}]+")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """One word of the query: folded (a-z0-9 only), and as typed in lower case with its diacritics."""

    folded: tuple
    exact: tuple

    @property
    def has_marks(self):
        return " ".join(self.folded) != " ".join(self.exact)

    def regex(self):
        """`(^|[^a-z0-9])tinh([^a-z0-9]|$)`: the word, whole, anywhere in the folded text."""
        return f"(^|[^{_WORD}])" + f"[^{_WORD}]+".join(self.folded) + f"([^{_WORD}]|$)"

    def tsquery(self):
        """`(tinh)`: the same match in PostgreSQL's full-text search (a folded word is never tsquery syntax)."""
        return "(" + " <-> ".join(self.folded) + ")"

    def folded_regex(self):
        """The same match in Python (for highlighting)."""
        return re.compile(f"(?<![{_WORD}])" + f"[^{_WORD}]+".join(self.folded) + f"(?![{_WORD}])")


@dataclass
class Query:
    """A reader's query, cleaned: the text to show back and the terms to match."""

    text: str = ""
    terms: list = field(default_factory=list)
    truncated: bool = False
    dropped_words: bool = False

    def __bool__(self):
        return bool(self.terms)


def _words(text):
    """[(word as typed in lower case, its folded a-z0-9 pieces)]: "Søren" gives ("søren", ("s", "ren"))."""
    found = []
    for token in _TOKEN.findall(text):
        pieces = tuple(_FOLDED_WORD.findall(fold(token)))
        if pieces:
            found.append((unicodedata.normalize("NFC", token.lower()), pieces))
    return found


def parse(raw):
    """The Query for what a reader typed: normalised, at most MAX_QUERY_LENGTH characters and MAX_WORDS words."""
    text = " ".join(normalize(raw or "").split())
    query = Query(text=text[:MAX_QUERY_LENGTH].strip(), truncated=len(text) > MAX_QUERY_LENGTH)
    seen = set()
    for exact, pieces in _words(query.text):
        for piece in pieces:
            if piece in seen:
                continue
            if len(seen) == MAX_WORDS:
                query.dropped_words = True
                return query
            seen.add(piece)
            query.terms.append(Term(folded=(piece,), exact=(exact,)))
    return query


def matching(query, queryset=None):
    """Published stories whose folded text matches every term of the query (see the module docstring)."""
    queryset = Article.objects.published() if queryset is None else queryset
    if connection.vendor != "postgresql":
        return matching_by_regex(query, queryset)
    vector = f"{connection.ops.quote_name(Article._meta.db_table)}.{connection.ops.quote_name('search_vector')}"
    tsquery = " & ".join(term.tsquery() for term in query.terms)
    condition = RawSQL(f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [tsquery], output_field=BooleanField())
    return queryset.filter(condition)


def matching_by_regex(query, queryset=None):
    """The definition itself, on any database: SQLite's search, and the yardstick for PostgreSQL's in the tests."""
    queryset = Article.objects.published() if queryset is None else queryset
    for term in query.terms:
        queryset = queryset.filter(search_text__regex=term.regex())
    return queryset


# Ranking ----------------------------------------------------------------------------------------------------------


class _FoldTable(dict):
    """A str.translate table that folds like core.text.fold, one character at a time, filled as they are met."""

    def __missing__(self, code):
        folded = strip_marks(chr(code)).lower()
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_chars(text):
    """fold() for stored (already normalised) text without collapsing spaces: about ten times faster."""
    return text.translate(_FOLD)


_NOT_WORD = re.compile(f"[^{_WORD}]+")


def _words_of(text, pattern):
    """ " ha tinh don mua ": the words between single spaces, so `" tinh " in` checks a whole word or phrase."""
    return f" {pattern.sub(' ', text)} "


class _Spelling:
    """The words as typed (lower case), whole and in this order, anywhere in a lower-cased text.

    The pattern starts with the word itself, so the regular expression engine can scan for it quickly; the check
    that it starts a word is made on each place it is found."""

    def __init__(self, words):
        self.pattern = re.compile(r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")

    def in_(self, text):
        position = 0
        while found := self.pattern.search(text, position):
            start = found.start()
            if start == 0 or not (text[start - 1].isalnum()):
                return True
            position = start + 1
        return False


def rank(query, rows):
    """Candidate rows (pk, headline, sapo, published_at[, kicker, body]), best first; see the module docstring."""
    folded = [f" {' '.join(term.folded)} " for term in query.terms]
    phrase = f" {' '.join(word for term in query.terms for word in term.folded)} "
    # Spellings as typed are searched for in the lower-cased text, not compared word by word: a story's body is
    # long and the search stops at the first place it is found.
    exact = [_Spelling(term.exact) for term in query.terms if term.has_marks]

    def spelled(text):
        text = text.lower()
        return bool(exact) and all(spelling.in_(text) for spelling in exact)

    def key(row):
        pk, headline, sapo, published_at, *text = row
        in_headline = _words_of(fold_chars(headline), _NOT_WORD)
        return (
            spelled(" ".join([headline, sapo or "", *(part or "" for part in text)])),
            spelled(headline),
            phrase in in_headline,
            all(term in in_headline for term in folded),
            spelled(sapo or ""),
            published_at,
            pk,
        )

    return [row[0] for row in sorted(rows, key=key, reverse=True)]


def ranked_ids(query, queryset=None):
    """([story ids, best first], capped): at most MAX_CANDIDATES of the newest matches; capped if there were more."""
    columns = ["pk", "headline", "sapo", "published_at"]
    if any(term.has_marks for term in query.terms):
        columns += ["kicker", "body"]  # read only when the spelling as typed matters
    rows = list(matching(query, queryset).order_by("-published_at", "-id").values_list(*columns)[: MAX_CANDIDATES + 1])
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
        for folded in _FOLD[ord(char)]:
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
            while end < len(text) and not _FOLD[ord(text[end])]:
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
    return mark_safe("".join(out))  # every piece of the text went through escape()


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
    return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))


# The form ---------------------------------------------------------------------------------------------------------

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class SearchForm(forms.Form):
    """?q=…&section=…&since=…&until=…: what the results page reads, with Vietnamese errors for bad filters."""

    q = forms.CharField(label=_("Search words"), required=False, strip=True, validators=[reject_undecodable])
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
        ids, capped = ranked_ids(form.query, form.filtered())
        page = paginate(request, ids)
        page.object_list = stories(page.object_list)
        for story in page.object_list:
            story.headline_html = highlight(form.query, story.headline)
            story.snippet_html = snippet(form.query, story.sapo)
        context.update(searched=True, page=page, capped=capped, link_query=form.link_query())
    return context
