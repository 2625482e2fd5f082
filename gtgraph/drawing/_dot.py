"""Writing a :class:`~gtgraph.drawing._diagram.Diagram` as DOT text or a ``pydot.Dot``.

Nodes and boxes get synthetic ids (``n0``, ``cluster_0``) in diagram order; user
text appears only in escaped labels and tooltips (see ``_quoting``).  Both the
text and the ``pydot.Dot`` are produced from one intermediate form, so they
describe the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gtgraph.drawing._attributes import (
    EDGE_LABELS,
    FAST_SETTINGS,
    RANKDIRS,
    Attr,
    Block,
    DotGraph,
    DotSettings,
    _label,
    _quoted,
    _with_text,
    cluster_attributes,
    edge_attributes,
    node_attributes,
    penwidth_for,
    wrap_text,
)
from gtgraph.drawing._diagram import Diagram
from gtgraph.drawing._legend import legend_block
from gtgraph.drawing._page import size_attribute
from gtgraph.drawing._placement import (
    _box_grid_edges,
    _common_box,
    _enclosing_boxes,
    _grid_edges,
    _label_node,
    _members,
    _through_label,
)
from gtgraph.drawing._quoting import clean_text, dot_id
from gtgraph.drawing._styles import Style

__all__ = [
    "EDGE_LABELS",
    "FAST_SETTINGS",
    "RANKDIRS",
    "DotGraph",
    "DotSettings",
    "build_dot",
    "dot_text",
    "edge_attributes",
    "node_attributes",
    "penwidth_for",
    "to_pydot_graph",
    "wrap_text",
]


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

    # Where an edge meets a box, it is drawn to a node inside the box (its anchor).
    anchors = _anchors(diagram)
    ends = [
        (anchors.get(e.source, e.source), anchors.get(e.target, e.target))
        for e in diagram.edges
    ]
    inside = _enclosing_boxes(diagram)
    edges, labels = _edges(diagram, settings, ids, ends, inside)
    for home, name, attributes in labels:
        (root if home is None else blocks[home]).nodes.append((name, attributes))
    if settings.order_boxes and not settings.fast:
        edges += _ordering_edges(diagram, ids, root, ends, inside)
    edges += _grid_edges(diagram, ids, settings.rankdir)
    edges += _box_grid_edges(diagram, ids, root, settings.rankdir, inside)

    graph = dict(style.graph)
    graph["rankdir"] = settings.rankdir
    if settings.page is not None:
        graph["size"] = size_attribute(settings.page)
    if settings.fast:
        graph.update(FAST_SETTINGS)
    title: list[Attr] = []
    if diagram.title is not None and clean_text(diagram.title).strip():
        plain = attrs.evolve(settings, wrap=None)
        title = [
            ("label", _label(diagram.title, None, "bold", plain)),
            ("fontsize", dot_id(str(_title_size(style)))),
        ]
    if settings.legend and (diagram.nodes or diagram.edges):
        root = Block("", blocks=[legend_block(root, diagram, settings)])
    return DotGraph(
        attributes=_quoted(graph),
        node_defaults=_quoted(style.node),
        edge_defaults=_quoted(style.edge),
        root=root,
        edges=edges,
        title=title,
    )


def _edges(
    diagram: Diagram,
    settings: DotSettings,
    ids: Mapping[str, str],
    ends: list[tuple[str, str]],
    inside: Mapping[str, set[str]],
) -> tuple[list[tuple[str, str, list[Attr]]], list[tuple[str | None, str, list[Attr]]]]:
    # Where an edge meets a box, it is drawn to a node inside the box and clipped
    # at the box's border (lhead/ltail), unless the other end is inside the box.
    # Every edge constrains the ranks: flat edges inside boxes (constraint=false
    # or minlen=0) make dot 2.43 take minutes, or abort, on dense diagrams.  A
    # symmetric edge is therefore written in the direction the directed edges
    # already flow (it is drawn without arrowheads either way).
    boxes = {box.key for box in diagram.clusters}
    parent = {box.key: box.parent for box in diagram.clusters}
    depth = {}
    for box in boxes:
        up, depth[box] = parent[box], 0
        while up is not None:
            up, depth[box] = parent[up], depth[box] + 1
    rank = _provisional_ranks(
        [n.key for n in diagram.nodes],
        [end for end, e in zip(ends, diagram.edges, strict=True) if e.directed],
    )
    out: list[tuple[str, str, list[Attr]]] = []
    labels: list[tuple[str | None, str, list[Attr]]] = []
    for edge, (first, second) in zip(diagram.edges, ends, strict=True):
        source, target, tail, head = edge.source, edge.target, first, second
        if not edge.directed and rank[first] > rank[second]:
            source, target, tail, head = edge.target, edge.source, second, first
        attributes = edge_attributes(edge, settings)
        if source in boxes and source not in inside[head]:
            attributes["ltail"] = ids[source]
        if target in boxes and target not in inside[tail]:
            attributes["lhead"] = ids[target]
        label = (
            _label(edge.label or "", edge.detail, "", settings)
            if settings.edge_labels != "none"
            else '""'
        )
        if label == '""':
            out.append((ids[tail], ids[head], _quoted(attributes)))
        elif settings.edge_labels == "node":
            name = f"l{len(labels)}"
            out += _through_label(name, (ids[tail], ids[head]), attributes)
            labels.append(
                (
                    _common_box(inside[tail], inside[head], depth),
                    name,
                    _label_node(label, attributes, settings),
                )
            )
        else:
            quoted = [(settings.edge_labels, label), *_quoted(attributes)]
            out.append((ids[tail], ids[head], quoted))
    return out, labels


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
    diagram: Diagram,
    ids: Mapping[str, str],
    root: Block,
    ends: list[tuple[str, str]],
    inside: Mapping[str, set[str]],
) -> list[tuple[str, str, list[Attr]]]:
    """Return invisible edges that place a box wholly after the box it follows.

    ``dot`` ranks nodes, not boxes: a relationship from box A to box B is drawn
    between one node of each, and the two boxes may still overlap.  Invisible
    edges from every last node of A to every first node of B (through an
    invisible hub node when there are many) put all of B after all of A.
    """
    boxes = {box.key for box in diagram.clusters}
    members = _members(diagram, inside)
    ordered = [
        (edge, drawn)
        for edge, drawn in zip(diagram.edges, ends, strict=True)
        if edge.directed and edge.family != "about"
    ]
    links = [drawn for _, drawn in ordered]
    precedes = _precedence(links, inside)
    out: list[tuple[str, str, list[Attr]]] = []
    done: set[tuple[str, str]] = set()
    invisible = [("style", "invis")]
    for edge, drawn in ordered:
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
