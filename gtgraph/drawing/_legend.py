"""The key of a diagram: an HTML-like table of the kinds drawn and the relations used.

Node kinds are shown as swatches in their colours, with what a swatch cannot
show (a dashed outline, a note shape) in words; relation types as a line drawn
with box-drawing characters in the relation's colour and dash pattern.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from gtgraph.drawing._attributes import (
    Block,
    DotSettings,
    _is_heavy,
    _saturation_layer,
    edge_attributes,
)
from gtgraph.drawing._diagram import Diagram, Edge
from gtgraph.drawing._quoting import dot_id, html_text
from gtgraph.drawing._styles import Style, merge_attributes

__all__ = ["legend_block", "legend_table"]

_KIND_NAMES = {
    "core": "core category",
    "theme": "theme",
    "category": "category",
    "subcategory": "subcategory",
    "code": "code",
    "in_vivo": "in-vivo code",
    "memo": "memo",
    "uncategorised": "codes in no category",
}
_STRUCTURAL = {
    "membership": "also in category",
    "subcategory": "subcategory of",
    "about": "memo about",
}

_LINES = {"solid": "\u2500", "dashed": "\u254c", "dotted": "\u2508", "bold": "\u2501"}
_HEADS = {
    "none": "",
    "box": "\u25a0",
    "obox": "\u25a1",
    "inv": "\u25c0",
    "normal": "\u25b6",
    "onormal": "\u25b7",
    "empty": "\u25b7",
    "vee": "\u276f",
    "tee": "\u2524",
    "diamond": "\u25c6",
    "odiamond": "\u25c7",
    "dot": "\u25cf",
    "odot": "\u25cb",
}


#: Marks at the tail end of a line, pointing back.
_TAILS = {
    **_HEADS,
    "normal": "\u25c0",
    "onormal": "\u25c1",
    "empty": "\u25c1",
    "vee": "\u276e",
    "tee": "\u251c",
    "inv": "\u25b6",
}


def _glyph(attributes: Mapping[str, str]) -> str:
    """Draw an edge's line and arrowhead with box-drawing characters."""
    tokens = set(attributes.get("style", "solid").split(","))
    heavy = _is_heavy(attributes)
    line = _LINES["solid"]
    for token in ("dotted", "dashed", "bold"):
        if token in tokens:
            line = _LINES[token]
            break
    if heavy and line == _LINES["solid"]:
        line = _LINES["bold"]
    direction = attributes.get("dir", "forward")
    head = tail = ""
    if direction in {"forward", "both"}:
        head = _HEADS.get(attributes.get("arrowhead", "normal"), "")
    if direction in {"back", "both"}:
        tail = _TAILS.get(attributes.get("arrowtail", "normal"), "")
    return tail + line * 4 + head


def _legend_kinds(
    diagram: Diagram,
) -> tuple[list[str], list[str], list[tuple[bool, bool]]]:
    """Return the node kinds, box kinds and (saturated, box) marks drawn."""
    nodes = {node.kind for node in diagram.nodes}
    boxes = {box.kind for box in diagram.clusters}
    marks = {(n.saturated, False) for n in diagram.nodes if n.saturated is not None}
    marks |= {(c.saturated, True) for c in diagram.clusters if c.saturated is not None}
    order = list(_KIND_NAMES)
    node_kinds = sorted(nodes, key=lambda k: (order.index(k) if k in order else 99, k))
    box_kinds = sorted(boxes, key=lambda k: (order.index(k) if k in order else 99, k))
    return node_kinds, box_kinds, sorted(marks, key=lambda m: (m[1], not m[0]))


def _outline(attributes: Mapping[str, str], *, marks: bool = False) -> str:
    """Describe in words what a swatch cannot show: outline and shape."""
    tokens = attributes.get("style", "").split(",")
    words = [f"{t} outline" for t in ("dashed", "dotted") if t in tokens]
    if marks and not words:
        if attributes.get("peripheries", "1") not in {"0", "1"}:
            words.append("double outline")
        elif _is_heavy(attributes):
            words.append("thick outline")
    shape = attributes.get("shape", "box")
    if shape not in {"box", "rect", "rectangle", "plain", "plaintext", "none"}:
        words.append(f"{shape} shape")
    return ", ".join(words)


#: Above this many relation types, the key lists them in two columns.
_ONE_COLUMN = 4


