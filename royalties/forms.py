"""The grading page's forms: one per work, with its genre, coefficient, split and note."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from royalties.models import Grade

EXTRA_SLOTS = 1  # an empty author slot under the byline, to add a co-author or a photographer


def decimal_field(label, max_digits):
    """A positive number with two decimals, optional, shown and typed the Vietnamese way ("12,5"; a dot is read as
    the decimal point too)."""
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=max_digits,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class GradeForm(forms.Form):
    """A work's grade. Left empty, the work stays ungraded; half-filled, it says what is missing."""

    genre = forms.TypedChoiceField(label=_("genre"), required=False, coerce=int, empty_value=None)
    coefficient = decimal_field(_("coefficient"), max_digits=6)
    note = forms.CharField(label=_("note"), required=False, max_length=1000)

    def __init__(self, *args, work, genres, authors, defaults, **kwargs):
        super().__init__(*args, **kwargs)
        self.work, self.genres, self.authors = work, genres, authors
        self.fields["genre"].choices = [("", "—")] + [(genre.pk, genre.name) for genre in genres.values()]
        author_choices = [("", "—")] + [(author.pk, author.pen_name) for author in authors.values()]
        self.slots = len(defaults) + EXTRA_SLOTS
        for index in range(self.slots):
            self.fields[f"author_{index}"] = forms.TypedChoiceField(
                label=_("author"), required=False, coerce=int, empty_value=None, choices=author_choices
            )
            self.fields[f"percent_{index}"] = decimal_field(_("share (%)"), max_digits=5)
            if index < len(defaults):
                author, percent = defaults[index]
                self.initial.setdefault(f"author_{index}", author.pk)
                self.initial.setdefault(f"percent_{index}", percent)

    def share_fields(self):
        return [(self[f"author_{index}"], self[f"percent_{index}"]) for index in range(self.slots)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        genre_id, coefficient = data.get("genre"), data.get("coefficient")
        shares = []
        for index in range(self.slots):
            author_id, percent = data.get(f"author_{index}"), data.get(f"percent_{index}")
            if author_id is None and percent is None:
                continue
            if author_id is None or percent is None:
                raise ValidationError(_("Give each author in the split a share, and each share an author."))
            if author_id not in self.authors:
                raise ValidationError(_("Choose an author from the list."))
            shares.append((self.authors[author_id], percent))
        if genre_id is None and coefficient is None:
            self.grade = None  # left for later
            return data
        if genre_id is None or genre_id not in self.genres:
            self.add_error("genre", _("Choose the work's genre."))
            return data
        if coefficient is None:
            self.add_error("coefficient", _("Give the coefficient."))
            return data
        grade = Grade(self.work, self.genres[genre_id], coefficient, shares, data.get("note", ""))
        for name, message in grade.errors().items():
            self.add_error(None if name == "shares" else name, message)
        self.grade = None if self.errors else grade
        return data
