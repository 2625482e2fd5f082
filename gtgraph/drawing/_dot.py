"""Writing a :class:`~gtgraph.drawing._diagram.Diagram` as DOT text or a ``pydot.Dot``.

Nodes and boxes get synthetic ids (``n0``, ``cluster_0``) in diagram order; user
text appears only in escaped labels and tooltips (see ``_quoting``).  Both the
text and the ``pydot.Dot`` are produced from one intermediate form, so they
describe the same graph.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gtgraph.drawing._diagram import Cluster, Diagram, Edge, Node
from gtgraph.drawing._quoting import clean_text, dot_id, dot_label, html_text
from gtgraph.drawing._styles import DEFAULT_STYLE, Style, merge_attributes

__all__ = ["DotGraph", "DotSettings", "build_dot", "dot_text", "to_pydot_graph"]

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
EDGE_LABELS = ("label", "xlabel", "none")

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
    """

    style: Style = DEFAULT_STYLE
    rankdir: str = "LR"
    legend: bool = False
    edge_labels: str = "xlabel"
    fast: bool = False
    wrap: int | None = 20
    order_boxes: bool = True


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
            width = None if settings.wrap is None else 2 * settings.wrap
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
    if not edge.directed:
        extra["dir"] = "none"
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
    return _changes(merged, style.edge)


def _with_text(
    attributes: Mapping[str, str], label: str, tooltip: str | None
) -> list[Attr]:
    out = [("label", label), *_quoted(attributes)]
    if tooltip and clean_text(tooltip).strip():
        out.append(("tooltip", dot_label(tooltip)))
    return out


def build_dot(diagram: Diagram, settings: DotSettings) -> DotGraph:
    """Return the DOT statements of *diagram*, every id and value quoted.

    Examples
    --------
    >>> from gtgraph.drawing._diagram import Diagram, Edge, Node
    >>> from gtgraph.drawing._dot import DotSettings, build_dot
    >>> g = build_dot(Diagram((Node("a", "A", "code"), Node("b", "B", "code")),
    ...                       edges=(Edge("a", "b", "causal"),)), DotSettings())
    >>> [name for name, _ in g.root.nodes], [(t, h) for t, h, _ in g.edges]
    (['n0', 'n1'], [('n0', 'n1')])
    """
    diagram = diagram.without_empty_clusters()
    style = settings.style
    ids = {box.key: f"cluster_{i}" for i, box in enumerate(diagram.clusters)}
    ids.update({node.key: f"n{i}" for i, node in enumerate(diagram.nodes)})

    blocks = {box.key: Block(ids[box.key]) for box in diagram.clusters}
    root = Block("")
    for box in diagram.clusters:
        emphasis = style.emphasis.get(box.kind, "")
        blocks[box.key].attributes = _with_text(
            cluster_attributes(box, settings),
            _label(box.label, box.detail, emphasis, settings, box=True),
            box.tooltip,
        )
        parent = blocks[box.parent] if box.parent is not None else root
        parent.blocks.append(blocks[box.key])
    for node in diagram.nodes:
        emphasis = style.emphasis.get(node.kind, "")
        own = node_attributes(node, settings)
        attributes = _with_text(
            own,
            _label(
                node.label,
                node.detail,
                emphasis,
                settings,
                fontcolor=own.get("fontcolor"),
            ),
            node.tooltip,
        )
        block = blocks[node.cluster] if node.cluster is not None else root
        block.nodes.append((ids[node.key], attributes))

    edges = _edges(diagram, settings, ids)
    if settings.order_boxes and not settings.fast:
        edges += _ordering_edges(diagram, ids, root)

    graph = dict(style.graph)
    graph["rankdir"] = settings.rankdir
    if settings.fast:
        graph.update(FAST_SETTINGS)
    if settings.legend and (diagram.nodes or diagram.edges):
        root.blocks.append(_legend(diagram, settings))
    title: list[Attr] = []
    if diagram.title is not None and clean_text(diagram.title).strip():
        plain = attrs.evolve(settings, wrap=None)
        title = [
            ("label", _label(diagram.title, None, "bold", plain)),
            ("fontsize", dot_id(str(_title_size(style)))),
        ]
    return DotGraph(
        attributes=_quoted(graph),
        node_defaults=_quoted(style.node),
        edge_defaults=_quoted(style.edge),
        root=root,
        edges=edges,
        title=title,
    )


