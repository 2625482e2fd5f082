"""The public drawing functions: ``to_dot``, ``to_pydot``, ``render``, ``to_mermaid``.

Every function takes the project and the same keyword options (see
:func:`to_dot`).  The DOT text is written by gtgraph itself, with synthetic node
ids and escaped labels, so that any name is drawn exactly; Graphviz is run as a
separate program (see :func:`gtgraph.drawing.run_graphviz`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

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
from gtgraph.drawing._page import (
    page_size,
)
from gtgraph.drawing._styles import Style, resolve_style, with_relation_looks
from gtgraph.errors import RenderError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "FAST_LAYOUT_NODES",
    "LABEL_EDGES",
    "SWITCH_ENGINE_NODES",
    "LayoutWarning",
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
LABEL_EDGES = 250

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
    legend: bool | None = None,
    rankdir: str | None = None,
    title: str | bool | None = None,
    style: Style | Mapping[str, Any] | None = None,
    edge_labels: str = "auto",
    fast: bool | None = None,
    wrap: int | None = 14,
    as_of: Any = None,
    page: Any = "a4",
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
    turnable = rankdir is None
    if rankdir is None:
        rankdir = "TB"
    if rankdir not in RANKDIRS:
        raise RenderError(
            f"rankdir={rankdir!r} is not a direction; use {', '.join(RANKDIRS)}"
        )
    if fast is None:
        fast = len(diagram.nodes) > FAST_LAYOUT_NODES
    if edge_labels == "auto":
        labelled = sum(1 for e in diagram.edges if e.label or e.detail)
        edge_labels = "xlabel" if fast or labelled > LABEL_EDGES else "node"
    if edge_labels not in EDGE_LABELS:
        raise RenderError(
            f"edge_labels={edge_labels!r} is not valid; use 'auto', "
            f"{', '.join(repr(m) for m in EDGE_LABELS)}"
        )
    relations = {
        e.relation: (e.family, not e.directed)
        for e in diagram.edges
        if e.relation is not None
    }
    if legend is None:
        # The key explains line patterns when there are several to tell apart.
        legend = level != "codes" and (
            len(relations) >= 2  # noqa: PLR2004  (more than one look to tell apart)
            or (edge_labels == "none" and bool(relations))
        )
    if wrap is not None and (
        isinstance(wrap, bool) or not isinstance(wrap, int) or wrap < 1
    ):
        raise RenderError(
            f"wrap={wrap!r} must be a positive number of characters or None"
        )
    settings = DotSettings(
        style=with_relation_looks(resolve_style(style), relations),
        rankdir=rankdir,
        legend=bool(legend),
        edge_labels=edge_labels,
        fast=bool(fast),
        wrap=wrap,
        page=page_size(page),
        turnable=turnable,
        details=show_evidence,
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
    legend: bool | None = None,
    rankdir: str | None = None,
    title: str | bool | None = None,
    style: Style | Mapping[str, Any] | None = None,
    edge_labels: str = "auto",
    fast: bool | None = None,
    wrap: int | None = 14,
    as_of: Any = None,
    page: Any = "a4",
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
    legend : bool, optional
        Add a key: the kinds of node drawn and every relation type used.  By
        default there is a key at the category and theme levels when two or
        more relation types are drawn (or one, with ``edge_labels="none"``).
    rankdir : {"TB", "LR", "BT", "RL"}, optional
        Direction of the flow of relationships.  By default top to bottom
        (for portrait pages); :func:`render` turns it left to right when that
        fits the page with larger type.
    title : str or bool, optional
        A title above the diagram; True uses the project's title.
    style : Style or mapping, optional
        The look; a mapping changes the default (see :class:`Style`).
    edge_labels : {"auto", "node", "label", "xlabel", "none"}
        How relationship names are placed: ``"node"`` draws the line through
        its name (a label cannot be read as another line's), ``"label"`` lets
        Graphviz lay names out beside their lines, ``"xlabel"`` places them
        after layout (much faster on large diagrams, but they may overlap),
        ``"none"`` leaves them out (the key explains the lines).  ``"auto"``
        uses ``"node"`` up to :data:`LABEL_EDGES` labelled edges.
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
    page : {"a4", "letter", "a4-landscape", "letter-landscape"}, (float, float) or None
        The text block the figure must fit, by name (``gtgraph.drawing.PAGES``: A4 is
        16 x 24 cm) or as (width, height) in centimetres.  Graphviz scales a
        larger drawing down to it; :func:`render` also sets the type larger
        where needed so that no text prints below 7 pt.  None draws the
        diagram at its natural size.

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
      graph [fontname="DejaVu Sans", ...rankdir=TB, size="6.299,9.449"];
    ...
      subgraph cluster_0 {
        graph [label=<<B>The process of</B><BR ALIGN="LEFT"/><B>disclosure</B>...];
        n0 [label=<Disclosure of<BR/>difficulties>, ...];
      }
      n1 [label=<Shared<BR/>identity>, ...];
      l0 [label=<leads to>, shape=plaintext, ...];
      n0 -> l0 [...dir=none, ltail=cluster_0];
      l0 -> n1 [...arrowhead=normal];
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
        page=page,
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
    ['<&quot;being on the<BR/>same planet&quot;>']
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
    rounded boxes for categories, boxes for codes, a flag for memos; each
    relation type's line pattern, end (arrow, circle or cross) and colour as
    near as Mermaid allows.

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
      n1 -.-o|"is condition for"| n0
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
