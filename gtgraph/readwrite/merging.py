"""Merging projects: two coders' files into one, and three-way merges for git.

:func:`gtgraph.merge` folds projects that were coded separately on the same sources
into one; :func:`merge3` merges two versions of one project file against the
version they both started from, which is what a version-control system asks
of a merge driver (:func:`merge_files`, the ``gtgraph merge-driver`` command).

Elements are matched by what they are, not by their ids (which two copies of a
project hand out independently):

- sources by their text (sources without text by name);
- codes by name; categories by name; a code or category's place in the
  hierarchy by the pair of names;
- codings by source, offsets, code and coder, so that each coder's codings
  stay that coder's (which is what :func:`~gtgraph.reliability.agreement` compares);
- relationships by their two ends and type; memos by author and creation time.

What cannot be merged without a decision is listed as a :class:`Conflict` and
resolved in favour of the first project ("ours"), never silently: the same
name with different definitions, a code placed in different categories, two
relationships that contradict each other (different types between the same
concepts, or one the reverse of the other), and changes to one element made
differently on both sides.

The merged project starts as a copy of the first project, with its history;
everything brought in from the others is added through the project's own
methods, so it is validated as any change is and recorded in the history under
the coder whose work it is.  The other projects' own histories stay in their
files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gtgraph.errors import GtGraphError
from gtgraph.readwrite._merging import Conflict, Merger, MergeReport
from gtgraph.readwrite._native import dumps, load, loads, save

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["Conflict", "MergeReport", "merge", "merge3", "merge_files"]


def merge(*projects: Project) -> tuple[Project, MergeReport]:
    """Merge projects coded separately on the same sources into one.

    Parameters
    ----------
    *projects : Project
        Two or more projects; the first one's choices win conflicts.

    Returns
    -------
    (Project, MergeReport)
        The merged project (a new one: the given projects are not changed) and
        what the merge added and could not decide.

    Raises
    ------
    GtGraphError
        If fewer than two projects are given.

    Examples
    --------
    >>> import gtgraph
    >>> text = "I was nervous. She had been there too."
    >>> hb = gtgraph.Project(actor="HB")
    >>> _ = hb.code(hb.add_source("i1", text=text), 0, 13, codes="feeling nervous")
    >>> rk = gtgraph.Project(actor="RK")
    >>> _ = rk.code(rk.add_source("interview 1", text=text), 0, 13, codes="feeling nervous")
    >>> both, report = gtgraph.merge(hb, rk)
    >>> both.coders, [s.name for s in both.sources], report.clean
    (['HB', 'RK'], ['i1'], True)
    """
    if len(projects) < 2:  # noqa: PLR2004 - a merge needs two
        raise GtGraphError("merge needs two or more projects")
    merged = loads(dumps(projects[0]))
    merged.actor = projects[0].actor
    report = MergeReport()
    for other in projects[1:]:
        Merger(merged, None, other, report).run()
    return merged, report


def merge3(
    base: Project, ours: Project, theirs: Project
) -> tuple[Project, MergeReport]:
    """Merge two versions of a project against the version both started from.

    What *theirs* changed since *base* is applied to a copy of *ours*:
    additions are added, removals removed (unless *ours* changed the element
    since), changed definitions taken (unless *ours* changed them too, which is
    a conflict).

    Returns
    -------
    (Project, MergeReport)

    Examples
    --------
    >>> import gtgraph
    >>> base = gtgraph.Project(actor="HB")
    >>> src = base.add_source("i1", text="I was nervous. She had been there too.")
    >>> ours, _ = gtgraph.merge(base, gtgraph.Project())
    >>> theirs, _ = gtgraph.merge(base, gtgraph.Project())
    >>> _ = ours.code("i1", 0, 13, codes="nervous", coder="HB")
    >>> _ = theirs.code("i1", 15, 37, codes="shared experience", coder="RK")
    >>> merged, report = merge3(base, ours, theirs)
    >>> sorted(c.name for c in merged.codes), report.clean
    (['nervous', 'shared experience'], True)
    """
    merged = loads(dumps(ours))
    merged.actor = ours.actor
    report = MergeReport()
    Merger(merged, base, theirs, report).run()
    return merged, report


def merge_files(
    base: str | os.PathLike[str],
    ours: str | os.PathLike[str],
    theirs: str | os.PathLike[str],
) -> MergeReport:
    """Merge three project files as a git merge driver does, writing into *ours*.

    *ours* is replaced (atomically) by the merged project, also when there are
    conflicts: the file always stays a valid project, and the conflicts are in
    the report.  An empty *base* (a file both sides added) is an empty project.

    Examples
    --------
    See :doc:`/howto/agreement` for the ``.gitattributes`` line and the
    ``git config`` command that install ``gtgraph merge-driver``.
    """
    from gtgraph.project import Project

    base_project = load(base) if Path(base).stat().st_size else Project()
    merged, report = merge3(base_project, load(ours), load(theirs))
    save(merged, ours, force=True, backup=False)
    return report