def _edges(
    diagram: Diagram, settings: DotSettings, ids: Mapping[str, str]
) -> list[tuple[str, str, list[Attr]]]:
    # Where an edge meets a box, it is drawn to a node inside the box and clipped
    # at the box's border (lhead/ltail), unless the other end is inside the box.
    # Every edge constrains the ranks: flat edges inside boxes (constraint=false
    # or minlen=0) make dot 2.43 take minutes, or abort, on dense diagrams.  A
    # symmetric edge is therefore written in the direction the directed edges
    # already flow (it is drawn without arrowheads either way).
    boxes = {box.key for box in diagram.clusters}
    anchors = _anchors(diagram)
    inside = _enclosing_boxes(diagram)
    ends = [
        (anchors.get(e.source, e.source), anchors.get(e.target, e.target))
        for e in diagram.edges
    ]
    rank = _provisional_ranks(
        [n.key for n in diagram.nodes],
        [end for end, e in zip(ends, diagram.edges, strict=True) if e.directed],
    )
    out = []
    for edge, (first, second) in zip(diagram.edges, ends, strict=True):
        source, target, tail, head = edge.source, edge.target, first, second
        if not edge.directed and rank[first] > rank[second]:
            source, target, tail, head = edge.target, edge.source, second, first
        attributes = edge_attributes(edge, settings)
        if source in boxes and source not in inside[head]:
            attributes["ltail"] = ids[source]
        if target in boxes and target not in inside[tail]:
            attributes["lhead"] = ids[target]
        quoted = _quoted(attributes)
        if settings.edge_labels != "none":
            label = _label(edge.label or "", edge.detail, "", settings)
            if label != '""':
                quoted.insert(0, (settings.edge_labels, label))
        out.append((ids[tail], ids[head], quoted))
    return out


def _provisional_ranks(
    nodes: list[str], links: list[tuple[str, str]]
) -> dict[str, int]:
    """Rank nodes by the longest path of directed links leading to them.

    Links that close a cycle (found depth first, in the given order) are
    ignored, as dot itself does.

    Examples
    --------
    >>> from gtgraph.drawing._dot import _provisional_ranks
    >>> _provisional_ranks(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    {'a': 0, 'b': 1, 'c': 2}
    """
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for tail, head in links:
        succ[tail].append(head)
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    for start in nodes:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(succ[start]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(succ[child])))
                    break
            else:
                stack.pop()
                state[node] = 2
                order.append(node)
    position = {n: i for i, n in enumerate(reversed(order))}
    rank = dict.fromkeys(nodes, 0)
    for node in reversed(order):
        for child in succ[node]:
            if position[child] > position[node]:  # not a link closing a cycle
                rank[child] = max(rank[child], rank[node] + 1)
    return rank


#: Above this many invisible edges per relationship, a hub node is used instead.
_DIRECT_ORDERING = 16
#: At most this many invisible ordering edges in one diagram: they only refine
#: the look of small diagrams and slow dot down on large ones.
_ORDERING_BUDGET = 300


