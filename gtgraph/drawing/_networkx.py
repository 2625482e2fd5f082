"""Exports of the project graph for Gephi, yEd and Cytoscape: GraphML, GEXF, JSON.

The graph is :func:`gtgraph.graph.to_networkx` (or any networkx graph you pass);
before writing, every attribute value is made writable, because the networkx
writers refuse None, lists, tuples and dates, and write XML that cannot be read
back when a string holds a control character:

* None values are dropped; lists and tuples are joined with ``"; "``; dates
  become ISO 8601 strings; mappings become JSON text; control characters are
  removed (:func:`~gtgraph.drawing._quoting.plain_value`).
* Each attribute name keeps one type across all nodes (and across all edges):
  int and float mix to float, any other mixture to str.  Tools such as Gephi read
  a GraphML key as a single type.
* Node ids become strings, and every node gets a ``label`` (its name), which
  Gephi, yEd's properties mapper and Cytoscape show.
* For GEXF, names the format reserves are renamed: the relation ``type`` of an
  edge becomes ``relation`` (GEXF's edge ``type`` means directed or undirected);
  ``start`` / ``end`` (offsets of segment nodes) become ``start_offset`` /
  ``end_offset`` (GEXF's mean time spells); ``id``, ``pid``, ``spells`` and
  ``viz`` get a trailing underscore, as does an edge ``weight`` that is not a
  number.  A ``#rrggbb`` ``colour`` becomes the node's GEXF ``viz`` colour.

The files hold the names and definitions of codes and categories: treat them
with the same care as the project itself.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from gtgraph._files import atomic_write
from gtgraph.drawing._quoting import plain_value
from gtgraph.errors import RenderError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["writable_graph", "write_gexf", "write_graphml", "write_json"]

_GEXF_NODE = {
    "id": "id_",
    "pid": "pid_",
    "start": "start_offset",
    "end": "end_offset",
    "spells": "spells_",
    "viz": "viz_",
}
_GEXF_EDGE = {
    "id": "id_",
    "type": "relation",
    "start": "start_offset",
    "end": "end_offset",
}
_RGB = re.compile(r"#[0-9a-fA-F]{6}\Z")


def _graph_of(project: Any, options: Mapping[str, Any]) -> nx.Graph[Any]:
    import networkx as nx

    if isinstance(project, nx.Graph):
        if options:
            raise RenderError(
                "options such as grounding= apply only when exporting a project, "
                "not a networkx graph"
            )
        return project
    from gtgraph.graph import to_networkx

    graph: nx.Graph[Any] = to_networkx(project, **options)
    return graph


def _unify(rows: list[dict[str, Any]]) -> None:
    """Give each attribute one type across *rows* (in place)."""
    types: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            types.setdefault(key, set()).add(type(value))
    for key, seen in types.items():
        if len(seen) == 1:
            continue
        target: type = float if seen <= {int, float} else str
        for row in rows:
            if key in row:
                value = row[key]
                if target is str and isinstance(value, bool):
                    row[key] = "true" if value else "false"
                else:
                    row[key] = target(value)


def _numeric_weight(rows: list[dict[str, Any]]) -> None:
    """GEXF edge weights must be numbers: move any other weight to ``weight_``."""
    if any(isinstance(r.get("weight"), (str, bool)) for r in rows if "weight" in r):
        for row in rows:
            if "weight" in row:
                row["weight_"] = row.pop("weight")


def _plain_row(data: Mapping[Any, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            # nested values (a participant's attributes) as "attributes.age", ...
            nested = {f"{key}.{k}": v for k, v in value.items()}
            row.update(_plain_row(nested, renames))
            continue
        plain = plain_value(value)
        if plain is None:
            continue
        name = str(plain_value(str(key)))
        row[renames.get(name, name)] = plain
    return row


def writable_graph(graph: nx.Graph[Any], *, gexf: bool = False) -> nx.Graph[Any]:
    r"""Return a copy of *graph* whose ids and attribute values every writer accepts.

    Parameters
    ----------
    graph : networkx.Graph
        Any networkx graph (of any of the four classes).
    gexf : bool
        Also rename the attributes GEXF reserves (see the module documentation).

    Returns
    -------
    networkx.Graph
        A new graph of the same class, with string node ids, a ``label`` on
        every node, and only str, int, float and bool values.

    Examples
    --------
    >>> import networkx as nx
    >>> from gtgraph.drawing import writable_graph
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c1", name="trust", about=("m1", "m2"), colour=None)
    >>> G.add_node(2, name="care\x01", weight=1)
    >>> G.add_edge("c1", 2, type="is cause of", weight=0.5)
    0
    >>> W = writable_graph(G, gexf=True)
    >>> dict(W.nodes["c1"]), dict(W.nodes["2"])
    ({'name': 'trust', 'about': 'm1; m2', 'label': 'trust'}, {'name': 'care', 'weight': 1, 'label': 'care'})
    >>> list(W.edges(data=True))
    [('c1', '2', {'relation': 'is cause of', 'weight': 0.5})]
    """
    node_renames = _GEXF_NODE if gexf else {}
    edge_renames = _GEXF_EDGE if gexf else {}
    out = graph.__class__()
    out.graph.update(_plain_row(graph.graph, {}))
    ids = {node: str(plain_value(str(node))) for node in graph}
    if len(set(ids.values())) != len(ids):
        raise ValueError("two nodes have the same id once written as text")
    node_rows = []
    for node, data in graph.nodes(data=True):
        row = _plain_row(data, node_renames)
        row.setdefault("label", row.get("name", ids[node]))
        node_rows.append(row)
    _unify(node_rows)
    for node, row in zip(graph.nodes, node_rows, strict=True):
        out.add_node(ids[node], **row)
    edges: list[tuple[Any, Any, dict[str, str], dict[str, Any]]]
    if graph.is_multigraph():
        multi = cast("nx.MultiGraph[Any]", graph)
        # Keys as text: GEXF stores them as one typed attribute.
        edges = [
            (u, v, {"key": str(plain_value(k))}, _plain_row(d, edge_renames))
            for u, v, k, d in multi.edges(keys=True, data=True)
        ]
    else:
        edges = [
            (u, v, {}, _plain_row(d, edge_renames))
            for u, v, d in graph.edges(data=True)
        ]
    rows = [row for *_, row in edges]
    _unify(rows)
    if gexf:
        _numeric_weight(rows)
    for u, v, key, row in edges:
        out.add_edge(ids[u], ids[v], **key, **row)
    if gexf:
        for _, row in out.nodes(data=True):
            colour = row.get("colour")
            if isinstance(colour, str) and _RGB.match(colour):
                rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
                row["viz"] = {"color": dict(zip("rgb", rgb, strict=True))}
    return out


def write_graphml(project: Any, path: str | Path | IO[bytes], **options: Any) -> None:
    """Write the project graph as GraphML (yEd, Cytoscape, Gephi).

    Parameters
    ----------
    project : Project or networkx.Graph
        The project (its graph is :func:`gtgraph.graph.to_networkx`), or a graph.
    path : str, Path or binary file
        Where to write.
    **options
        Passed to :func:`gtgraph.graph.to_networkx` (``grounding=``, ``segments=``).

    Notes
    -----
    yEd shows GraphML ``<data>`` only after mapping it (Edit > Properties Mapper:
    map ``label`` to the node label); Cytoscape and Gephi read it directly.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from gtgraph.drawing import write_graphml
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c1", name="trust", tags=["a", "b"])
    >>> buffer = io.BytesIO()
    >>> write_graphml(G, buffer)
    >>> nx.read_graphml(io.BytesIO(buffer.getvalue())).nodes["c1"]["tags"]
    'a; b'
    """
    import networkx as nx

    graph = writable_graph(_graph_of(project, options))
    _write_graph(nx.write_graphml, graph, path)


def write_gexf(project: Any, path: str | Path | IO[bytes], **options: Any) -> None:
    """Write the project graph as GEXF 1.2 (Gephi).

    Node colours (``colour`` as ``#rrggbb``) become GEXF ``viz`` colours; see
    the module documentation for the renamed attributes.

    Parameters
    ----------
    project : Project or networkx.Graph
        The project, or a graph.
    path : str, Path or binary file
        Where to write.
    **options
        Passed to :func:`gtgraph.graph.to_networkx`.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from gtgraph.drawing import write_gexf
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", type="is cause of")
    0
    >>> buffer = io.BytesIO()
    >>> write_gexf(G, buffer)
    >>> [d["relation"] for *_, d in nx.read_gexf(io.BytesIO(buffer.getvalue())).edges(data=True)]
    ['is cause of']
    """
    import networkx as nx

    graph = writable_graph(_graph_of(project, options), gexf=True)
    _write_graph(nx.write_gexf, graph, path)


def write_json(
    project: Any,
    path: str | Path | IO[str],
    *,
    format: str = "node-link",  # noqa: A002  (as in render())
    **options: Any,
) -> None:
    """Write the project graph as JSON: node-link (D3, networkx) or Cytoscape.js.

    Parameters
    ----------
    project : Project or networkx.Graph
        The project, or a graph.
    path : str, Path or text file
        Where to write (UTF-8).
    format : str
        ``"node-link"`` (``networkx.node_link_data``, read back with
        ``networkx.node_link_graph`` and ``edges="edges"``) or
        ``"cytoscape"`` (``networkx.cytoscape_data``; Cytoscape's
        File > Import > Network from File reads it as ``.cyjs``).
    **options
        Passed to :func:`gtgraph.graph.to_networkx`.

    Examples
    --------
    >>> import io, json, networkx as nx
    >>> from gtgraph.drawing import write_json
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", type="is cause of")
    0
    >>> out = io.StringIO()
    >>> write_json(G, out)
    >>> json.loads(out.getvalue())["edges"][0]["type"]
    'is cause of'
    """
    import networkx as nx

    graph = writable_graph(_graph_of(project, options))
    if format == "node-link":
        data = nx.node_link_data(graph, edges="edges")
    elif format == "cytoscape":
        data = nx.cytoscape_data(graph, name="label")
    else:
        raise RenderError(
            f"{format!r} is not a JSON graph format; use 'node-link' or 'cytoscape'"
        )
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    if isinstance(path, (str, Path)):
        atomic_write(path, (text + "\n").encode("utf-8"))
    else:
        path.write(text + "\n")


def _write_graph(
    writer: Any, graph: nx.Graph[Any], path: str | Path | IO[bytes]
) -> None:
    """Write with a networkx writer: to a file atomically, or to an open stream."""
    if not isinstance(path, (str, Path)):
        writer(graph, path)
        return
    buffer = io.BytesIO()
    writer(graph, buffer)
    atomic_write(path, buffer.getvalue())
