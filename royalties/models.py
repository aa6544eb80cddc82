"""Royalties (nhuận bút): genres and their frames, the value of one coefficient unit, graded works, closed months.

A work's royalty is its coefficient times the value of one unit (Decree 18/2014/NĐ-CP); its authors share it by
agreed percentages. Everything here reads stories; the articles app knows nothing of royalties.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, Author, PhotoUse
from royalties import money

HUNDRED = Decimal(100)


class Genre(models.Model):
    """A kind of work (news item, reportage, photo…) and the largest coefficient it may be graded."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    max_coefficient = models.DecimalField(
        _("maximum coefficient"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("genre")
        verbose_name_plural = _("genres")

    def __str__(self):
        return self.name


class UnitValueQuerySet(models.QuerySet):
    def for_month(self, month):
        """The value in force for `month` (the latest set from that month or before), or None."""
        return self.filter(valid_from__lte=month).order_by("-valid_from").first()


class UnitValue(models.Model):
    """The value in đồng of one coefficient unit, set by the paper, in force from a month on."""

    valid_from = models.DateField(_("from month"), unique=True, help_text=_("Applies from this month on."))
    amount = models.PositiveBigIntegerField(_("value of one unit (đồng)"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = UnitValueQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("value of one coefficient unit")
        verbose_name_plural = _("values of one coefficient unit")

    def __str__(self):
        return f"{self.valid_from:%m/%Y}: {money.dong(self.amount)}"

    def clean(self):
        # Before the uniqueness check: 15/11 and 01/11 are the same month.
        if self.valid_from:
            self.valid_from = money.month_start(self.valid_from)

    def save(self, *args, **kwargs):
        self.valid_from = money.month_start(self.valid_from)
        super().save(*args, **kwargs)


class MonthClosed(Exception):
    """The month is closed: its grades and its unit value are frozen."""


class Month(models.Model):
    """A royalty month: open while graders work, then closed, with the unit value frozen into it."""

    month = models.DateField(_("month"), unique=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    unit_value = models.PositiveBigIntegerField(_("value of one unit (đồng)"), null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("royalty month")
        verbose_name_plural = _("royalty months")
        permissions = [("close_month", _("Can close a royalty month"))]

    def __str__(self):
        return f"{self.month:%m/%Y}"

    @property
    def is_closed(self):
        return self.closed_at is not None

    @classmethod
    def state(cls, month):
        """The month's row, unsaved when nobody has closed it yet."""
        return cls.objects.filter(month=month).first() or cls(month=month)

    def current_unit_value(self):
        """The frozen value of a closed month; for an open month, the value in force now."""
        if self.is_closed:
            return self.unit_value
        value = UnitValue.objects.for_month(self.month)
        return value.amount if value else None

    def close(self, user):
        """Freeze the month: no grade changes any more, and the unit value in force is written into it."""
        with transaction.atomic():
            row, _created = Month.objects.select_for_update().get_or_create(month=self.month)
            if row.is_closed:
                raise MonthClosed
            value = UnitValue.objects.for_month(self.month)
            if value is None:
                raise ValidationError(_("Set the value of one coefficient unit for this month before closing it."))
            row.unit_value, row.closed_at, row.closed_by = value.amount, timezone.now(), user
            row.save()
        self.pk, self.unit_value, self.closed_at, self.closed_by = row.pk, row.unit_value, row.closed_at, user


class Grade:
    """What a grader sets for one work: genre, coefficient, [(author, percent)], note."""

    def __init__(self, work, genre, coefficient, shares, note=""):
        self.work, self.genre, self.coefficient, self.note = work, genre, Decimal(coefficient), note or ""
        self.shares = [(author, Decimal(percent)) for author, percent in shares]

    def errors(self):
        """Why this grade is refused ({field: message}); empty when it may be saved."""
        errors = {}
        if self.coefficient <= 0:
            errors["coefficient"] = _("The coefficient must be greater than 0.")
        elif self.coefficient > self.genre.max_coefficient:
            errors["coefficient"] = _("%(genre)s is graded at most %(max)s; %(value)s is above that frame.") % {
                "genre": self.genre.name,
                "max": _number(self.genre.max_coefficient),
                "value": _number(self.coefficient),
            }
        if not self.shares:
            errors["shares"] = _("Name at least one author to share the royalty.")
        elif len({author.pk for author, _p in self.shares}) != len(self.shares):
            errors["shares"] = _("An author is named twice in the split.")
        elif any(percent <= 0 for _a, percent in self.shares):
            errors["shares"] = _("Each author's share must be greater than 0 %.")
        elif sum(percent for _a, percent in self.shares) != HUNDRED:
            errors["shares"] = _("The shares add up to %(total)s %%; they must total 100 %%.") % {
                "total": _number(sum(percent for _a, percent in self.shares))
            }
        return errors

    def summary(self):
        return {
            "genre": self.genre.name,
            "coefficient": _number(self.coefficient),
            "shares": [[author.pen_name, _number(percent)] for author, percent in self.shares],
            "note": self.note,
        }


def _number(value):
    """Decimal without trailing zeros, with a Vietnamese decimal comma: 12.50 → "12,5"."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


class WorkQuerySet(models.QuerySet):
    def graded(self):
        return self.filter(graded_at__isnull=False)

    def ungraded(self):
        return self.filter(graded_at__isnull=True)

    def in_month(self, month):
        """Graded works counted in `month`, and ungraded works of stories published in it."""
        start, end = money.month_bounds(month)
        return self.filter(
            models.Q(graded_at__isnull=False, month=month)
            | models.Q(
                graded_at__isnull=True,
                article__status=Article.Status.PUBLISHED,
                article__published_at__gte=start,
                article__published_at__lt=min(end, timezone.now()),
            )
        )

    def for_grading(self):
        return self.select_related("article__section", "genre").prefetch_related(
            models.Prefetch("shares", queryset=Share.objects.select_related("author")),
            models.Prefetch("article__bylines", queryset=ArticleAuthor.objects.select_related("author")),
        )

    def sync_month(self, month):
        """Create the missing works of the stories published in `month` (see `sync`)."""
        start, end = money.month_bounds(month)
        return self.sync(Article.objects.published().filter(published_at__gte=start, published_at__lt=end))

    def sync(self, stories):
        """Create the missing ungraded works of these stories, if published: each story, and its cover and body
        photos that carry a credit (a credit names whom to pay). Three queries and one bulk insert, whatever their
        number. Called when a story is saved published (royalties.signals) and by `manage.py sync_royalty_works`."""
        stories = stories.filter(status=Article.Status.PUBLISHED)
        have = set(Work.objects.filter(article__in=stories).values_list("article_id", "kind", "label"))
        new = []
        rows = stories.values_list("pk", "published_at", "cover", "cover_credit")
        months = {}
        for pk, published_at, cover, credit in rows:
            month = months[pk] = money.month_start(published_at)
            if (pk, Work.Kind.STORY, "") not in have:
                new.append(Work(article_id=pk, kind=Work.Kind.STORY, month=month))
            if cover and credit and (pk, Work.Kind.PHOTO, COVER_LABEL) not in have:
                new.append(Work(article_id=pk, kind=Work.Kind.PHOTO, label=COVER_LABEL, credit=credit, month=month))
        for pk, credit, number in body_photos(stories):
            label = f"{BODY_LABEL} {number}"
            if (pk, Work.Kind.PHOTO, label) not in have:
                new.append(Work(article_id=pk, kind=Work.Kind.PHOTO, label=label, credit=credit, month=months[pk]))
        Work.objects.bulk_create(new, ignore_conflicts=True)
        return len(new)

    @transaction.atomic
    def grade(self, user, grades):
        """Save many grades at once, logged; refused whole if a work's month is closed or a grade breaks a rule.

        Set-based: one UPDATE per work changed is avoided with bulk_update; shares and log rows are bulk inserts."""
        if not grades:
            return 0
        works = {grade.work.pk: grade.work for grade in grades}
        locked = Work.objects.select_for_update(of=("self",)).filter(pk__in=works)
        current = {work.pk: work for work in locked.select_related("article", "genre")}
        months = {money.month_start(work.article.published_at) for work in current.values()}
        months |= {work.month for work in current.values() if work.graded_at}
        # Lock the months' rows (the ones Month.close locks), so a month cannot close halfway through this.
        Month.objects.bulk_create([Month(month=month) for month in months], ignore_conflicts=True)
        if any(row.is_closed for row in Month.objects.select_for_update().filter(month__in=months)):
            raise MonthClosed
        for grade in grades:
            errors = grade.errors()
            if errors:
                raise ValidationError(errors)
        old_shares = {}
        for share in Share.objects.filter(work__in=works).select_related("author").order_by("position"):
            old_shares.setdefault(share.work_id, []).append([share.author.pen_name, _number(share.percent)])
        now = timezone.now()
        changed, logs, shares = [], [], []
        for grade in grades:
            work = current[grade.work.pk]
            before = work.summary(old_shares.get(work.pk, [])) if work.graded_at else None
            after = grade.summary()
            if before == after:
                continue
            work.genre, work.coefficient, work.note = grade.genre, grade.coefficient, grade.note
            work.graded_by, work.graded_at = user, now
            work.month = money.month_start(work.article.published_at)
            changed.append(work)
            logs.append(GradeLog(work=work, actor=user, at=now, before=before, after=after))
            shares += [
                Share(work=work, author=author, percent=percent, position=position)
                for position, (author, percent) in enumerate(grade.shares)
            ]
        Work.objects.bulk_update(changed, ["genre", "coefficient", "note", "graded_by", "graded_at", "month"])
        Share.objects.filter(work__in=changed).delete()
        Share.objects.bulk_create(shares)
        GradeLog.objects.bulk_create(logs)
        return len(changed)


COVER_LABEL = "Ảnh bìa"
BODY_LABEL = "Ảnh trong bài"


def body_photos(stories):
    """(story id, credit, number) of the library photos inside the stories' bodies and galleries that carry a credit.

    The one place that reads the photo library: photo works keep only the story, a label and their authors."""
    uses = PhotoUse.objects.filter(article__in=stories, kind__in=[PhotoUse.Kind.BODY, PhotoUse.Kind.GALLERY])
    numbers = {}
    rows = uses.exclude(photo__credit="").order_by("article_id", "pk").values_list("article_id", "photo__credit")
    for article_id, credit in rows:
        numbers[article_id] = numbers.get(article_id, 0) + 1
        yield article_id, credit, numbers[article_id]


class Work(models.Model):
    """A published story, or a photo in it, to be graded for its authors' royalty."""

    class Kind(models.TextChoices):
        STORY = "story", _("Story")
        PHOTO = "photo", _("Photo")

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.PROTECT, related_name="royalty_works"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.STORY)
    label = models.CharField(_("what"), max_length=200, blank=True, help_text=_("For a photo: which one."))
    credit = models.CharField(_("credit as printed"), max_length=200, blank=True)
    month = models.DateField(_("month"), db_index=True)
    genre = models.ForeignKey(Genre, verbose_name=_("genre"), null=True, blank=True, on_delete=models.PROTECT)
    coefficient = models.DecimalField(_("coefficient"), max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["article__published_at", "article_id", "kind", "label"]
        verbose_name = _("royalty work")
        verbose_name_plural = _("royalty works")
        permissions = [("grade_work", _("Can grade royalty works"))]
        constraints = [models.UniqueConstraint(fields=["article", "kind", "label"], name="one_work_per_story_part")]

    def __str__(self):
        if self.kind == self.Kind.PHOTO:
            return f"{self.article.headline} ({self.label})"
        return self.article.headline

    def summary(self, shares):
        return {
            "genre": self.genre.name if self.genre else "",
            "coefficient": _number(self.coefficient) if self.coefficient is not None else "",
            "shares": shares,
            "note": self.note,
        }

    def default_shares(self, authors_by_name):
        """[(author, percent)] before grading: the byline in equal parts, or the photographer the credit names."""
        if self.kind == self.Kind.STORY:
            authors = [byline.author for byline in self.article.bylines.all()]
        else:
            author = authors_by_name.get(credit_name(self.credit))
            authors = [author] if author else []
        return list(zip(authors, money.equal_percents(len(authors)), strict=True))

    def grade(self, user, genre, coefficient, shares, note=""):
        """Grade this one work (the admin, the grading page and the tests all go through WorkQuerySet.grade)."""
        return Work.objects.grade(user, [Grade(self, genre, coefficient, shares, note)])


def credit_name(credit):
    """The photographer a credit names, folded for matching: "Ảnh: Anh Minh" → "anh minh"."""
    text = (credit or "").strip()
    for prefix in ("Ảnh:", "Ảnh :", "Ảnh -", "Ảnh", "Photo:"):
        if text.casefold().startswith(prefix.casefold()):
            text = text[len(prefix) :]
            break
    return " ".join(text.split()).casefold()


def authors_by_credit_name(authors):
    """{folded pen name: author}, to find the photographer a credit names."""
    return {credit_name(author.pen_name): author for author in authors}


class Share(models.Model):
    """One author's agreed percentage of a work's royalty."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="shares")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="royalty_shares"
    )
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [models.UniqueConstraint(fields=["work", "author"], name="one_share_per_author")]

    def __str__(self):
        return f"{self.author.pen_name}: {_number(self.percent)} %"


class GradeLog(models.Model):
    """Who set or changed a work's grade, when, from what to what."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("grade log entry")
        verbose_name_plural = _("grade log")

    def __str__(self):
        return f"{self.work_id} {self.at:%d/%m/%Y %H:%M}"