def _ordering_edges(
    diagram: Diagram, ids: Mapping[str, str], root: Block
) -> list[tuple[str, str, list[Attr]]]:
    """Return invisible edges that place a box wholly after the box it follows.

    ``dot`` ranks nodes, not boxes: a relationship from box A to box B is drawn
    between one node of each, and the two boxes may still overlap.  Invisible
    edges from every last node of A to every first node of B (through an
    invisible hub node when there are many) put all of B after all of A.
    """
    boxes = {box.key for box in diagram.clusters}
    members = _members(diagram)
    inside = _enclosing_boxes(diagram)
    anchors = _anchors(diagram)
    links = [
        (anchors.get(e.source, e.source), anchors.get(e.target, e.target))
        for e in diagram.edges
        if e.directed and e.family != "about"
    ]
    precedes = _precedence(links, inside)
    out: list[tuple[str, str, list[Attr]]] = []
    done: set[tuple[str, str]] = set()
    invisible = [("style", "invis")]
    for edge in diagram.edges:
        if not edge.directed or edge.family == "about":
            continue
        if edge.source not in boxes and edge.target not in boxes:
            continue
        pair = (edge.source, edge.target)
        if pair in done or (pair[1], pair[0]) in done:
            continue
        if len(out) >= _ORDERING_BUDGET or _reaches(precedes, pair[1], pair[0]):
            # Boxes that are also drawn the other way round cannot both come
            # first: such constraints make dot fail ("trouble in init_rank").
            continue
        tails = _ends(edge.source, members, links, last=True)
        heads = _ends(edge.target, members, links, last=False)
        if not tails or not heads or set(tails) & set(heads):
            continue
        if any(edge.source in inside[h] for h in heads) or any(
            edge.target in inside[t] for t in tails
        ):
            continue
        done.add(pair)
        drawn = (
            anchors.get(edge.source, edge.source),
            anchors.get(edge.target, edge.target),
        )
        if len(tails) * len(heads) <= _DIRECT_ORDERING:
            out.extend(
                (ids[t], ids[h], invisible)
                for t in tails
                for h in heads
                if (t, h) != drawn
            )
        else:
            hub = f"h{len(done)}"
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
            out.extend((ids[t], hub, invisible) for t in tails)
            out.extend((hub, ids[h], invisible) for h in heads)
    return out


def _precedence(
    links: list[tuple[str, str]], inside: Mapping[str, set[str]]
) -> dict[str, set[str]]:
    """Map each node or box to those some directed edge draws after it."""
    after: dict[str, set[str]] = {}
    for tail, head in links:
        for first in (inside[tail] - inside[head]) | {tail}:
            after.setdefault(first, set()).update(
                (inside[head] - inside[tail]) | {head}
            )
    return after


