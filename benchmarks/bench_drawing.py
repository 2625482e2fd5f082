"""Category-level DOT text, next to building and serialising the same graph with nx_pydot.

The reference builds a :class:`networkx.MultiDiGraph` with the same nodes, edges
and Graphviz attributes as gtgraph's diagram and writes it with
``networkx.drawing.nx_pydot.to_pydot(G).to_string()``, the route the notes on
Graphviz measured (it mangles some labels, which does not matter for timing).

Run on its own for the layout times too (slow: it runs Graphviz)::

    python benchmarks/bench_drawing.py --layout
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Result, side_by_side
from synthetic import make_project

import gtgraph
from gtgraph.drawing._build import project_diagram
from gtgraph.drawing._dot import DotSettings, edge_attributes, node_attributes


def nx_pydot_text(project: gtgraph.Project) -> str:
    """Build the category-level graph in networkx and serialise it through pydot."""
    import networkx as nx
    from networkx.drawing.nx_pydot import to_pydot

    diagram = project_diagram(project, level="categories")
    settings = DotSettings()
    graph = nx.MultiDiGraph()
    for node in diagram.nodes:
        graph.add_node(node.key, label=node.label, **node_attributes(node, settings))
    for box in diagram.clusters:
        graph.add_node(box.key, label=box.label)
    for edge in diagram.edges:
        attributes = edge_attributes(edge, settings)
        if edge.label:
            attributes["xlabel"] = edge.label
        graph.add_edge(edge.source, edge.target, **attributes)
    return str(to_pydot(graph).to_string())


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time category-level to_dot for 2,000 codes, 200 categories, 1,000 relationships."""
    codes, categories, relationships = (2_000, 200, 1_000)
    if quick:
        codes, categories, relationships = (500, 50, 250)
    project = make_project(
        segments=5 * codes,
        sources=50,
        codes=codes,
        categories=categories,
        relationships=relationships,
        words=(300, 600),
    )
    ours, ref = side_by_side(
        lambda: gtgraph.to_dot(project, level="categories"),
        lambda: nx_pydot_text(project),
    )
    # Each line drawn through its name (the default up to LABEL_EDGES names):
    # a node more per relationship, next to the default at this size (xlabel).
    through, plain = side_by_side(
        lambda: gtgraph.to_dot(project, level="categories", edge_labels="node"),
        lambda: gtgraph.to_dot(project, level="categories"),
    )
    size = f"{codes:,} codes, {categories} categories, {relationships:,} relationships"
    return [
        Result(
            "category-level DOT text",
            size,
            ours,
            "networkx graph + nx_pydot.to_pydot().to_string()",
            ref,
            "<= 0.5 s",
            ours <= 0.5,
        ),
        Result(
            "category-level DOT text, names on their lines",
            size,
            through,
            "the same with names placed after layout (xlabel)",
            plain,
            "<= 0.5 s",
            through <= 0.5,
        ),
    ]


def layout_times() -> None:
    """Print how long Graphviz takes on the category- and code-level diagrams."""
    project = make_project(
        segments=10_000,
        sources=50,
        codes=2_000,
        categories=200,
        relationships=1_000,
        words=(300, 600),
    )
    for level, engine in (("categories", "dot"), ("codes", "dot"), ("codes", "sfdp")):
        text = gtgraph.to_dot(project, level=level)
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603  (fixed arguments)
            [gtgraph.drawing.find_dot(), f"-K{engine}", "-Tsvg"],
            input=text.encode(),
            capture_output=True,
            check=False,
            timeout=3600,
        )
        took = time.perf_counter() - start
        print(
            f"{level:10} {engine:5} {took:7.1f} s  exit {done.returncode}  "
            f"{len(text) / 1e3:.0f} kB of DOT"
        )


def main() -> None:
    """Print the benchmark, and the layout times with --layout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--layout", action="store_true", help="also time Graphviz")
    args = parser.parse_args()
    from _harness import table

    print(table(benchmarks(quick=args.quick)))
    if args.layout:
        layout_times()


if __name__ == "__main__":
    main()
