"""Where things go: names on their lines, and grids of unconnected nodes and boxes.

Helpers of the DOT writer (``_dot``) that add nodes and invisible edges so that
``dot`` lays a diagram out to read well on a page: a relationship's line drawn
through its name, and many unconnected codes (or boxes) in columns rather than
one long row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from gtgraph.drawing._attributes import Attr, Block, DotSettings, _quoted
from gtgraph.drawing._diagram import Diagram

__all__ = ["GRID_NODES"]


def _common_box(
    first: set[str], second: set[str], depth: Mapping[str, int]
) -> str | None:
    """Return the innermost box holding both ends (None: the diagram itself)."""
    common = first & second
    if not common:
        return None
    return max(common, key=lambda box: (depth[box], box))


#: Attributes of the first and second half of an edge drawn through its label.
_HALF_KEYS = ("ltail", "lhead", "arrowhead", "arrowtail", "dir")


def _through_label(
    name: str, ends: tuple[str, str], attributes: Mapping[str, str]
) -> list[tuple[str, str, list[Attr]]]:
    """Return the two halves of an edge drawn through its label's node *name*.

    The first half carries the mark at the tail (if any) and is clipped at the
    tail's box; the second carries the arrowhead and is clipped at the head's
    box.  The line passes through its label, so no label can be read as
    another edge's.
    """
    shared = {k: v for k, v in attributes.items() if k not in _HALF_KEYS}
    direction = attributes.get("dir", "forward")
    tail_mark = direction in {"back", "both"}
    head_mark = direction in {"forward", "both"}
    first = dict(shared)
    if tail_mark:
        first["dir"] = "back"
        first["arrowtail"] = attributes.get("arrowtail", "normal")
    else:
        first["dir"] = "none"
    if "ltail" in attributes:
        first["ltail"] = attributes["ltail"]
    second = dict(shared)
    if head_mark:
        if "arrowhead" in attributes:
            second["arrowhead"] = attributes["arrowhead"]
    else:
        second["dir"] = "none"
    if "lhead" in attributes:
        second["lhead"] = attributes["lhead"]
    return [
        (ends[0], name, _quoted(first)),
        (name, ends[1], _quoted(second)),
    ]


def _label_node(
    label: str, attributes: Mapping[str, str], settings: DotSettings
) -> list[Attr]:
    """Return the attributes of the node that shows an edge's label."""
    edge = settings.style.edge
    font = {
        "shape": "plaintext",
        "style": "",
        "margin": "0.03,0.01",
        "width": "0",
        "height": "0",
        "fontsize": edge.get("fontsize", "10"),
        "fontcolor": attributes.get("fontcolor", edge.get("fontcolor", "black")),
    }
    return [("label", label), *_quoted(font)]


#: Above this many unconnected nodes in one box, they are laid out as a grid.
GRID_NODES = 2


def _grid_edges(
    diagram: Diagram, ids: Mapping[str, str], rankdir: str
) -> list[tuple[str, str, list[Attr]]]:
    """Return invisible edges that lay out many unconnected nodes of a box as a grid.

    ``dot`` puts nodes without edges in one rank: a box of 75 initial codes
    becomes one column (or row) far longer than a page.  Chaining every k-th
    node with invisible edges spreads them over several ranks, roughly square
    on the page (a code's box is about three times as wide as it is tall).
    """
    linked = {e.source for e in diagram.edges} | {e.target for e in diagram.edges}
    loose: dict[str | None, list[str]] = {}
    for node in diagram.nodes:
        if node.key not in linked:
            loose.setdefault(node.cluster, []).append(node.key)
    across = rankdir in ("LR", "RL")
    invisible = [("style", "invis")]
    out: list[tuple[str, str, list[Attr]]] = []
    for keys in loose.values():
        n = len(keys)
        if n <= GRID_NODES:
            continue
        # ranks run across the page for LR (columns) and down it for TB (rows)
        depth = max(2, round(math.sqrt(n / 3 if across else n * 3)))
        chains = math.ceil(n / depth)
        out.extend(
            (ids[keys[i]], ids[keys[i + chains]], invisible) for i in range(n - chains)
        )
    return out


def _box_grid_edges(
    diagram: Diagram,
    ids: Mapping[str, str],
    root: Block,
    rankdir: str,
    inside: Mapping[str, set[str]],
) -> list[tuple[str, str, list[Attr]]]:
    """Return invisible edges that lay out many unconnected boxes in columns.

    Boxes side by side in one box (or in the diagram) that no line touches
    are all put in the first ranks: at code level, a study's categories
    become one row far wider than a page.  A box is placed wholly after the
    box *k* places before it, through an invisible hub node (every node of
    the first to the hub, the hub to every node of the second), so that the
    boxes stand in about sqrt(n) columns.
    """
    touched = {e.source for e in diagram.edges} | {e.target for e in diagram.edges}
    members = _members(diagram, inside)
    loose: dict[str | None, list[str]] = {}
    for box in diagram.clusters:
        if box.key in touched or touched & set(members[box.key]):
            continue
        loose.setdefault(box.parent, []).append(box.key)
    across = rankdir in ("LR", "RL")
    invisible = [("style", "invis")]
    out: list[tuple[str, str, list[Attr]]] = []
    for siblings in loose.values():
        keys = [k for k in siblings if members[k]]  # boxes with nodes inside
        n = len(keys)
        if n <= GRID_NODES:
            continue
        # boxes are about as wide as tall: as many ranks of boxes as columns
        depth = max(2, round(math.sqrt(n * (0.5 if across else 2))))
        chains = math.ceil(n / depth)
        for i in range(n - chains):
            hub = f"g{len(out)}"
            root.nodes.append(
                (
                    hub,
                    [
                        ("label", '""'),
                        ("shape", "point"),
                        ("style", "invis"),
                        ("width", "0"),
                    ],
                )
            )
            out.extend((ids[m], hub, invisible) for m in members[keys[i]])
            out.extend((hub, ids[m], invisible) for m in members[keys[i + chains]])
    return out


def _members(diagram: Diagram, inside: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Map each box to every node drawn inside it, at any depth."""
    members: dict[str, list[str]] = {box.key: [] for box in diagram.clusters}
    for node, chain in inside.items():
        for box in chain:
            members[box].append(node)
    return members


def _enclosing_boxes(diagram: Diagram) -> dict[str, set[str]]:
    """Map each node key to the keys of every box it is drawn in."""
    parent = {box.key: box.parent for box in diagram.clusters}
    out: dict[str, set[str]] = {}
    for node in diagram.nodes:
        chain: set[str] = set()
        box = node.cluster
        while box is not None:
            chain.add(box)
            box = parent[box]
        out[node.key] = chain
    return out
