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

__all__ = ["legend_block"]

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
    head = ""
    if attributes.get("dir", "forward") not in {"none", "back"}:
        head = _HEADS.get(attributes.get("arrowhead", "normal"), "")
    return line * 4 + head


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


def _swatch_row(
    attributes: Mapping[str, str], text: str, style: Style, *, marks: bool = False
) -> str:
    fill = attributes.get("fillcolor", "white")
    border = attributes.get("color", "black")
    font = attributes.get("fontcolor", style.node.get("fontcolor", "black"))
    width = 2 if _is_heavy(attributes) else 1
    return (
        f'<TR><TD BGCOLOR="{html_text(fill)}" COLOR="{html_text(border)}" '
        f'BORDER="{width}" CELLPADDING="4"><FONT COLOR="{html_text(font)}">'
        f'{html_text(text)}</FONT></TD><TD ALIGN="LEFT">'
        f"{html_text(_outline(attributes, marks=marks))}</TD></TR>"
    )


def legend_block(diagram: Diagram, settings: DotSettings) -> Block:
    style = settings.style
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Key</B></TD></TR>']
    node_kinds, box_kinds, marks = _legend_kinds(diagram)
    for kind in node_kinds:
        attributes = {**style.node, **style.kinds.get(kind, {})}
        rows.append(_swatch_row(attributes, _KIND_NAMES.get(kind, kind), style))
    for kind in box_kinds:
        attributes = merge_attributes(style.clusters.get(kind))
        name = _KIND_NAMES.get(kind, kind) + " (box)"
        rows.append(_swatch_row(attributes, name, style))
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
        rows.append(_swatch_row(attributes, name, style, marks=True))
    if any(n.detail for n in diagram.nodes) or any(e.detail for e in diagram.edges):
        rows.append(
            '<TR><TD ALIGN="LEFT" COLSPAN="2">'
            "n segments · n participants: grounding in the data</TD></TR>"
        )
    if any(e.penwidth is not None for e in diagram.edges):
        rows.append(
            '<TR><TD ALIGN="LEFT" COLSPAN="2">'
            "line width: participants grounding a relationship</TD></TR>"
        )

    seen: dict[tuple[str, str | None, bool], Edge] = {}
    for edge in diagram.edges:
        seen.setdefault((edge.family, edge.relation, edge.directed), edge)
    order = list(style.families)
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
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT FACE="DejaVu Sans Mono" '
            f'COLOR="{html_text(colour)}">{html_text(_glyph(attributes))}</FONT></TD>'
            f'<TD ALIGN="LEFT">{html_text(name)}</TD></TR>'
        )
    table = (
        '<<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="3" '
        'CELLPADDING="2" BGCOLOR="white">' + "".join(rows) + "</TABLE>>"
    )
    node = [
        ("label", table),
        ("shape", "plain"),
        ("style", '""'),
        ("fontsize", dot_id(style.edge.get("fontsize", "9"))),
    ]
    # A plain subgraph with rank=sink puts the key after everything else
    # (right of the diagram when it runs left to right, below it otherwise).
    return Block("legend_rank", attributes=[("rank", "max")], nodes=[("legend", node)])
