"""Coding what a reader found in one change, so that the history holds one event."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["code_all"]


def code_all(
    project: Project,
    spans: Sequence[tuple[Mapping[str, Any], str]],
    failed: Callable[[str, GtGraphError], None],
) -> None:
    """Code *spans* with one :meth:`Project.code_many` call; skip the ones that fail.

    Each span is ``(keys of Project.code, label)``.  When every span can be coded
    the history gains one ``code_many`` event.  When one cannot, the batch
    leaves nothing behind and the spans are coded one by one instead, as the
    readers always did: each that fails is passed to *failed* with its label and
    skipped, the others are coded (one event each).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite._batch import code_all
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard.")
    >>> code_all(p, [({"source": s.id, "start": 0, "end": 6, "codes": ["x"]}, "#1")], print)
    >>> [e.op for e in p.history]
    ['add_source', 'code_many']
    >>> code_all(p, [({"source": s.id, "start": 0, "end": 60, "codes": ["x"]}, "#2")],
    ...          lambda label, error: print(label, type(error).__name__))
    #2 ValidationError
    """
    if not spans:
        return
    try:
        project.code_many([span for span, _ in spans], create=True)
    except GtGraphError:
        for span, label in spans:
            try:
                project.code(**span, create=True)
            except GtGraphError as error:  # noqa: PERF203 - each failure is reported
                failed(label, error)
