"""The one limit on how deep a hierarchy may grow, as the API applies it.

:data:`gtgraph.model.MAX_HIERARCHY_DEPTH` levels: the same limit
:func:`gtgraph.load`, the readers and the writers apply, so that whatever the API
accepts can be written and read back.  Depths are measured by walking the
hierarchy level by level, never by recursion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from gtgraph.errors import ValidationError
from gtgraph.model._values import MAX_HIERARCHY_DEPTH

__all__ = ["check_depth"]


def check_depth(project: Any, cid: str, pid: str, *, child_is_category: bool) -> None:
    """Refuse putting *cid* under *pid* when the hierarchy would grow past the limit.

    Raises
    ------
    ValidationError
        Naming both, the depth it would reach and the limit.
    """
    store = project._store  # noqa: SLF001 - a part of the Project
    above = _levels(pid, store.parents_of)
    below = _levels(cid, store.children_of) if child_is_category else 0
    if above + 1 + below > MAX_HIERARCHY_DEPTH:
        display = project._display  # noqa: SLF001 - a part of the Project
        raise ValidationError(
            f"cannot put {display(cid)!r} under {display(pid)!r}: the "
            f"hierarchy would be {above + 1 + below} levels deep, more than the "
            f"{MAX_HIERARCHY_DEPTH} gtgraph allows (so that every file format can "
            "hold it); flatten the categories above or below"
        )


def _levels(start: str, step: Callable[[str], Iterable[str]]) -> int:
    """Return the most links from *start* following *step* (stops past the limit)."""
    frontier = {start}
    levels = 0
    while levels <= MAX_HIERARCHY_DEPTH:
        frontier = {other for node in frontier for other in step(node)}
        if not frontier:
            break
        levels += 1
    return levels
