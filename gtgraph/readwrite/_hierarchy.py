"""Codes named by a path: ``food.pastry``, ``Coke::diet Coke``, a folder-like path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.readwrite._report import Reporter

__all__ = ["code_from_path", "put_under"]


def code_from_path(
    project: Project,
    path: str,
    separator: str | None,
    *,
    definition: str = "",
    reporter: Reporter | None = None,
) -> str:
    """Return the id of the code a path names, creating it and its categories.

    The last part of the path is the code; the parts before it are categories,
    each inside the one before.  Links that would break a rule of the hierarchy
    (close a cycle, or nest deeper than the limit) are left out, and reported to
    *reporter* as a :class:`~gtgraph.FormatWarning`.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite._hierarchy import code_from_path
    >>> p = gtgraph.Project()
    >>> code = code_from_path(p, "food.pastry", ".")
    >>> p.get(code).name, [c.name for c in p.parents(code)]
    ('pastry', ['food'])
    """
    parts = [p.strip() for p in path.split(separator)] if separator else [path]
    parts = [p for p in parts if p] or [path]
    code = project.codes.get(parts[-1])
    if code is None:
        code = project.add_code(parts[-1], definition=definition)
    parent: str | None = None
    for part in parts[:-1]:
        category = project.categories.get(part) or project.add_category(part)
        _report(put_under(project, category.id, parent), path, reporter)
        parent = category.id
    _report(put_under(project, code.id, parent), path, reporter)
    return code.id


def _report(error: GtGraphError | None, path: str, reporter: Reporter | None) -> None:
    if error is not None and reporter is not None:
        reporter.add(
            "hierarchy",
            "hierarchy links that would break a rule were dropped",
            f"{path!r}: {error}",
        )


def put_under(project: Project, child: str, parent: str | None) -> GtGraphError | None:
    """Put *child* inside the category *parent* (if any) unless it is there already.

    Return the error that refused the link (it would close a cycle), or None.
    """
    if parent is None or parent in {c.id for c in project.parents(child)}:
        return None
    try:
        project.categorize(child, parent, create=True)
    except GtGraphError as error:
        return error
    return None
