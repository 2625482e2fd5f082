"""Diagrams and plots as inline SVG whose concept nodes the page can open.

Graphviz writes each node and box as ``<g id=... class="node|cluster">``
followed by a ``<title>`` holding its DOT id (``n0``, ``cluster_0``); the
diagram keeps the project element behind each DOT id, so every drawn concept
is tagged here with a ``data-concept`` attribute naming its id.  The XML
prolog and doctype are dropped (the SVG is inlined into HTML) and the
Graphviz ids are prefixed, so that several diagrams on one page keep
distinct ids.
"""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.saturation import SaturationReport

__all__ = ["Figure", "diagram_svg", "inline_svg", "plot_svg"]

_GROUP = re.compile(
    r'<g id="(?P<id>[^"]*)" class="(?P<cls>node|cluster)">\s*<title>(?P<title>[^<]*)</title>'
)
_ID = re.compile(r'\bid="')


@attrs.frozen
class Figure:
    """An SVG ready to inline, or the reason there is none.

    Attributes
    ----------
    svg : str or None
        The ``<svg>`` element's markup.
    note : str or None
        Why no figure could be drawn, in words for the reader.
    concepts : tuple of str
        The ids of the concepts drawn (those the reader can open).
    """

    svg: str | None
    note: str | None = None
    concepts: tuple[str, ...] = ()


def inline_svg(svg: str, prefix: str | None = None) -> str:
    r"""Return *svg* without its XML prolog, with every ``id`` prefixed by *prefix*.

    Only Graphviz's SVG is prefixed: it never refers to its own ids, whereas
    matplotlib's does (``url(#...)``), and its ids are already unique.

    Examples
    --------
    >>> inline_svg('<?xml version="1.0"?>\\n<!DOCTYPE svg>\\n<svg><g id="a"/></svg>', "d1")
    '<svg><g id="d1-a"/></svg>'
    """
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    if prefix is not None:
        body = _ID.sub(f'id="{prefix}-', body)
    return body.strip()


def diagram_svg(project: Project, *, level: str, prefix: str, **options: Any) -> Figure:
    """Draw *project* at *level* with Graphviz and tag the concept nodes.

    Returns a :class:`Figure` whose ``note`` says why there is no diagram
    when Graphviz is missing or fails (the report still opens).

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> cat = p.add_category("Shared identity", core=True)
    >>> fig = diagram_svg(p, level="categories", prefix="d")  # doctest: +SKIP
    >>> fig.concepts == (cat.id,)  # doctest: +SKIP
    True
    """
    from gtgraph.drawing import GraphvizNotFoundError
    from gtgraph.drawing._api import _prepare
    from gtgraph.drawing._render import render_diagram
    from gtgraph.errors import RenderError

    # Drawn for a screen: not fitted to a printed page unless asked.
    diagram, settings = _prepare(project, level=level, **{"page": None, **options})
    # The DOT writer numbers boxes and nodes in this order (see build_dot).
    drawn = diagram.without_empty_clusters()
    keys = {f"cluster_{i}": box.key for i, box in enumerate(drawn.clusters)}
    keys.update({f"n{i}": node.key for i, node in enumerate(drawn.nodes)})
    concept_kinds = {"core", "theme", "category", "subcategory", "code", "in_vivo"}
    kinds = {box.key: box.kind for box in drawn.clusters}
    kinds.update({node.key: node.kind for node in drawn.nodes})
    if not keys:
        return Figure(None, "There is nothing to draw at this level yet.")
    try:
        data = render_diagram(diagram, settings, format="svg")
    except GraphvizNotFoundError:
        return Figure(
            None,
            "The diagram could not be drawn because Graphviz is not installed "
            "where this report was made (apt-get install graphviz, brew install "
            "graphviz or conda install graphviz), then make the report again.",
        )
    except RenderError as error:
        return Figure(None, f"The diagram could not be drawn: {error}")
    svg = data.decode("utf-8")
    drawn_concepts: list[str] = []

    def tag(match: re.Match[str]) -> str:
        key = keys.get(html.unescape(match["title"]))
        if key is None or kinds.get(key) not in concept_kinds:
            return match[0]
        drawn_concepts.append(key)
        return (
            f'<g id="{match["id"]}" class="{match["cls"]} gt-concept" '
            f'data-concept="{html.escape(key, quote=True)}">'
            f"<title>{match['title']}</title>"
        )

    svg = _GROUP.sub(tag, svg)
    return Figure(inline_svg(svg, prefix), None, tuple(drawn_concepts))


def plot_svg(report: SaturationReport, prefix: str) -> Figure:
    """Draw the saturation report's plot as SVG (needs matplotlib).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import report
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="Peers get it.")
    >>> _ = p.code(s, quote="Peers get it", codes="peer credibility")
    >>> fig = plot_svg(report(p, permutations=10, seed=1), "plot")
    >>> fig.svg.startswith("<svg") or fig.note is not None
    True
    """
    from gtgraph.errors import RenderError

    try:
        import matplotlib as mpl
    except ImportError:
        return Figure(
            None,
            "The saturation plot needs matplotlib where the report is made: "
            'pip install "gtgraph[plot]".',
        )
    try:
        with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
            figure = report.plot()
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None})
    except RenderError as error:
        return Figure(None, f"The saturation plot could not be drawn: {error}")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return Figure(inline_svg(buffer.getvalue()))
