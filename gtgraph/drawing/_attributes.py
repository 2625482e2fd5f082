"""Graphviz attributes and labels of the nodes, boxes and edges of a diagram.

The style's tables (:class:`~gtgraph.drawing.Style`) become the attributes of
each element; names become HTML-like labels (see ``_quoting``).  Shared by the
DOT writer, its key (``_legend``) and the Mermaid writer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import attrs

from gtgraph.drawing._diagram import Cluster, Edge, Node
from gtgraph.drawing._quoting import clean_text, dot_id, dot_label, html_text
from gtgraph.drawing._styles import DEFAULT_STYLE, Style, merge_attributes

__all__ = [
    "EDGE_LABELS",
    "FAST_SETTINGS",
    "RANKDIRS",
    "Block",
    "DotGraph",
    "DotSettings",
    "cluster_attributes",
    "edge_attributes",
    "node_attributes",
    "penwidth_for",
    "wrap_text",
]

#: Graph attributes that make ``dot`` lay out large graphs in seconds instead of
#: minutes: straight edges and fewer optimisation passes.
FAST_SETTINGS: Mapping[str, str] = {
    "splines": "line",
    "nslimit": "1",
    "nslimit1": "1",
    "mclimit": "0.1",
    "searchsize": "10",
}

RANKDIRS = ("LR", "RL", "TB", "BT")
EDGE_LABELS = ("node", "label", "xlabel", "none")

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\Z")

Attr = tuple[str, str]


@attrs.frozen
class DotSettings:
    """How a diagram is written: its style and the layout options.

    Parameters
    ----------
    style : Style
        The look.
    rankdir : str
        ``"LR"``, ``"RL"``, ``"TB"`` or ``"BT"``.
    legend : bool
        Add a key explaining the kinds of node and every relation drawn.
    edge_labels : str
        ``"label"`` (laid out with the edges: best looking, slow on large
        graphs), ``"xlabel"`` (placed after layout: fast) or ``"none"``.
    fast : bool
        Add :data:`FAST_SETTINGS` (straight edges, fewer layout passes).
    wrap : int or None
        Break names longer than this many characters at spaces.
    order_boxes : bool
        Add invisible edges that place a box wholly after a box it follows (not
        with *fast*).
    page : (float, float) or None
        The text block (width, height) in centimetres the drawing must fit:
        Graphviz scales a larger drawing down to it (``size``).
    turnable : bool
        The direction was not chosen: :func:`~gtgraph.render` may turn it left
        to right when that fits the page with larger type.
    details : bool
        Evidence details (smaller type) are drawn.
    """

    style: Style = DEFAULT_STYLE
    rankdir: str = "LR"
    legend: bool = False
    edge_labels: str = "xlabel"
    fast: bool = False
    wrap: int | None = 14
    order_boxes: bool = True
    page: tuple[float, float] | None = None
    turnable: bool = False
    details: bool = False


@attrs.define
class Block:
    """A graph or cluster body: attributes, nodes and nested clusters."""

    name: str
    attributes: list[Attr] = attrs.field(factory=list)
    nodes: list[tuple[str, list[Attr]]] = attrs.field(factory=list)
    blocks: list[Block] = attrs.field(factory=list)


@attrs.define
class DotGraph:
    """DOT statements with every id and value already quoted."""

    attributes: list[Attr]
    node_defaults: list[Attr]
    edge_defaults: list[Attr]
    root: Block
    edges: list[tuple[str, str, list[Attr]]]
    title: list[Attr]


def wrap_text(text: str, width: int | None) -> str:
    r"""Break each line of *text* at spaces so lines stay near *width* characters.

    Only spaces are replaced (by newlines); words longer than *width* stay whole.

    Examples
    --------
    >>> from gtgraph.drawing._dot import wrap_text
    >>> wrap_text("disclosure of experiences as a service-user", 16)
    'disclosure of\nexperiences as a\nservice-user'
    >>> wrap_text("short", 16), wrap_text("a b", None)
    ('short', 'a b')
    """
    if width is None or len(text) <= width:
        return text
    lines = []
    for line in text.split("\n"):
        current = ""
        for word in line.split(" "):
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return "\n".join(lines)


def _html_name(text: str, emphasis: str) -> str:
    body = html_text(text)
    if not body:
        return ""  # Graphviz refuses empty <B></B> and <I></I>
    if "italic" in emphasis:
        body = f"<I>{body}</I>"
    if "bold" in emphasis:
        body = f"<B>{body}</B>"
    return body


def _label(
    name: str,
    detail: str | None,
    emphasis: str,
    settings: DotSettings,
    *,
    box: bool = False,
    fontcolor: str | None = None,
) -> str:
    """Return the HTML-like label of a node or box (a quoted label if blank)."""
    parts = []
    name = clean_text(name)
    if name.strip():
        if box:
            # Box titles are left-justified: wrap them wider and align every line.
            width = None if settings.wrap is None else settings.wrap + 4
            lines = wrap_text(name, width).split("\n")
            body = '<BR ALIGN="LEFT"/>'.join(_html_name(x, emphasis) for x in lines)
            parts.append(body + '<BR ALIGN="LEFT"/>')
        else:
            parts.append(_html_name(wrap_text(name, settings.wrap), emphasis))
    if detail and clean_text(detail).strip():
        font = dict(settings.style.detail)
        if fontcolor is not None:
            font["color"] = fontcolor
        options = "".join(f' {k.upper()}="{html_text(v)}"' for k, v in font.items())
        text = f"<FONT{options}>{html_text(detail)}</FONT>"
        parts.append(text + '<BR ALIGN="LEFT"/>' if box else text)
    if not parts:
        # Blank text is drawn as nothing; a label of only line breaks would
        # also crash Graphviz 2.43's xlabel placement.
        return '""'
    return "<" + ("" if box else "<BR/>").join(parts) + ">"


def _rgb(colour: str) -> tuple[int, int, int] | None:
    match = _HEX.match(colour.strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:  # noqa: PLR2004  (#rgb shorthand)
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return r, g, b


def _colour_layer(kind: str, colour: str | None) -> dict[str, str]:
    """Attributes drawing an element in its own colour.

    A hex colour outlines the element and tints its fill (the core category is
    filled with the colour itself, with white text on dark colours); a colour
    name only outlines it.
    """
    if not colour:
        return {}
    rgb = _rgb(colour)
    if rgb is None:
        return {"color": colour}
    if kind == "core":
        luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255
        return {
            "fillcolor": colour,
            "color": colour,
            "fontcolor": "white" if luminance < 0.55 else "#222222",  # noqa: PLR2004
        }
    tint = "#" + "".join(f"{round(c + (255 - c) * 0.8):02x}" for c in rgb)
    return {"color": colour, "fillcolor": tint}


def _saturation_layer(
    style: Style, saturated: bool | None, *, box: bool = False
) -> Mapping[str, str]:
    if saturated is None:
        return {}
    key = ("saturated" if saturated else "unsaturated") + ("_box" if box else "")
    return style.saturation.get(key, {})


def _changes(merged: Mapping[str, str], defaults: Mapping[str, str]) -> dict[str, str]:
    """Return the attributes of *merged* that differ from the *defaults*."""
    return {k: v for k, v in merged.items() if defaults.get(k) != v}


def _quoted(attributes: Mapping[str, str]) -> list[Attr]:
    return [(dot_id(k), dot_id(v)) for k, v in attributes.items()]


def node_attributes(node: Node, settings: DotSettings) -> dict[str, str]:
    """Return the Graphviz attributes (unquoted) of *node*, label excluded."""
    style = settings.style
    merged = merge_attributes(
        {**style.node, **style.kinds.get(node.kind, {})},
        _colour_layer(node.kind, node.colour),
        _saturation_layer(style, node.saturated),
    )
    return _changes(merged, style.node)


def cluster_attributes(box: Cluster, settings: DotSettings) -> dict[str, str]:
    """Return the Graphviz attributes (unquoted) of *box*, label excluded."""
    style = settings.style
    return merge_attributes(
        style.clusters.get(box.kind),
        _colour_layer(box.kind, box.colour),
        _saturation_layer(style, box.saturated, box=True),
    )


def edge_attributes(edge: Edge, settings: DotSettings) -> dict[str, str]:
    """Return the Graphviz attributes (unquoted) of *edge*, label excluded."""
    style = settings.style
    extra: dict[str, str] = {}
    if edge.penwidth is not None:
        extra["penwidth"] = f"{edge.penwidth:.3g}"
    merged = merge_attributes(
        {
            **style.edge,
            **style.families.get(edge.family, {}),
            **style.relations.get(edge.relation or "", {}),
        },
        extra,
    )
    if not edge.directed:
        # A symmetric relation is drawn the same at both ends: with its own
        # mark (contradicts: a bar) at both, or with none.
        head = merged.get("arrowhead", "none")
        if head in {"none", "normal"} or merged.get("dir") == "none":
            merged["dir"] = "none"
            merged.pop("arrowtail", None)
        else:
            merged["dir"] = "both"
            merged["arrowtail"] = head
    return _changes(merged, style.edge)


def _with_text(
    attributes: Mapping[str, str], label: str, tooltip: str | None
) -> list[Attr]:
    out = [("label", label), *_quoted(attributes)]
    if tooltip and clean_text(tooltip).strip():
        out.append(("tooltip", dot_label(tooltip)))
    return out


def _is_heavy(attributes: Mapping[str, str]) -> bool:
    try:
        return float(attributes.get("penwidth", "1")) >= 2  # noqa: PLR2004
    except ValueError:
        return False


def penwidth_for(count: int, base: float = 1.1) -> float:
    """Return a line width growing with the logarithm of *count* (participants).

    Examples
    --------
    >>> from gtgraph.drawing._dot import penwidth_for
    >>> penwidth_for(0), penwidth_for(1), penwidth_for(7)
    (1.1, 1.9, 3.5)
    """
    return round(base + 0.8 * math.log2(1 + max(count, 0)), 2)
