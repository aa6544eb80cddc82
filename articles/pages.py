"""What the public pages assemble from the querysets: the section tree, the locality tree, and how long lists are."""

import datetime
from dataclasses import dataclass, field

from articles.models import Locality, Section

HOME_LATEST = 10
HOME_PER_SECTION = 4
HOME_WINDOW = 2000  # the newest stories the home page's section blocks are drawn from
EARLIER_COUNT = 8
RELATED_COUNT = 6
MOST_VIEWED_COUNT = 8
MOST_VIEWED_DAYS = 7
ARCHIVE_START = datetime.date(1900, 1, 1)  # earlier days are 404s (and year 1 overflows in UTC)
SECTION_FIELDS = ("id", "name", "slug", "parent_id", "position", "description")


@dataclass
class SectionTree:
    """Every section, built once per request: the header, the home blocks and section pages share it."""

    sections: list
    by_id: dict = field(init=False)
    by_slug: dict = field(init=False)

    @classmethod
    def from_values(cls, rows):
        """A tree of Section instances made from plain rows (the cache holds values, never model instances); a row
        may carry the section's address ("url", articles.cached)."""
        return cls([from_row(Section, row) for row in rows])

    def __post_init__(self):
        self.by_id = {s.pk: s for s in self.sections}
        self.by_slug = {s.slug: s for s in self.sections}
        for section in self.sections:
            section.child_list = []
        for section in self.sections:
            parent = self.by_id.get(section.parent_id)
            section.parent_section = parent
            if parent is not None:
                parent.child_list.append(section)

    @property
    def top_level(self):
        return [s for s in self.sections if s.parent_id is None]

    def descendants(self, section):
        """The section and every section under it."""
        found, todo = [], [section]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(current.child_list)
        return found

    def ancestors(self, section):
        """Parents from the top down, without the section itself."""
        chain, current = [], section.parent_section
        while current is not None and current not in chain:
            chain.insert(0, current)
            current = current.parent_section
        return chain


def locality_tree():
    """Every unit as a nested list of (unit, children) in one query."""
    units = list(Locality.objects.order_by("level", "name"))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def build(parent_id, seen):
        nodes = []
        for unit in children.get(parent_id, []):
            if unit.pk in seen:
                continue
            nodes.append((unit, build(unit.pk, seen | {unit.pk})))
        return nodes

    return build(None, frozenset())


def from_row(model, row):
    """An instance made from a row of plain values, as the database would give it (Model.from_db: half the cost of
    model(**row), and a column the row lacks is deferred, a query the query budgets catch, rather than silently its
    default); a row's "url" (kept with it by articles.cached) becomes its address, which it then does not build
    again."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in row]
    instance = model.from_db(None, names, [row[name] for name in names])
    if "url" in row:
        instance.url = row["url"]
    return instance
