"""The localities index (/dia-phuong/): today's units as a tree first, the former ones apart with their successors."""

from articles.models import Locality


def current_tree(nodes):
    """The (unit, children) tree without the units that no longer exist; a current unit under a former one moves up."""
    kept = []
    for unit, children in nodes:
        if unit.exists:
            kept.append((unit, current_tree(children)))
        else:
            kept.extend(current_tree(children))
    return kept


def former_units(nodes):
    """Every unit of the tree that no longer exists, by level and name, each with `successor_list` (one query)."""
    former, todo = [], list(nodes)
    while todo:
        unit, children = todo.pop()
        if not unit.exists:
            former.append(unit)
        todo.extend(children)
    if not former:
        return []
    links = (
        Locality.successors.through.objects.filter(from_locality__in=[unit.pk for unit in former])
        .select_related("to_locality")
        .order_by("to_locality__level", "to_locality__name")
    )
    successors = {}
    for link in links:
        successors.setdefault(link.from_locality_id, []).append(link.to_locality)
    for unit in former:
        unit.successor_list = successors.get(unit.pk, [])
    return sorted(former, key=lambda unit: (unit.level, unit.name, unit.pk))
