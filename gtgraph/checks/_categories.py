"""Theory checks on categories: codes, properties, dimensions, the core category."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gtgraph.checks._rule import Found, Rule, _Context, registrar

if TYPE_CHECKING:
    pass

__all__ = ["RULES"]

#: The rules on categories, by id, in the order they run.
RULES: dict[str, Rule] = {}
_rule = registrar(RULES)


@_rule(
    "category-without-codes",
    "warning",
    "A category has no code under it (at any depth).",
    """A grounded-theory category is built up from codes that are built up from
    the data; a category with no codes below it is not grounded in any excerpt
    and may be a preconceived idea rather than one that emerged (Glaser 1978;
    Corbin & Strauss 2015, ch. 11).""",
)
def _category_without_codes(context: _Context) -> Found:
    index = context.index
    for cat in index.categories.values():
        if not index.codes_under(cat.id):
            yield (
                (
                    f"category {cat.name!r} has no codes under it, so no excerpt grounds "
                    f"it; categorize codes under it with project.categorize(code, "
                    f"{cat.name!r}), or remove it"
                ),
                (cat.id,),
            )


@_rule(
    "category-without-properties",
    "warning",
    "A category has no properties.",
    """A category is developed by specifying its properties (its
    characteristics) and their dimensions (the range along which each varies);
    a category without properties is a label, not yet a concept (Strauss &
    Corbin 1998, ch. 8; Charmaz 2014, ch. 7).""",
)
def _category_without_properties(context: _Context) -> Found:
    for cat in context.index.categories.values():
        if not cat.properties:
            yield (
                (
                    f"category {cat.name!r} has no properties; describe its "
                    f"characteristics with project.add_property({cat.name!r}, ...)"
                ),
                (cat.id,),
            )


@_rule(
    "property-without-dimensions",
    "warning",
    "A property of a category has no dimensions.",
    """Properties vary, and the dimensions (low and high poles, such as
    disclosure depth from superficial to intimate) are what let the analyst
    compare cases and locate each participant's account; without them a
    property cannot be used for comparison (Strauss & Corbin 1998, ch. 8).""",
)
def _property_without_dimensions(context: _Context) -> Found:
    for cat in context.index.categories.values():
        for prop in cat.properties:
            if not prop.dimensions:
                yield (
                    (
                        f"property {prop.name!r} of category {cat.name!r} has no "
                        "dimensions; say along which range it varies with "
                        f"project.add_dimension({cat.name!r}, {prop.name!r}, (low, high))"
                    ),
                    (cat.id,),
                )


@_rule(
    "several-core-categories",
    "error",
    "More than one category is marked as the core category.",
    """Selective coding integrates the theory around one core category, the one
    that accounts for most of the variation in the data and to which the other
    categories relate (Glaser 1978, ch. 6; Strauss & Corbin 1998, ch. 10).  Two
    cores mean two theories, or one core not yet found.""",
)
def _several_core_categories(context: _Context) -> Found:
    cores = [c for c in context.index.categories.values() if c.core]
    if len(cores) > 1:
        names = ", ".join(repr(c.name) for c in cores)
        yield (
            (
                f"{len(cores)} categories are marked as the core category ({names}); "
                "choose the one that integrates the others and unmark the rest with "
                "project.update(name, core=False)"
            ),
            tuple(c.id for c in cores),
        )


@_rule(
    "no-core-category",
    "info",
    "There are categories but no core category yet.",
    """Until a core category is chosen the integration of the theory cannot be
    checked (see not-connected-to-core).  That is normal during open and focused
    coding; the choice belongs to selective or theoretical coding (Glaser 1978;
    Strauss & Corbin 1998, ch. 10).""",
)
def _no_core_category(context: _Context) -> Found:
    categories = context.index.categories
    if categories and not any(c.core for c in categories.values()):
        yield (
            (
                "no category is marked as the core category yet; when one emerges, "
                "mark it with project.update(name, core=True)"
            ),
            (),
        )


@_rule(
    "not-connected-to-core",
    "warning",
    "A category is not connected to the core category by relationships.",
    """In the integrated theory every category relates to the core category,
    directly or through other categories; a category that does not is either
    not yet integrated or does not belong in this theory (Strauss & Corbin 1998,
    ch. 10; Glaser 1978, ch. 6).  A category counts as connected when a chain of
    relationships joins it to the core, where a category stands for the
    categories and codes above and below it (so a subcategory of a related
    category is connected); two categories are not connected merely by sharing
    a parent.""",
)
def _not_connected_to_core(context: _Context) -> Found:
    index = context.index
    cores = [c for c in index.categories.values() if c.core]
    if not cores:
        return
    neighbours: dict[str, set[str]] = {}
    for rel in context.relationships:
        neighbours.setdefault(rel.source, set()).add(rel.target)
        neighbours.setdefault(rel.target, set()).add(rel.source)
    connected: set[str] = set()
    reached: set[str] = set()
    stack = [c.id for c in cores]
    while stack:
        node = stack.pop()
        if node in reached:
            continue
        reached.add(node)
        for member in (node, *index.ancestors(node), *index.descendants(node)):
            if member in connected:
                continue
            connected.add(member)
            stack.extend(n for n in neighbours.get(member, ()) if n not in reached)
    core_names = " or ".join(repr(c.name) for c in cores)
    for cat in index.categories.values():
        if cat.id not in connected:
            yield (
                (
                    f"category {cat.name!r} is not connected to the core category "
                    f"{core_names}; relate it (or one of its codes or subcategories) to "
                    "the core or to a category that is, or reconsider its place in the theory"
                ),
                (cat.id,),
            )
