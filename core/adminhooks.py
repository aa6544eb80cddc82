"""Columns one app adds to another app's admin change list, without either app importing the other.

The app that owns the data registers, in its AppConfig.ready(), a column for a model label ("articles.Article"):
an annotation (built when the list is asked for) and how to show its value. The model's admin applies
`annotate()` in get_queryset and lists `columns()` in list_display. An annotation must be set-based (a
subquery or an aggregate), so the change list costs the same number of queries for 5 rows or 50.
"""

_registry = {}  # model label -> {column name: Column}, in registration order


class Column:
    """A change-list column backed by an annotation; the admin calls it with each row, as it calls a method."""

    def __init__(self, name, description, annotation, render):
        self.__name__ = name  # the admin names the column's CSS class and sort parameter after it
        self.short_description = description
        self.admin_order_field = name
        self.annotation = annotation
        self.render = render

    def __call__(self, obj):
        return self.render(obj, getattr(obj, self.__name__))

    def __repr__(self):
        return f"<Column {self.__name__}>"


def register(model_label, name, *, description, annotation, render):
    """Add (or replace) the column `name` on `model_label`'s change list.

    `annotation`: a function returning a query expression over that model; `render(obj, value)`: the cell.
    """
    _registry.setdefault(model_label, {})[name] = Column(name, description, annotation, render)


def unregister(model_label, name):
    _registry.get(model_label, {}).pop(name, None)


def columns(model):
    """The columns other apps registered for this model (class or label), in the order they registered them."""
    label = model if isinstance(model, str) else model._meta.label
    return list(_registry.get(label, {}).values())


def annotate(queryset):
    """The queryset with every registered column's annotation: one query for the whole page still."""
    found = columns(queryset.model)
    return queryset.annotate(**{column.__name__: column.annotation() for column in found}) if found else queryset
