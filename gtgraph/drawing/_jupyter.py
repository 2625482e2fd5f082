"""Showing a project as its diagram in Jupyter (the ``_repr_mimebundle_`` protocol).

IPython calls every ``_repr_*_`` method an object defines, so a project defines
only ``_repr_mimebundle_``, which delegates to :func:`repr_mimebundle`: one
Graphviz run per display, cached on the DOT text.  Without Graphviz, or if
anything goes wrong, the display falls back to text and never raises.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gtgraph.drawing._api import _prepare
from gtgraph.drawing._dot import build_dot, dot_text
from gtgraph.drawing._render import render_diagram

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["repr_mimebundle"]

SVG = "image/svg+xml"
PLAIN = "text/plain"
MARKDOWN = "text/markdown"

_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 16
#: Seconds a notebook waits for Graphviz before showing text instead.
TIMEOUT = 30.0


def _summary(project: Any) -> str:
    try:
        return repr(project)
    except Exception:  # noqa: BLE001  (display must never fail)
        return "<Project>"


def repr_mimebundle(
    project: Project,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> dict[str, str]:
    """Return the project as a Jupyter display bundle: its diagram as SVG, and text.

    The category-level diagram is drawn (the code-level one when the project
    has codes but no categories).  When Graphviz is missing or fails, the
    bundle holds Markdown with the reason and the DOT text instead of the SVG.
    This function never raises.

    Parameters
    ----------
    project : Project
        The project to show.
    include, exclude : iterable of str, optional
        MIME types IPython asks for or rules out.

    Returns
    -------
    dict
        ``{"image/svg+xml": svg, "text/plain": summary}``, or
        ``{"text/markdown": ..., "text/plain": summary}`` as a fallback.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.drawing import repr_mimebundle
    >>> p = gtgraph.Project(title="t")
    >>> _ = p.add_category("Shared identity")
    >>> sorted(repr_mimebundle(p, include=["text/plain"]))
    ['text/plain']
    """
    wanted = set(include) if include is not None else {SVG, MARKDOWN, PLAIN}
    wanted -= set(exclude or ())
    summary = _summary(project)
    bundle: dict[str, str] = {}
    if PLAIN in wanted:
        bundle[PLAIN] = summary
    if not wanted & {SVG, MARKDOWN}:
        return bundle
    dot = ""
    notes: list[str] = []
    try:
        level = "categories" if len(project.categories) else "codes"
        if not len(project.categories) and not len(project.codes):
            if MARKDOWN in wanted:
                bundle[MARKDOWN] = f"{summary}: no codes or categories to draw yet."
            return bundle
        # On screen, not on a page: drawn at its natural size.
        diagram, settings = _prepare(project, level=level, page=None)
        dot = dot_text(build_dot(diagram, settings))
        if SVG in wanted:
            key = hashlib.sha256(dot.encode("utf-8")).hexdigest()
            svg = _CACHE.get(key)
            if svg is None:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    data = render_diagram(diagram, settings, timeout=TIMEOUT)
                notes = [str(w.message) for w in caught]
                svg = data.decode("utf-8")
                _CACHE[key] = svg
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
            else:
                _CACHE.move_to_end(key)
            bundle[SVG] = svg
            if notes and PLAIN in bundle:
                bundle[PLAIN] = summary + "\n" + "\n".join(notes)
            return bundle
    except Exception as error:  # noqa: BLE001  (display must never fail)
        reason = str(error) or type(error).__name__
        if PLAIN in bundle:
            bundle[PLAIN] = f"{summary}\n(no diagram: {reason})"
        if MARKDOWN in wanted:
            text = f"**No diagram**: {reason}"
            if dot:
                text += f"\n\n```dot\n{dot}```\n"
            bundle[MARKDOWN] = text
        return bundle
    if MARKDOWN in wanted:
        bundle[MARKDOWN] = f"```dot\n{dot}```\n"
    return bundle
