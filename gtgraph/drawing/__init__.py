"""Diagrams of the emerging theory: Graphviz DOT, rendering, Mermaid and exports.

:func:`to_dot`, :func:`to_pydot`, :func:`render` and :func:`to_mermaid` draw a
project at one of three levels (codes, categories, themes) with a publication
style that users can change (:class:`Style`), fitted to a printed page
(:data:`PAGES`) with no type below :data:`MIN_POINTS`.  :func:`write_graphml`,
:func:`write_gexf` and :func:`write_json` export the project graph for Gephi,
yEd and Cytoscape.

Examples
--------
>>> import gtgraph
>>> p = gtgraph.Project()
>>> _ = p.add_category("Shared identity", core=True)
>>> print(gtgraph.to_dot(p).splitlines()[-2])
  n0 [label=<<B>Shared<BR/>identity</B>>, ...];
"""

from __future__ import annotations

from gtgraph.drawing._api import (
    FAST_LAYOUT_NODES,
    LABEL_EDGES,
    SWITCH_ENGINE_NODES,
    LayoutWarning,
    to_dot,
    to_mermaid,
    to_pydot,
)
from gtgraph.drawing._build import LEVELS, saturation_marks
from gtgraph.drawing._jupyter import repr_mimebundle
from gtgraph.drawing._networkx import (
    writable_graph,
    write_gexf,
    write_graphml,
    write_json,
)
from gtgraph.drawing._page import MIN_POINTS, PAGES
from gtgraph.drawing._render import Rendered, render, render_report
from gtgraph.drawing._run import (
    ENGINES,
    GraphvizNotFoundError,
    GraphvizWarning,
    find_dot,
    run_graphviz,
)
from gtgraph.drawing._styles import DEFAULT_STYLE, FONT, OKABE_ITO, Style

__all__ = [
    "DEFAULT_STYLE",
    "ENGINES",
    "FAST_LAYOUT_NODES",
    "FONT",
    "LABEL_EDGES",
    "LEVELS",
    "MIN_POINTS",
    "OKABE_ITO",
    "PAGES",
    "SWITCH_ENGINE_NODES",
    "GraphvizNotFoundError",
    "GraphvizWarning",
    "LayoutWarning",
    "Rendered",
    "Style",
    "find_dot",
    "render",
    "render_report",
    "repr_mimebundle",
    "run_graphviz",
    "saturation_marks",
    "to_dot",
    "to_mermaid",
    "to_pydot",
    "writable_graph",
    "write_gexf",
    "write_graphml",
    "write_json",
]