def legend_table(diagram: Diagram, settings: DotSettings) -> str:
    """Return the key of *diagram* as an HTML-like table label (``<...>``).

    The kinds drawn are swatches side by side in one row; the relation types
    are listed under them, in two columns when there are many, so that the key
    stays compact.
    """
    style = settings.style
    swatches = []
    node_kinds, box_kinds, marks = _legend_kinds(diagram)
    for kind in node_kinds:
        attributes = {**style.node, **style.kinds.get(kind, {})}
        swatches.append(_swatch(attributes, _KIND_NAMES.get(kind, kind), style))
    for kind in box_kinds:
        attributes = merge_attributes(style.clusters.get(kind))
        name = _KIND_NAMES.get(kind, kind) + " (box)"
        swatches.append(_swatch(attributes, name, style))
    for mark, box in marks:
        base = (
            dict(style.clusters.get("theme", {}))
            if box
            else {**style.node, **style.kinds.get("category", {})}
        )
        attributes = merge_attributes(base, _saturation_layer(style, mark, box=box))
        name = ("saturated" if mark else "not yet saturated") + (
            " (box)" if box else ""
        )
        swatches.append(_swatch(attributes, name, style, marks=True))
    notes = []
    if any(n.detail for n in diagram.nodes) or any(e.detail for e in diagram.edges):
        notes.append("n segments · n participants: grounding in the data")
    if any(e.penwidth is not None for e in diagram.edges):
        notes.append("line width: participants grounding a relationship")

    seen: dict[tuple[str, str | None, bool], Edge] = {}
    for edge in diagram.edges:
        seen.setdefault((edge.family, edge.relation, edge.directed), edge)
    order = list(style.families)
    lines = []
    for (family, relation, _directed), edge in sorted(
        seen.items(),
        key=lambda item: (
            item[0][0] in _STRUCTURAL,
            order.index(item[0][0]) if item[0][0] in order else len(order),
            item[0][1] or "",
        ),
    ):
        attributes = {
            **style.edge,
            **edge_attributes(attrs.evolve(edge, penwidth=None), settings),
        }
        colour = attributes.get("color", "black")
        name = relation if relation is not None else _STRUCTURAL.get(family, family)
        lines.append(
            f'<TD ALIGN="LEFT"><FONT FACE="DejaVu Sans Mono" '
            f'COLOR="{html_text(colour)}">{html_text(_glyph(attributes))}</FONT></TD>'
            f'<TD ALIGN="LEFT">{html_text(name)}</TD>'
        )
    columns = 1 if len(lines) <= _ONE_COLUMN else 2
    per_column = -(-len(lines) // columns)
    width = 2 * columns
    rows = [f'<TR><TD COLSPAN="{width}" ALIGN="LEFT"><B>Key</B></TD></TR>']
    if swatches:
        cells = "".join(swatches)
        rows.append(
            f'<TR><TD COLSPAN="{width}" ALIGN="LEFT"><TABLE BORDER="0" '
            f'CELLSPACING="3" CELLPADDING="0"><TR>{cells}</TR></TABLE></TD></TR>'
        )
    rows += [
        f'<TR><TD ALIGN="LEFT" COLSPAN="{width}">{html_text(note)}</TD></TR>'
        for note in notes
    ]
    for row in range(per_column):
        cells = "".join(
            lines[column * per_column + row]
            if column * per_column + row < len(lines)
            else '<TD COLSPAN="2"></TD>'
            for column in range(columns)
        )
        rows.append(f"<TR>{cells}</TR>")
    return (
        '<<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="2" '
        'CELLPADDING="1" BGCOLOR="white">' + "".join(rows) + "</TABLE>>"
    )


def _swatch(
    attributes: Mapping[str, str], text: str, style: Style, *, marks: bool = False
) -> str:
    fill = attributes.get("fillcolor", "white")
    border = attributes.get("color", "black")
    font = attributes.get("fontcolor", style.node.get("fontcolor", "black"))
    width = 2 if _is_heavy(attributes) else 1
    outline = _outline(attributes, marks=marks)
    words = html_text(text + (f" ({outline})" if outline else ""))
    return (
        f'<TD BGCOLOR="{html_text(fill)}" COLOR="{html_text(border)}" '
        f'BORDER="{width}" CELLPADDING="3"><FONT COLOR="{html_text(font)}">'
        f"{words}</FONT></TD>"
    )


def legend_block(root: Block, diagram: Diagram, settings: DotSettings) -> Block:
    """Return *root* wrapped in a borderless box whose title, bottom right, is the key.

    A box's title takes room of its own, so the key never covers the diagram
    and no line runs through it; at the bottom right it costs only its height.
    The boxes inside are given back the title place and outline they would
    have had.
    """
    for block in root.blocks:
        block.attributes += [
            ("labelloc", "t"),
            ("labeljust", "l"),
            ("peripheries", "1"),
        ]
    font = settings.style.edge.get("fontsize", "12")
    return Block(
        "cluster_key",
        attributes=[
            ("label", legend_table(diagram, settings)),
            ("labelloc", "b"),
            ("labeljust", "r"),
            ("peripheries", "0"),
            ("style", '""'),
            ("margin", "4"),
            ("fontsize", dot_id(font)),
        ],
        nodes=root.nodes,
        blocks=root.blocks,
    )
