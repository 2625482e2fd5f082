"""Rendering a diagram with Graphviz to a file, fitted to a page.

:func:`render` writes SVG, PNG, PDF (or any Graphviz format) and the DOT or
Mermaid text; :func:`render_report` also says how the drawing fits its page
(:class:`Rendered`).  Fitting: the diagram is laid out and measured
(Graphviz's ``plain`` output), and while its smallest type would print below
7 pt once scaled to the page, all type is set larger and it is laid out again
(see ``_page``).
"""

from __future__ import annotations

import math
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.drawing._api import (
    SWITCH_ENGINE_NODES,
    LayoutWarning,
    _prepare,
    to_dot,
    to_mermaid,
)
from gtgraph.drawing._diagram import Diagram
from gtgraph.drawing._dot import DotSettings, build_dot, dot_text
from gtgraph.drawing._page import MIN_POINTS, fit_factor, scaled_style, smallest_font
from gtgraph.drawing._run import check_engine, run_graphviz
from gtgraph.errors import RenderError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["RASTER_FORMATS", "Rendered", "render", "render_diagram", "render_report"]

#: Raster formats, rendered at ``dpi`` (default 150) so they read well on a page.
RASTER_FORMATS = frozenset({"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"})

_TEXT_FORMATS = {"gv": "dot", "dot": "dot", "mmd": "mermaid", "mermaid": "mermaid"}

_CM_PER_POINT = 2.54 / 72


@attrs.frozen
class Rendered:
    """What :func:`render_report` wrote, and how it fits its page.

    Parameters
    ----------
    path : Path
        The file written.
    width_cm, height_cm : float or None
        The drawing's size as printed (None for DOT and Mermaid text).
    page : (float, float) or None
        The text block it was fitted to, in centimetres.
    smallest_pt : float or None
        The size its smallest type prints at, in points.

    Examples
    --------
    >>> from pathlib import Path
    >>> from gtgraph.drawing import Rendered
    >>> print(Rendered(Path("t.svg"), 15.2, 24.0, (16.0, 24.0), 8.4).summary())
    t.svg: 15.2 x 24.0 cm, fits the 16 x 24 cm page, smallest type 8.4 pt
    """

    path: Path
    width_cm: float | None = None
    height_cm: float | None = None
    page: tuple[float, float] | None = None
    smallest_pt: float | None = None

    @property
    def fits(self) -> bool:
        """True when the smallest type prints at 7 pt or more."""
        return self.smallest_pt is not None and self.smallest_pt >= MIN_POINTS - 0.05

    def summary(self) -> str:
        """Return one line saying what was written and how it fits."""
        if self.width_cm is None or self.height_cm is None:
            return str(self.path)
        out = f"{self.path}: {self.width_cm:.1f} x {self.height_cm:.1f} cm"
        if self.page is not None:
            width, height = self.page
            verdict = "fits" if self.fits else "is scaled down to"
            out += f", {verdict} the {width:g} x {height:g} cm page"
        if self.smallest_pt is not None:
            out += f", smallest type {self.smallest_pt:.1f} pt"
        return out


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
        The options of :func:`to_dot`, among them *page* (A4 by default): the
        drawing is fitted to the page's text block, with its type set larger
        where needed so that none prints below 7 pt.

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
        When the diagram does not fit its page with type of 7 pt or more (the
        message says what to do), or a large diagram is laid out with ``sfdp``
        instead of ``dot``.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_category("Shared identity")
    >>> gtgraph.render(p, "theory.svg", level="categories")  # doctest: +SKIP
    PosixPath('theory.svg')
    """
    return render_report(
        project,
        path,
        format,
        engine,
        timeout=timeout,
        dpi=dpi,
        auto_engine=auto_engine,
        **options,
    ).path


def render_report(
    project: Project,
    path: str | os.PathLike[str],
    format: str | None = None,  # noqa: A002  (Graphviz's word)
    engine: str = "dot",
    *,
    timeout: float | None = 120.0,
    dpi: int | None = None,
    auto_engine: bool = True,
    **options: Any,
) -> Rendered:
    """Draw the diagram as :func:`render` does; return what was written and its fit.

    Takes the arguments of :func:`render`.  The drawing is measured once more
    when no page is given, to report its size.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.drawing import render_report
    >>> p = gtgraph.Project()
    >>> _ = p.add_category("Shared identity")
    >>> print(render_report(p, "theory.svg").summary())  # doctest: +SKIP
    theory.svg: 3.7 x 1.5 cm, fits the 16 x 24 cm page, smallest type 12.0 pt
    """
    target = Path(path)
    fmt = _format_of(target, format)
    if fmt in _TEXT_FORMATS:
        if _TEXT_FORMATS[fmt] == "dot":
            text = to_dot(project, **options)
        else:
            text = to_mermaid(project, **options)
        _write(target, text.encode("utf-8"))
        return Rendered(target)
    check_engine(engine)
    diagram, settings = _prepare(project, **options)
    fit: list[Rendered] = []
    data = render_diagram(
        diagram,
        settings,
        format=fmt,
        engine=engine,
        timeout=timeout,
        dpi=dpi,
        auto_engine=auto_engine,
        report=fit,
    )
    _write(target, data)
    return attrs.evolve(fit[0], path=target) if fit else Rendered(target)


def render_diagram(
    diagram: Diagram,
    settings: DotSettings,
    *,
    format: str = "svg",  # noqa: A002
    engine: str = "dot",
    timeout: float | None = 120.0,
    dpi: int | None = None,
    auto_engine: bool = True,
    report: list[Rendered] | None = None,
) -> bytes:
    """Lay out and draw a diagram; return the bytes Graphviz produced.

    With *report* (a list), the drawing's size and fit are appended to it.
    """
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

    def draw(chosen: DotSettings, output: str = format) -> bytes:
        return run_graphviz(
            dot_text(build_dot(diagram, chosen)),
            format=output,
            engine=engine,
            timeout=timeout,
            args=args,
        )

    def measure(c: DotSettings) -> tuple[float, float]:
        width, height = _drawn_size(draw(c, "plain"))
        margin = 2 * _pad(c.style.graph.get("pad"))
        return width + margin, height + margin

    def lay_out(chosen: DotSettings) -> bytes:
        smallest = smallest_font(
            chosen.style,
            kinds={n.kind for n in diagram.nodes},
            boxes={c.kind for c in diagram.clusters},
            details=chosen.details,
        )
        if chosen.page is None or not diagram.nodes:
            if report is not None and diagram.nodes and engine == "dot":
                size = measure(chosen)
                report.append(_rendered(size, None, smallest))
            return draw(chosen)

        fitted, printed = _fit_type(chosen, measure, smallest)
        if printed < MIN_POINTS and chosen.turnable:
            turned = attrs.evolve(chosen, rankdir="LR")
            other, across = _fit_type(turned, measure, smallest)
            if across > printed:
                fitted, printed = other, across
        if printed < MIN_POINTS:
            _warn_too_large(chosen.page, printed)
        if report is not None:
            size = measure(fitted)
            scale = fit_factor(size, chosen.page)
            report.append(_rendered(size, chosen.page, printed / scale, scale))
        return draw(fitted)

    try:
        return lay_out(settings)
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
        return lay_out(simpler)


#: At most this many layouts are tried when fitting a diagram to a page.
_FIT_TRIES = 4
#: Type is never set larger than this many times the style's sizes.
_MAX_ENLARGE = 2.0
#: A diagram whose type would print below this share of MIN_POINTS is not
#: worth enlarging: it needs a higher level, a part of it, or a larger page.
_HOPELESS = 0.6


def _rendered(
    size: tuple[float, float],
    page: tuple[float, float] | None,
    smallest: float,
    scale: float = 1.0,
) -> Rendered:
    """Describe a drawing of *size* points scaled by *scale*."""
    return Rendered(
        Path(),
        round(size[0] * scale * _CM_PER_POINT, 2),
        round(size[1] * scale * _CM_PER_POINT, 2),
        page,
        round(smallest * scale, 2),
    )


def _pad(value: str | None) -> float:
    """Return Graphviz's ``pad`` (inches, default 4 points) in points."""
    try:
        return float((value or "").split(",")[0]) * 72.0
    except ValueError:
        return 4.0


