"""Fitting a diagram to a printed page: page sizes, type sizes and the fit.

A page is the *text block* a figure goes into (the page less its margins),
in centimetres.  :func:`render` lays the diagram out, measures it, and when
fitting it to the page would print any text smaller than :data:`MIN_POINTS`,
sets all type larger and lays it out again; the final drawing carries
Graphviz's ``size`` attribute, so it is drawn at the page's size or smaller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from gtgraph.drawing._styles import Style
from gtgraph.errors import RenderError

__all__ = [
    "MIN_POINTS",
    "PAGES",
    "fit_factor",
    "page_size",
    "scaled_style",
    "size_attribute",
    "smallest_font",
]

#: The smallest type a printed figure should have, in points.
MIN_POINTS = 7.0

#: Named pages: the text block (width, height) in centimetres of a portrait
#: page with the margins usual for a thesis.  A4 (21 x 29.7 cm) less 2.5 cm
#: margins and room for a caption gives 16 x 24 cm; US Letter (8.5 x 11 in)
#: less 1 in margins gives 6.5 x 9 in.  The ``-landscape`` pages turn them.
PAGES: Mapping[str, tuple[float, float]] = {
    "a4": (16.0, 24.0),
    "letter": (16.5, 22.9),
    "a4-landscape": (24.0, 16.0),
    "letter-landscape": (22.9, 16.5),
}

_CM_PER_INCH = 2.54
_POINTS_PER_INCH = 72.0


def page_size(page: Any) -> tuple[float, float] | None:
    """Return the text block (width, height) in centimetres that *page* names.

    Parameters
    ----------
    page : str, (float, float) or None
        A name of :data:`PAGES`, or (width, height) in centimetres; None for
        no page (the diagram is drawn at its natural size).

    Raises
    ------
    RenderError
        If *page* is neither.

    Examples
    --------
    >>> from gtgraph.drawing._page import page_size
    >>> page_size("a4"), page_size((12, 18)), page_size(None)
    ((16.0, 24.0), (12.0, 18.0), None)
    """
    if page is None:
        return None
    if isinstance(page, str):
        key = page.strip().lower()
        if key in PAGES:
            return PAGES[key]
        raise RenderError(
            f"page={page!r} is not a page; use {', '.join(map(repr, PAGES))}, "
            "(width_cm, height_cm) or None"
        )
    try:
        width, height = (float(x) for x in page)
    except (TypeError, ValueError):
        raise RenderError(
            f"page={page!r} must be a page name or (width_cm, height_cm)"
        ) from None
    if not (width > 0 and height > 0) or max(width, height) > 500:  # noqa: PLR2004
        raise RenderError(
            f"page={page!r}: width and height must be positive centimetres (at most 500)"
        )
    return (width, height)


def size_attribute(page: tuple[float, float]) -> str:
    """Return Graphviz's ``size`` (inches) for a page in centimetres.

    Examples
    --------
    >>> from gtgraph.drawing._page import size_attribute
    >>> size_attribute((16.0, 24.0))
    '6.299,9.449'
    """
    return f"{page[0] / _CM_PER_INCH:.4g},{page[1] / _CM_PER_INCH:.4g}"


def fit_factor(drawn: tuple[float, float], page: tuple[float, float] | None) -> float:
    """Return the factor (at most 1) that fits a drawing of *drawn* points into *page*.

    Examples
    --------
    >>> from gtgraph.drawing._page import fit_factor
    >>> round(fit_factor((907.1, 500.0), (16.0, 24.0)), 3)
    0.5
    >>> fit_factor((100.0, 100.0), (16.0, 24.0))
    1.0
    """
    if page is None:
        return 1.0
    width = page[0] / _CM_PER_INCH * _POINTS_PER_INCH
    height = page[1] / _CM_PER_INCH * _POINTS_PER_INCH
    return min(1.0, width / max(drawn[0], 1e-9), height / max(drawn[1], 1e-9))


_SIZED = ("fontsize", "point-size")
_NUMBER = re.compile(r"\d+(?:\.\d+)?\Z")


def _size_of(attributes: Mapping[str, str]) -> list[float]:
    return [float(v) for k, v in attributes.items() if k in _SIZED and _NUMBER.match(v)]


def smallest_font(
    style: Style,
    *,
    kinds: Iterable[str] | None = None,
    boxes: Iterable[str] | None = None,
    details: bool = False,
) -> float:
    """Return the smallest type size (points) the style sets for what is drawn.

    *kinds* and *boxes* are the node and box kinds drawn (all of the style's,
    when None); edge labels and the key use the edge size.  The size of
    evidence details counts only with *details*.

    Examples
    --------
    >>> from gtgraph.drawing import DEFAULT_STYLE
    >>> from gtgraph.drawing._page import smallest_font
    >>> smallest_font(DEFAULT_STYLE, kinds=["category", "core"], boxes=["theme"])
    12.0
    >>> smallest_font(DEFAULT_STYLE, kinds=["code"])
    11.0
    """
    node = style.node
    sizes = _size_of(style.edge)
    chosen = (
        style.kinds if kinds is None else {k: style.kinds.get(k, {}) for k in kinds}
    )
    for attributes in chosen.values():
        sizes += _size_of({**node, **attributes})
    shown = (
        style.clusters
        if boxes is None
        else {k: style.clusters.get(k, {}) for k in boxes}
    )
    for attributes in shown.values():
        sizes += _size_of({**style.graph, **attributes})
    if details:
        sizes += _size_of(style.detail)
    return min(sizes, default=14.0)


def scaled_style(style: Style, factor: float) -> Style:
    """Return *style* with every type size multiplied by *factor* (one decimal).

    Examples
    --------
    >>> from gtgraph.drawing import DEFAULT_STYLE
    >>> from gtgraph.drawing._page import scaled_style
    >>> scaled_style(DEFAULT_STYLE, 1.5).edge["fontsize"]
    '18'
    """

    def scale(attributes: Mapping[str, str]) -> dict[str, str]:
        return {
            k: (f"{float(v) * factor:.3g}" if k in _SIZED and _NUMBER.match(v) else v)
            for k, v in attributes.items()
        }

    changes: dict[str, Any] = {
        name: scale(getattr(style, name))
        for name in ("graph", "node", "edge", "detail")
    }
    for name in ("kinds", "clusters", "families", "relations"):
        changes[name] = {k: scale(v) for k, v in getattr(style, name).items()}
    return style.updated(changes)
