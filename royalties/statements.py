"""Statements: each graded work's royalty in whole đồng, shared among its authors, per author and per section."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from royalties import money
from royalties.models import Month, Share, Work


@dataclass
class Line:
    """One author's part of one work."""

    work: Work
    author: object
    percent: object
    amount: int
    work_amount: int


@dataclass
class Statement:
    """One author's month: their lines and the total."""

    author: object
    lines: list = field(default_factory=list)

    @property
    def total(self):
        return sum(line.amount for line in self.lines)

    @property
    def is_collaborator(self):
        return self.author.user_id is None


@dataclass
class MonthStatements:
    month: object
    state: Month
    unit_value: int | None
    lines: list

    @property
    def total(self):
        return sum(line.amount for line in self.lines)

    def statements(self):
        """Statements by author, in pen-name order."""
        found = {}
        for line in self.lines:
            found.setdefault(line.author.pk, Statement(line.author)).lines.append(line)
        return sorted(found.values(), key=lambda statement: statement.author.pen_name)

    def statement_of(self, author_id):
        return next((s for s in self.statements() if s.author.pk == author_id), None)

    def by_section(self):
        """[(section, number of works, total)] by section name: the newsroom's total per section."""
        found = {}
        for line in self.lines:
            section = line.work.article.section
            works, total = found.get(section.pk, (set(), 0))
            works.add(line.work.pk)
            found[section.pk] = (works, total + line.amount)
        sections = {line.work.article.section.pk: line.work.article.section for line in self.lines}
        rows = [(sections[pk], len(works), total) for pk, (works, total) in found.items()]
        return sorted(rows, key=lambda row: row[0].name)


def for_month(month):
    """The month's graded works priced: three queries (month state and unit value, works, shares)."""
    state = Month.state(month)
    unit_value = state.current_unit_value()
    works = (
        Work.objects.graded()
        .filter(month=month)
        .select_related("article__section", "genre")
        .prefetch_related(Prefetch("shares", queryset=Share.objects.select_related("author")))
    )
    lines = []
    if unit_value is not None:
        for work in works:
            shares = list(work.shares.all())
            total = money.work_amount(work.coefficient, unit_value)
            amounts = money.split(total, [share.percent for share in shares])
            lines += [
                Line(work=work, author=share.author, percent=share.percent, amount=amount, work_amount=total)
                for share, amount in zip(shares, amounts, strict=True)
            ]
    return MonthStatements(month=month, state=state, unit_value=unit_value, lines=lines)
