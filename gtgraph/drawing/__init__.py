"""Diagrams of the emerging theory: Graphviz DOT, rendering, Mermaid and exports.

Examples
--------
>>> from gtgraph.drawing import DEFAULT_STYLE
>>> DEFAULT_STYLE.families["causal"]["arrowhead"]
'normal'
"""

from __future__ import annotations

from gtgraph.drawing._networkx import (
    writable_graph,
    write_gexf,
    write_graphml,
    write_json,
)
from gtgraph.drawing._run import (
    ENGINES,
    GraphvizNotFoundError,
    GraphvizWarning,
    find_dot,
    run_graphviz,
)
from gtgraph.drawing._styles import DEFAULT_STYLE, Style

__all__ = [
    "DEFAULT_STYLE",
    "ENGINES",
    "GraphvizNotFoundError",
    "GraphvizWarning",
    "Style",
    "find_dot",
    "run_graphviz",
    "writable_graph",
    "write_gexf",
    "write_graphml",
    "write_json",
]
