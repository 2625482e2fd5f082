"""Write the theory as a REFI-QDA ``Graph``: the network view ATLAS.ti opens.

One ``Vertex`` per concept drawn at the level asked (the levels of
:func:`gtgraph.drawing.to_dot`: ``"codes"`` draws codes and categories,
``"categories"`` categories, themes and the core category, ``"themes"`` themes
and the core category), each representing its code (``representedGUID``); one
``Edge`` per relationship between two of them, named after its type and
representing the relationship's ``Link``.  Vertices are laid out on a grid in
the order of the concepts' ids (REFI-QDA requires coordinates; the receiving
program can lay them out again).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from gtgraph.errors import ValidationError

if TYPE_CHECKING:
    from gtgraph.model import Category, Code
    from gtgraph.readwrite._refi_write import Exporter
    from gtgraph.readwrite._xmlwrite import XmlWriter

__all__ = ["GRAPH_LEVELS", "drawn_concepts", "theory_graph"]

#: The levels a theory graph can be written at (as for :func:`gtgraph.drawing.to_dot`).
GRAPH_LEVELS = ("codes", "categories", "themes")

_WIDTH, _HEIGHT, _GAP_X, _GAP_Y = 180, 60, 40, 60


def drawn_concepts(exporter: Exporter, level: str) -> list[Code | Category]:
    """Return the codes and categories a diagram at *level* draws, in id order."""
    if level not in GRAPH_LEVELS:
        raise ValidationError(
            f"graph={level!r} is not a level; choose one of {', '.join(GRAPH_LEVELS)}"
        )
    p = exporter.p
    categories = list(p.categories)
    if level == "codes":
        concepts: list[Code | Category] = [*p.codes, *categories]
    elif level == "categories":
        concepts = list(categories)
    else:
        concepts = [c for c in categories if c.theme or c.core]
    return concepts


def _shape(record: Code | Category) -> str:
    if record.KIND == "code":
        return "Rectangle"
    if getattr(record, "core", False):
        return "Star"
    if getattr(record, "theme", False):
        return "Oval"
    return "RoundedRectangle"


def theory_graph(exporter: Exporter, w: XmlWriter, level: str) -> None:
    """Write a ``Graph`` of the theory at *level* (see the module documentation)."""
    x = exporter
    concepts = drawn_concepts(x, level)
    columns = max(1, math.ceil(math.sqrt(len(concepts))))
    title = x.p.title or "Theory"
    w.start(
        "Graph",
        [("guid", x.guid(f"graph:{level}", "graph")), ("name", f"{title} ({level})")],
    )
    vertex: dict[str, str] = {}
    for i, record in enumerate(concepts):
        row, column = divmod(i, columns)
        left = _GAP_X + column * (_WIDTH + _GAP_X)
        top = _GAP_Y + row * (_HEIGHT + _GAP_Y)
        guid = x.guid(f"{level}:{record.id}", "vertex")
        vertex[record.id] = guid
        w.empty(
            "Vertex",
            [
                ("guid", guid),
                ("representedGUID", x.guid(record.id)),
                ("name", record.name),
                ("firstX", str(left)),
                ("firstY", str(top)),
                ("secondX", str(left + _WIDTH)),
                ("secondY", str(top + _HEIGHT)),
                ("shape", _shape(record)),
                ("color", record.colour),
            ],
        )
    types = x.p.relation_types
    for rel in x.p.relationships:
        if rel.source not in vertex or rel.target not in vertex:
            continue
        rtype = types.get(rel.type)
        symmetric = rtype is not None and rtype.symmetric
        w.empty(
            "Edge",
            [
                ("guid", x.guid(f"{level}:{rel.id}", "edge")),
                ("representedGUID", x.guid(rel.id)),
                ("name", rel.type),
                ("sourceVertex", vertex[rel.source]),
                ("targetVertex", vertex[rel.target]),
                ("direction", "Bidirectional" if symmetric else "OneWay"),
            ],
        )
    w.end("Graph")
