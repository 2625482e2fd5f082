"""The public drawing functions: ``to_dot``, ``to_pydot``, ``render``, ``to_mermaid``.

Every function takes the project and the same keyword options (see
:func:`to_dot`).  The DOT text is written by gtgraph itself, with synthetic node
ids and escaped labels, so that any name is drawn exactly; Graphviz is run as a
separate program (see :func:`gtgraph.drawing.run_graphviz`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph._files import atomic_write
from gtgraph.drawing._build import Selector, project_diagram
from gtgraph.drawing._diagram import Diagram
from gtgraph.drawing._dot import (
    EDGE_LABELS,
    RANKDIRS,
    DotSettings,
    build_dot,
    dot_text,
    to_pydot_graph,
)
from gtgraph.drawing._mermaid import diagram_to_mermaid
from gtgraph.drawing._run import check_engine, run_graphviz
from gtgraph.drawing._styles import Style, resolve_style
from gtgraph.errors import RenderError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "FAST_LAYOUT_NODES",
    "LABEL_EDGES",
    "SWITCH_ENGINE_NODES",
    "LayoutWarning",
    "render",
    "to_dot",
    "to_mermaid",
    "to_pydot",
]

#: Above this many nodes, ``fast=None`` turns on the fast layout settings
#: (straight edges, fewer optimisation passes): ``dot`` then lays out a
#: 2,000-code diagram in seconds rather than minutes.
FAST_LAYOUT_NODES = 300

#: Up to this many labelled edges, ``edge_labels="auto"`` lays labels out with
#: the edges (``label``: best placed); above it, labels are placed after layout
#: (``xlabel``: about 9 times faster for large graphs).
LABEL_EDGES = 80

#: Above this many nodes, :func:`render` with ``engine="dot"`` switches to
#: ``sfdp`` and warns (``auto_engine=False`` keeps ``dot``).  ``sfdp`` lays out
#: 20,000 nodes in seconds but does not draw boxes around categories.
SWITCH_ENGINE_NODES = 5000

#: Raster formats, rendered at ``dpi`` (default 150) so they read well on a page.
RASTER_FORMATS = frozenset({"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"})

_TEXT_FORMATS = {"gv": "dot", "dot": "dot", "mmd": "mermaid", "mermaid": "mermaid"}


class LayoutWarning(UserWarning):
    """The diagram was laid out differently from what was asked, because of its size.

    Examples
    --------
    >>> from gtgraph.drawing import LayoutWarning
    >>> issubclass(LayoutWarning, UserWarning)
    True
    """


def _prepare(
    project: Project,
    *,
    level: str = "categories",
    include: Selector = None,
    exclude: Selector = None,
    show_evidence: bool = False,
    saturation: Any = None,
    memos: bool = False,
    legend: bool = False,
    rankdir: str = "LR",
    title: str | bool | None = None,
    style: Style | Mapping[str, Any] | None = None,
    edge_labels: str = "auto",
    fast: bool | None = None,
    wrap: int | None = 20,
    as_of: Any = None,
) -> tuple[Diagram, DotSettings]:
    """Return the diagram of *project* and the checked settings to write it with."""
    if as_of is not None:
        from gtgraph.evolution import as_of as restrict

        project = restrict(project, as_of)
    diagram = project_diagram(
        project,
        level=level,
        include=include,
        exclude=exclude,
        show_evidence=show_evidence,
        saturation=saturation,
        memos=memos,
        title=title,
    )
    if rankdir not in RANKDIRS:
        raise RenderError(
            f"rankdir={rankdir!r} is not a direction; use {', '.join(RANKDIRS)}"
        )
    if fast is None:
        fast = len(diagram.nodes) > FAST_LAYOUT_NODES
    if edge_labels == "auto":
        labelled = sum(1 for e in diagram.edges if e.label or e.detail)
        edge_labels = "xlabel" if fast or labelled > LABEL_EDGES else "label"
    if edge_labels not in EDGE_LABELS:
        raise RenderError(
            f"edge_labels={edge_labels!r} is not valid; use 'auto', "
            f"{', '.join(repr(m) for m in EDGE_LABELS)}"
        )
    if wrap is not None and (
        isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 1
    ):
        raise RenderError(
            f"wrap={wrap!r} must be a positive number of characters or None"
        )
    settings = DotSettings(
        style=resolve_style(style),
        rankdir=rankdir,
        legend=bool(legend),
        edge_labels=edge_labels,
        fast=bool(fast),
        wrap=wrap,
    )
    return diagram, settings


def to_dot(
    project: Project,
    *,
    level: str = "categories",
    include: Selector = None,
    exclude: Selector = None,
    show_evidence: bool = False,
    saturation: Any = None,
    memos: bool = False,
    legend: bool = False,
    rankdir: str = "LR",
    title: str | bool | None = None,
    style: Style | Mapping[str, Any] | None = None,
    edge_labels: str = "auto",
    fast: bool | None = None,
    wrap: int | None = 20,
    as_of: Any = None,
) -> str:
    """Return the DOT text of the project's diagram.

    Parameters
    ----------
    project : Project
        The project to draw.
    level : {"categories", "codes", "themes"}
        ``"codes"``: codes inside boxes of their categories and themes;
        ``"categories"``: categories, themes (as boxes) and the core category
        with their relationships; ``"themes"``: themes and the core category
        only.
    include, exclude : str, iterable or callable, optional
        Names or ids (or records) of codes and categories, or a predicate
        called with each :class:`~gtgraph.Code` and
        :class:`~gtgraph.Category` record.  With *include*, only the
        matching elements and everything inside them are drawn; *exclude*
        leaves out the matching elements and everything inside them.
        Relationships are drawn when both their ends are.
    show_evidence : bool
        Add to each code, category and relationship the number of segments and
        of participants grounding it, and draw relationships with a line width
        that grows with the participants.
    saturation : mapping or report, optional
        Mark categories saturated (thick outline) or not yet saturated (dashed
        outline): a :class:`~gtgraph.saturation.SaturationReport`, any object
        whose ``categories`` holds rows with ``category`` and ``saturated``, or
        a mapping of category name (or id) to True/False.
    memos : bool
        Draw the memos about the drawn elements, joined to them by dotted lines.
    legend : bool
        Add a key: the kinds of node drawn and every relation type used.
    rankdir : {"LR", "TB", "RL", "BT"}
        Direction of the flow of relationships.
    title : str or bool, optional
        A title above the diagram; True uses the project's title.
    style : Style or mapping, optional
        The look; a mapping changes the default (see :class:`Style`).
    edge_labels : {"auto", "label", "xlabel", "none"}
        How relationship names are placed: ``"label"`` lays them out with the
        edges (best looking), ``"xlabel"`` places them afterwards (much faster
        on large diagrams), ``"none"`` leaves them out (use the legend).
        ``"auto"`` uses ``"label"`` up to :data:`LABEL_EDGES` labelled edges.
    fast : bool, optional
        Use the fast layout settings (straight edges, fewer optimisation
        passes); by default on above :data:`FAST_LAYOUT_NODES` nodes.
    wrap : int or None
        Break names longer than this many characters across lines.
    as_of : int or source, optional
        Draw the theory as the first *as_of* sources ground it (or the sources
        up to and including the one named), as :func:`gtgraph.evolution.as_of` gives it:
        redraw with ``as_of=1, 2, ...`` to show the theory emerging interview
        by interview.

    Returns
    -------
    str
        DOT text; the same project and options always give the same text.

    Raises
    ------
    RenderError
        If an option has no valid value.
    NotFoundError
        If *include*, *exclude* or *saturation* names something the project
        does not have.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="Peer support")
    >>> _ = p.add_category("The process of disclosure", theme=True)
    >>> _ = p.add_category("Disclosure of difficulties")
    >>> p.categorize("Disclosure of difficulties", "The process of disclosure")
    >>> _ = p.add_category("Shared identity")
    >>> _ = p.relate("The process of disclosure", "leads to", "Shared identity")
    >>> print(gtgraph.to_dot(p), end="")
    digraph gtgraph {
      graph [fontname="DejaVu Sans", ...rankdir=LR];
    ...
      subgraph cluster_0 {
        graph [label=<<B>The process of disclosure</B><BR ALIGN="LEFT"/>>, ...];
        n0 [label=<Disclosure of<BR/>difficulties>, ...];
      }
      n1 [label=<Shared identity>, ...];
      n0 -> n1 [label=<leads to>, ...ltail=cluster_0];
    }
    """
    diagram, settings = _prepare(
        project,
        level=level,
        include=include,
        exclude=exclude,
        show_evidence=show_evidence,
        saturation=saturation,
        memos=memos,
        legend=legend,
        rankdir=rankdir,
        title=title,
        style=style,
        edge_labels=edge_labels,
        fast=fast,
        wrap=wrap,
        as_of=as_of,
    )
    return dot_text(build_dot(diagram, settings))


def to_pydot(project: Project, **options: Any) -> Any:
    """Return the project's diagram as a ``pydot.Dot``.

    The graph holds gtgraph's already quoted ids and labels, which pydot keeps as
    they are, so ``to_pydot(project).to_string()`` describes the same graph as
    :func:`to_dot` (with pydot's layout of the text).  Takes the options of
    :func:`to_dot`.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_category('"being on the same planet"')
    >>> graph = gtgraph.to_pydot(p)
    >>> [n.get("label") for n in graph.get_nodes() if n.get_name() == "n0"]
    ['<&quot;being on the same<BR/>planet&quot;>']
    """
    diagram, settings = _prepare(project, **options)
    return to_pydot_graph(build_dot(diagram, settings))


def to_mermaid(
    project: Project,
    *,
    level: str = "categories",
    include: Selector = None,
    exclude: Selector = None,
    show_evidence: bool = False,
    saturation: Any = None,
    memos: bool = False,
    rankdir: str = "LR",
    title: str | bool | None = None,
    style: Style | Mapping[str, Any] | None = None,
    edge_labels: str = "label",
    wrap: int | None = 20,
    as_of: Any = None,
) -> str:
    """Return the project's diagram as a Mermaid flowchart, for Markdown pages.

    GitHub, GitLab and many Markdown tools draw a fenced code block marked
    ``mermaid``.  Options are those of :func:`to_dot` (no legend; *edge_labels* is
    ``"label"`` or ``"none"``).  Themes and categories become subgraphs; node
    shapes and colours follow the style: a hexagon for the core category,
    rounded boxes for categories, boxes for codes, a flag for memos; dashed
    arrows for conditions, thick ones for processes.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_category("Shared identity", core=True)
    >>> _ = p.add_category("end")
    >>> _ = p.relate("end", "is condition for", "Shared identity")
    >>> print(gtgraph.to_mermaid(p))
    flowchart LR
      n0{{"Shared identity"}}
      n1("end")
      n1 -.->|"is condition for"| n0
    ...
    """
    if edge_labels not in {"label", "none"}:
        raise RenderError(
            f"edge_labels={edge_labels!r}: Mermaid takes 'label' or 'none'"
        )
    diagram, settings = _prepare(
        project,
        level=level,
        include=include,
        exclude=exclude,
        show_evidence=show_evidence,
        saturation=saturation,
        memos=memos,
        rankdir=rankdir,
        title=title,
        style=style,
        edge_labels=edge_labels,
        wrap=wrap,
        as_of=as_of,
    )
    return diagram_to_mermaid(diagram, settings)


def _format_of(path: Path, format: str | None) -> str:  # noqa: A002
    if format is not None:
        return format.lower().lstrip(".")
    suffix = path.suffix.lower().lstrip(".")
    if not suffix:
        raise RenderError(
            f"cannot tell the format of {str(path)!r}: give it an extension "
            "(.svg, .png, .pdf) or pass format="
        )
    return suffix


def render(
    project: Project,
    path: str | os.PathLike[str],
    format: str | None = None,  # noqa: A002  (Graphviz's word)
    engine: str = "dot",
    *,
    timeout: float | None = 120.0,
    dpi: int | None = None,
    auto_engine: bool = True,
    **options: Any,
) -> Path:
    """Draw the project's diagram to an SVG, PNG, PDF (or any Graphviz format) file.

    Parameters
    ----------
    project : Project
        The project to draw.
    path : str or path
        The file to write; the format comes from its extension unless *format*
        is given.  ``.gv``/``.dot`` write the DOT text and ``.mmd`` the Mermaid
        text, without running Graphviz.
    format : str, optional
        A Graphviz output format: ``"svg"``, ``"png"``, ``"pdf"``, ...
    engine : str
        The Graphviz layout engine (:data:`ENGINES`).  ``dot`` (the default)
        lays out the flow of relationships in ranks and draws boxes; ``fdp`` and
        ``neato`` also draw boxes; ``sfdp`` is fastest on large graphs but drops
        the boxes.
    timeout : float or None
        Seconds to wait for Graphviz.
    dpi : int, optional
        Resolution of raster formats (PNG: 150 unless given).
    auto_engine : bool
        With ``engine="dot"`` and more than :data:`SWITCH_ENGINE_NODES` nodes,
        use ``sfdp`` instead and warn (:class:`LayoutWarning`).
    **options
        The options of :func:`to_dot`.

    Returns
    -------
    Path
        The file written.  Nothing is written if rendering fails.

    Raises
    ------
    GraphvizNotFoundError
        If Graphviz is not installed (the message says how to install it).
    RenderError
        If Graphviz fails (with its message), times out, or an option is wrong.

    Warns
    -----
    GraphvizWarning
        When Graphviz reports problems but draws the diagram.
    LayoutWarning
        When a large diagram is laid out with ``sfdp`` instead of ``dot``.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_category("Shared identity")
    >>> gtgraph.render(p, "theory.svg", level="categories")  # doctest: +SKIP
    PosixPath('theory.svg')
    """
    target = Path(path)
    fmt = _format_of(target, format)
    if fmt in _TEXT_FORMATS:
        if _TEXT_FORMATS[fmt] == "dot":
            text = to_dot(project, **options)
        else:
            text = to_mermaid(project, **options)
        _write(target, text.encode("utf-8"))
        return target
    check_engine(engine)
    diagram, settings = _prepare(project, **options)
    data = render_diagram(
        diagram,
        settings,
        format=fmt,
        engine=engine,
        timeout=timeout,
        dpi=dpi,
        auto_engine=auto_engine,
    )
    _write(target, data)
    return target


def render_diagram(
    diagram: Diagram,
    settings: DotSettings,
    *,
    format: str = "svg",  # noqa: A002
    engine: str = "dot",
    timeout: float | None = 120.0,
    dpi: int | None = None,
    auto_engine: bool = True,
) -> bytes:
    """Lay out and draw a diagram; return the bytes Graphviz produced."""
    args = []
    if engine == "dot" and auto_engine and len(diagram.nodes) > SWITCH_ENGINE_NODES:
        warnings.warn(
            f"the diagram has {len(diagram.nodes)} nodes, more than "
            f"{SWITCH_ENGINE_NODES}: laying it out with sfdp, which is much faster "
            "than dot but draws no boxes around categories; draw a higher level "
            "or fewer elements (include=/exclude=) to keep dot, or pass "
            "auto_engine=False to wait for dot",
            LayoutWarning,
            stacklevel=3,
        )
        engine = "sfdp"
    if engine != "dot":
        # Spread nodes so that none overlap, and keep boxes apart.
        args += ["-Goverlap=prism", "-Gsep=+6"]
        if engine in {"fdp", "neato", "sfdp"}:
            settings = attrs.evolve(settings, edge_labels="xlabel")
    if format in RASTER_FORMATS:
        args.append(f"-Gdpi={dpi if dpi is not None else 150}")
    elif dpi is not None:
        args.append(f"-Gdpi={dpi}")

    def draw(chosen: DotSettings) -> bytes:
        return run_graphviz(
            dot_text(build_dot(diagram, chosen)),
            format=format,
            engine=engine,
            timeout=timeout,
            args=args,
        )

    try:
        return draw(settings)
    except RenderError as error:
        # dot's network simplex sometimes gives up on boxes whose members are
        # linked in cycles; laying edge labels out afterwards avoids it.
        if "trouble in init_rank" not in str(error) or engine != "dot":
            raise
        simpler = attrs.evolve(settings, edge_labels="xlabel", order_boxes=False)
        if simpler == settings:
            raise
        warnings.warn(
            "dot could not rank this diagram with its edge labels laid out; "
            "drawing it with the labels placed after layout (edge_labels='xlabel')",
            LayoutWarning,
            stacklevel=3,
        )
        return draw(simpler)


def _write(target: Path, data: bytes) -> None:
    """Write *data* to *target* with gtgraph's one atomic writer (no planted links)."""
    atomic_write(target, data)
