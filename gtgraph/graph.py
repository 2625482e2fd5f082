"""The networkx view of a project: the theory as a typed multigraph.

Nodes are keyed by element id and carry ``kind`` (``"code"``, ``"category"``,
``"memo"``, ``"source"``, ``"participant"``, and ``"segment"`` on request) and
``name``.  Edges carry ``kind``:

- ``"membership"``: code -> category;
- ``"subcategory"``: category -> category;
- ``"relationship"``: source -> target, with ``id``, ``type``, ``symmetric``,
  ``style``, ``segments``, ``participants``, ``counter_segments`` and
  ``counter_participants``;
- ``"about"``: memo -> element;
- ``"from"``: source -> participant;
- ``"grounded_in"``: code -> source, with ``segments`` (only with ``grounding=True``);
- ``"coded"``: segment -> code (only with ``segments=True``).

Participants carry their attributes as a dict under ``attributes`` (so that an
attribute called ``kind`` or ``name`` cannot clash with those keys).
Codes and categories carry grounding counts: ``segments`` (how many segments are
coded with the code, or with any code under the category) and ``participants``
(how many distinct participants those segments come from; a source with no
participant counts as a participant of its own) and ``sources``.

Segments can number in the hundreds of thousands, so they are folded into these
counts rather than added as nodes, unless ``segments=True``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["grounding_counts", "to_networkx"]


def grounding_counts(
    project: Project,
) -> dict[str, tuple[int, int, int]]:
    """Return ``{code or category id: (segments, participants, sources)}``.

    One pass over the segments; a category counts the segments coded with any
    code below it (each segment once).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.graph import grounding_counts
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard.", participant="P01")
    >>> _ = p.code(s, 0, 12, codes=["feeling heard", "trust"])
    >>> p.categorize("feeling heard", "Feeling understood")
    >>> p.categorize("trust", "Feeling understood")
    >>> grounding_counts(p)[p.categories["Feeling understood"].id]
    (1, 1, 1)
    """
    store = project._store  # noqa: SLF001 - the graph is built from the project's own state
    case_of = {s.id: s.participant or s.id for s in store.iter_records("source")}
    ancestors_cache: dict[str, tuple[str, ...]] = {}

    def ancestors(node: str) -> tuple[str, ...]:
        cached = ancestors_cache.get(node)
        if cached is None:
            cached = tuple(project._walk(node, up=True))  # noqa: SLF001
            ancestors_cache[node] = cached
        return cached

    segs: dict[str, int] = defaultdict(int)
    cases: dict[str, set[str]] = defaultdict(set)
    srcs: dict[str, set[str]] = defaultdict(set)
    for row in store.segments.values():
        codes = row[3]
        if not codes:
            continue
        src = row[0]
        case = case_of[src]
        touched: set[str] = set(codes)
        for code in codes:
            touched.update(ancestors(code))
        for node in touched:
            segs[node] += 1
            cases[node].add(case)
            srcs[node].add(src)
    return {node: (n, len(cases[node]), len(srcs[node])) for node, n in segs.items()}


def to_networkx(
    project: Project, *, grounding: bool = False, segments: bool = False
) -> nx.MultiDiGraph[str]:
    """Return the project as a :class:`networkx.MultiDiGraph` (see the module docs).

    Parameters
    ----------
    project : Project
        The project.
    grounding : bool
        Add ``grounded_in`` edges from each code to the sources it occurs in, with
        the number of segments.
    segments : bool
        Add a node per segment and ``coded`` edges to its codes.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph; changing it does not change the project.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.graph import to_networkx
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard.", participant="P01")
    >>> _ = p.code(s, 0, 12, codes="feeling heard")
    >>> p.categorize("feeling heard", "Feeling understood")
    >>> G = to_networkx(p)
    >>> code = p.codes["feeling heard"].id
    >>> G.nodes[code]["kind"], G.nodes[code]["segments"], G.nodes[code]["participants"]
    ('code', 1, 1)
    >>> [d["kind"] for _, _, d in G.out_edges(code, data=True)]
    ['membership']
    """
    store = project._store  # noqa: SLF001
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(title=project.title)
    counts = grounding_counts(project)
    zero = (0, 0, 0)

    for par in store.iter_records("participant"):
        graph.add_node(
            par.id, kind="participant", name=par.name, attributes=dict(par.attributes)
        )
    for src in project.sources:
        graph.add_node(
            src.id, kind="source", name=src.name, order=src.order, source_kind=src.kind
        )
        if src.participant is not None:
            graph.add_edge(src.id, src.participant, kind="from")
    for code in store.iter_records("code"):
        n, parts, sources = counts.get(code.id, zero)
        graph.add_node(
            code.id,
            kind="code",
            name=code.name,
            stage=code.stage,
            in_vivo=code.in_vivo,
            definition=code.definition,
            colour=code.colour,
            segments=n,
            participants=parts,
            sources=sources,
        )
    for cat in store.iter_records("category"):
        n, parts, sources = counts.get(cat.id, zero)
        graph.add_node(
            cat.id,
            kind="category",
            name=cat.name,
            theme=cat.theme,
            core=cat.core,
            definition=cat.definition,
            colour=cat.colour,
            properties=len(cat.properties),
            segments=n,
            participants=parts,
            sources=sources,
        )
    for child, parents in store.parents.items():
        kind = "membership" if store.kind_of[child] == "code" else "subcategory"
        for parent in parents:
            graph.add_edge(child, parent, kind=kind)
    types = project.relation_types
    for rel in store.iter_records("relationship"):
        rtype = types.get(rel.type)
        support = project._count_grounding(rel.evidence)  # noqa: SLF001
        against = project._count_grounding(rel.counter_evidence)  # noqa: SLF001
        graph.add_edge(
            rel.source,
            rel.target,
            key=rel.id,
            kind="relationship",
            id=rel.id,
            type=rel.type,
            symmetric=bool(rtype and rtype.symmetric),
            style=rtype.style if rtype else "association",
            segments=support.segments,
            participants=support.participants,
            counter_segments=against.segments,
            counter_participants=against.participants,
        )
    for memo in store.iter_records("memo"):
        graph.add_node(
            memo.id, kind="memo", name=memo.title, author=memo.author, about=memo.about
        )
    for memo in store.iter_records("memo"):
        for target in memo.about:
            # Memos about relationships (edges) or segments (not nodes unless
            # segments=True) keep them in their ``about`` attribute only.
            if target in graph and target not in store.segments:
                graph.add_edge(memo.id, target, kind="about")
    if grounding:
        per_source: dict[tuple[str, str], int] = defaultdict(int)
        for row in store.segments.values():
            for code in row[3]:
                per_source[(code, row[0])] += 1
        for (code, src_id), n in per_source.items():
            graph.add_edge(code, src_id, kind="grounded_in", segments=n)
    if segments:
        for sid, row in store.segments.items():
            graph.add_node(
                sid, kind="segment", name=sid, source=row[0], start=row[1], end=row[2]
            )
            for code in row[3]:
                graph.add_edge(sid, code, kind="coded")
        for memo in store.iter_records("memo"):
            for target in memo.about:
                if target in store.segments:
                    graph.add_edge(memo.id, target, kind="about")
    return graph