def _drawn_size(plain: bytes) -> tuple[float, float]:
    """Return (width, height) in points from Graphviz's ``plain`` output."""
    first = plain.split(b"\n", 1)[0].split()
    # "graph scale width height": the size in inches as laid out, before the
    # scale that fits it to size= is applied.
    width, height = (float(x) for x in first[2:4])
    return width * 72.0, height * 72.0


def _fit_type(
    settings: DotSettings,
    measure: Callable[[DotSettings], tuple[float, float]],
    smallest: float,
) -> tuple[DotSettings, float]:
    """Return settings whose smallest type prints at 7 pt or more on the page.

    The diagram is laid out, and scaled to fit the page; while its smallest
    type would print below :data:`MIN_POINTS`, all type is set larger (which
    makes the diagram grow less than its type) and it is laid out again.
    Returns the settings and the size (points) the smallest type prints at;
    when no try reaches 7 pt, the best one.  *smallest* is the smallest type
    size the style sets for what the diagram draws.
    """
    page = settings.page
    if page is None:  # pragma: no cover - callers fit only to a page
        return settings, math.inf
    base = settings.style
    factor, best, printed = 1.0, settings, 0.0
    for _ in range(_FIT_TRIES):
        chosen = attrs.evolve(settings, style=scaled_style(base, factor))
        now = smallest * factor * fit_factor(measure(chosen), page)
        # 2% to spare: Graphviz rounds the scale it fits the page with
        if now >= MIN_POINTS * 1.02:
            return chosen, now
        if now <= printed * 1.02:
            break  # larger type no longer prints larger
        best, printed = chosen, now
        if now < _HOPELESS * MIN_POINTS or factor >= _MAX_ENLARGE:
            break  # far too large for the page: keep the type as the style sets it
        factor = min(_MAX_ENLARGE, factor * MIN_POINTS / now * 1.06)
    return best, printed


def _warn_too_large(page: tuple[float, float], printed: float) -> None:
    width, height = page
    warnings.warn(
        f"the diagram does not fit a {width:g} x {height:g} cm page with type of "
        f"{MIN_POINTS:g} pt or more (its smallest type prints at {printed:.1f} pt); "
        "draw a higher level (level='categories' or 'themes'), draw part of it "
        "(include=/exclude=, e.g. one theme per page), split it across two "
        "pages, or give a larger page (page='a4-landscape' or page=None)",
        LayoutWarning,
        stacklevel=5,
    )


def _write(target: Path, data: bytes) -> None:
    """Write *data* to *target* through a new temporary file in the same folder.

    The temporary file is created exclusively (never an existing file or a
    planted link) and renamed over *target*, so a failed write leaves the old
    file; a link at *target* is replaced, not followed.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
