"""A diagram as plain data: nodes, boxes (clusters) and edges, before any syntax.

The project adapter turns a project and the drawing options into a
:class:`Diagram`; the DOT and Mermaid writers turn a diagram into text.  Keys are
the project's element ids; the writers replace them with synthetic ids
(``n0``, ``cluster_0``) so that no user text ever becomes a DOT or Mermaid id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

__all__ = ["Cluster", "Diagram", "Edge", "Node"]


@attrs.frozen
class Node:
    """A drawn element: a code, category, theme, core category or memo.

    Parameters
    ----------
    key : str
        Unique key (the element's id).
    label : str
        The text drawn (the element's name).
    kind : str
        ``core``, ``theme``, ``category``, ``subcategory``, ``code``, ``in_vivo``
        or ``memo`` (a key of ``Style.kinds``).
    cluster : str or None
        Key of the box the node is drawn in.
    colour : str or None
        The element's own colour, if any.
    detail : str or None
        A second, smaller line (evidence counts).
    saturated : bool or None
        True or False to mark saturation; None when unknown.
    tooltip : str or None
        Text shown on hover in SVG (the definition).
    """

    key: str
    label: str
    kind: str
    cluster: str | None = None
    colour: str | None = None
    detail: str | None = None
    saturated: bool | None = None
    tooltip: str | None = None


@attrs.frozen
class Cluster:
    """A box drawn around nodes and other boxes: a theme or a category.

    Parameters
    ----------
    key : str
        Unique key (the element's id); distinct from every node key.
    label : str
        The box's title.
    kind : str
        ``theme`` or ``category`` (a key of ``Style.clusters``); a box with
        nothing inside is drawn as a node of the same kind instead.
    parent : str or None
        Key of the enclosing box.
    colour, detail, saturated, tooltip
        As for :class:`Node`.
    """

    key: str
    label: str
    kind: str
    parent: str | None = None
    colour: str | None = None
    detail: str | None = None
    saturated: bool | None = None
    tooltip: str | None = None


@attrs.frozen
class Edge:
    """A line between two nodes or boxes.

    Parameters
    ----------
    source, target : str
        Keys of nodes or boxes.
    family : str
        The style family (a key of ``Style.families``).
    relation : str or None
        The relation type's name, for per-type styles and the legend.
    label : str or None
        The text drawn along the edge.
    directed : bool
        False for symmetric relations: drawn without arrowheads.
    detail : str or None
        A second line under the label (evidence counts).
    penwidth : float or None
        Line width, when it encodes evidence.
    """

    source: str
    target: str
    family: str
    relation: str | None = None
    label: str | None = None
    directed: bool = True
    detail: str | None = None
    penwidth: float | None = None


def _nodes(items: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(items)


def _clusters(items: Iterable[Cluster]) -> tuple[Cluster, ...]:
    return tuple(items)


def _edges(items: Iterable[Edge]) -> tuple[Edge, ...]:
    return tuple(items)


@attrs.frozen
class Diagram:
    """Nodes, boxes and edges in drawing order, plus an optional title.

    Examples
    --------
    >>> from gtgraph.drawing._diagram import Diagram, Edge, Node
    >>> d = Diagram(nodes=(Node("a", "A", "category"), Node("b", "B", "category")),
    ...             edges=(Edge("a", "b", "causal", "is cause of"),))
    >>> [n.key for n in d.nodes]
    ['a', 'b']
    """

    nodes: tuple[Node, ...] = attrs.field(default=(), converter=_nodes)
    clusters: tuple[Cluster, ...] = attrs.field(default=(), converter=_clusters)
    edges: tuple[Edge, ...] = attrs.field(default=(), converter=_edges)
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        keys: set[str] = set()
        for key in self.keys():
            if key in keys:
                raise ValueError(f"diagram key {key!r} is used twice")
            keys.add(key)
        boxes = {c.key: c for c in self.clusters}
        for node in self.nodes:
            if node.cluster is not None and node.cluster not in boxes:
                raise ValueError(
                    f"node {node.key!r} is in unknown box {node.cluster!r}"
                )
        for box in self.clusters:
            seen = {box.key}
            parent = box.parent
            while parent is not None:
                if parent not in boxes:
                    raise ValueError(f"box {box.key!r} is in unknown box {parent!r}")
                if parent in seen:
                    raise ValueError(f"box {box.key!r} is inside itself")
                seen.add(parent)
                parent = boxes[parent].parent
        for edge in self.edges:
            for end in (edge.source, edge.target):
                if end not in keys:
                    raise ValueError(f"edge end {end!r} is neither a node nor a box")

    def keys(self) -> Iterator[str]:
        """Yield the keys of the boxes and the nodes."""
        for box in self.clusters:
            yield box.key
        for node in self.nodes:
            yield node.key

    def without_empty_clusters(self) -> Diagram:
        """Return the diagram with every box that holds no node drawn as a node.

        Graphviz does not draw a box with nothing in it, and an edge cannot
        attach to one, so an empty theme or category becomes a node of the same
        kind, placed in its parent box.

        Examples
        --------
        >>> from gtgraph.drawing._diagram import Cluster, Diagram, Node
        >>> d = Diagram(nodes=(Node("a", "A", "category", cluster="t"),),
        ...             clusters=(Cluster("t", "T", "theme"),
        ...                       Cluster("u", "U", "theme", parent="t")))
        >>> [(n.key, n.kind, n.cluster) for n in d.without_empty_clusters().nodes]
        [('a', 'category', 't'), ('u', 'theme', 't')]
        """
        # A box holding a node or another box keeps its box (a child box is drawn
        # at least as a node); only boxes with nothing inside become nodes.
        full = {n.cluster for n in self.nodes if n.cluster is not None}
        full |= {c.parent for c in self.clusters if c.parent is not None}
        if len(full) == len(self.clusters):
            return self
        nodes = list(self.nodes)
        nodes += [
            Node(
                c.key,
                c.label,
                c.kind,
                cluster=c.parent,
                colour=c.colour,
                detail=c.detail,
                saturated=c.saturated,
                tooltip=c.tooltip,
            )
            for c in self.clusters
            if c.key not in full
        ]
        clusters = [c for c in self.clusters if c.key in full]
        return Diagram(nodes, clusters, self.edges, self.title)