def _reaches(after: Mapping[str, set[str]], start: str, goal: str) -> bool:
    """Return True when *goal* can be reached from *start* in *after*."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in after.get(stack.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _members(diagram: Diagram) -> dict[str, list[str]]:
    """Map each box to every node drawn inside it, at any depth."""
    members: dict[str, list[str]] = {box.key: [] for box in diagram.clusters}
    for node, chain in _enclosing_boxes(diagram).items():
        for box in chain:
            members[box].append(node)
    return members


def _ends(
    key: str,
    members: Mapping[str, list[str]],
    links: list[tuple[str, str]],
    *,
    last: bool,
) -> list[str]:
    """Return the nodes of box *key* with no link to another of its nodes.

    With *last*, the nodes no link inside the box leaves (the box's last
    ranks); otherwise the nodes no link inside the box enters (its first ranks).
    A node that is not a box is its own end.
    """
    if key not in members:
        return [key]
    inner = set(members[key])
    blocked = {
        (a if last else b) for a, b in links if a in inner and b in inner and a != b
    }
    return [n for n in members[key] if n not in blocked]


def _title_size(style: Style) -> int:
    try:
        return round(float(style.graph.get("fontsize", "12")) * 1.35)
    except ValueError:
        return 16


def _anchors(diagram: Diagram) -> dict[str, str]:
    """Map each box to the node its edges are drawn to: the middle one of its own.

    A box with no node of its own uses the anchor of its middle child box.  The
    middle node makes an edge clipped at the box border leave or enter near the
    middle of the box.
    """
    own: dict[str, list[str]] = {}
    for node in diagram.nodes:
        if node.cluster is not None:
            own.setdefault(node.cluster, []).append(node.key)
    children: dict[str, list[str]] = {}
    for box in diagram.clusters:
        if box.parent is not None:
            children.setdefault(box.parent, []).append(box.key)

    anchors: dict[str, str] = {}

    def anchor(key: str) -> str | None:
        if key in anchors:
            return anchors[key]
        found: str | None = None
        if key in own:
            found = own[key][len(own[key]) // 2]
        else:
            inner = [a for a in (anchor(c) for c in children.get(key, ())) if a]
            if inner:
                found = inner[len(inner) // 2]
        if found is not None:
            anchors[key] = found
        return found

    for box in diagram.clusters:
        anchor(box.key)
    return anchors


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


# -- legend ---------------------------------------------------------------------

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


def _is_heavy(attributes: Mapping[str, str]) -> bool:
    try:
        return float(attributes.get("penwidth", "1")) >= 2  # noqa: PLR2004
    except ValueError:
        return False


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


def _legend(diagram: Diagram, settings: DotSettings) -> Block:
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


# -- output ---------------------------------------------------------------------


def _attribute_list(attributes: Iterable[Attr]) -> str:
    return ", ".join(f"{k}={v}" for k, v in attributes)


def dot_text(graph: DotGraph) -> str:
    """Return the DOT text of *graph*.

    Examples
    --------
    >>> from gtgraph.drawing._diagram import Diagram, Node
    >>> from gtgraph.drawing._dot import DotSettings, build_dot, dot_text
    >>> text = dot_text(build_dot(Diagram((Node("a", "node", "code"),)), DotSettings()))
    >>> print(text.splitlines()[0]); print(text.splitlines()[4])
    digraph gtgraph {
      n0 [label=<node>, fontsize=11, style=filled, penwidth=1, fillcolor=white, color="#9a9a9a"];
    """
    out = ["digraph gtgraph {"]
    for keyword, attributes in (
        ("graph", graph.attributes),
        ("node", graph.node_defaults),
        ("edge", graph.edge_defaults),
    ):
        if attributes:
            out.append(f"  {keyword} [{_attribute_list(attributes)}];")
    _block_text(graph.root, out, "  ")
    out.extend(
        f"  {tail} -> {head} [{_attribute_list(attributes)}];"
        if attributes
        else f"  {tail} -> {head};"
        for tail, head, attributes in graph.edges
    )
    # The title comes last: a graph attribute would be inherited by the boxes
    # written after it.
    out.extend(f"  {k}={v};" for k, v in graph.title)
    out.append("}")
    return "\n".join(out) + "\n"


def _block_text(block: Block, out: list[str], indent: str) -> None:
    for sub in block.blocks:
        out.append(f"{indent}subgraph {sub.name} {{")
        inner = indent + "  "
        if sub.attributes:
            out.append(f"{inner}graph [{_attribute_list(sub.attributes)}];")
        _block_text(sub, out, inner)
        out.append(f"{indent}}}")
    out.extend(
        f"{indent}{name} [{_attribute_list(attributes)}];"
        for name, attributes in block.nodes
    )


def to_pydot_graph(graph: DotGraph) -> Any:
    """Return *graph* as a ``pydot.Dot`` holding the same quoted ids and values.

    pydot leaves values that are already quoted (``"..."``) or HTML-like
    (``<...>``) as they are, so its ``to_string()`` describes the same graph as
    :func:`dot_text`.
    """
    import pydot

    dot = pydot.Dot("gtgraph", graph_type="digraph")
    for key, value in graph.attributes:
        dot.set(key, value)
    if graph.node_defaults:
        dot.set_node_defaults(**dict(graph.node_defaults))
    if graph.edge_defaults:
        dot.set_edge_defaults(**dict(graph.edge_defaults))
    _block_pydot(graph.root, dot, pydot)
    for tail, head, attributes in graph.edges:
        dot.add_edge(pydot.Edge(tail, head, obj_dict=None, **dict(attributes)))
    for key, value in graph.title:
        dot.set(key, value)
    return dot


def _block_pydot(block: Block, parent: Any, pydot: Any) -> None:
    for sub in block.blocks:
        subgraph = pydot.Subgraph(sub.name)
        for key, value in sub.attributes:
            subgraph.set(key, value)
        _block_pydot(sub, subgraph, pydot)
        parent.add_subgraph(subgraph)
    for name, attributes in block.nodes:
        parent.add_node(pydot.Node(name, **dict(attributes)))


def penwidth_for(count: int, base: float = 1.1) -> float:
    """Return a line width growing with the logarithm of *count* (participants).

    Examples
    --------
    >>> from gtgraph.drawing._dot import penwidth_for
    >>> penwidth_for(0), penwidth_for(1), penwidth_for(7)
    (1.1, 1.9, 3.5)
    """
    return round(base + 0.8 * math.log2(1 + max(count, 0)), 2)
