"""Comparison: two codes, or two participants, side by side."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError
from gtgraph.model import Segment
from gtgraph.project._analysis import Index, require_pandas
from gtgraph.queries._common import (
    _format_table,
    _ordered,
    _resolve,
)

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key

__all__ = ["Comparison", "ComparisonRow", "compare"]


@attrs.frozen
class ComparisonRow:
    """One line of a side-by-side comparison.

    Attributes
    ----------
    label : str
        A participant (when codes are compared) or a code (when participants are).
    a, b : tuple of Segment
        The segments on each side.
    """

    label: str
    a: tuple[Segment, ...]
    b: tuple[Segment, ...]


@attrs.frozen
class Comparison:
    """Two codes (or categories), or two participants, side by side.

    Attributes
    ----------
    kind : str
        ``"code"`` (codes or categories compared, one row per participant) or
        ``"participant"`` (participants compared, one row per code).
    a, b : str
        The names of the two things compared.
    rows : tuple of ComparisonRow
        Every participant (or code) with segments on either side.
    both : tuple of Segment
        Segments coded with both (codes only; empty for participants).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> a = p.add_source("i1", text="I trust her. I am scared.", participant="P01")
    >>> b = p.add_source("i2", text="I trust him.", participant="P02")
    >>> _ = p.code(a, 0, 12, codes="trust")
    >>> _ = p.code(a, 13, 24, codes="fear")
    >>> _ = p.code(b, 0, 12, codes="trust")
    >>> c = queries.compare(p, "P01", "P02")
    >>> c.shared, c.only_a, c.only_b
    (('trust',), ('fear',), ())
    """

    kind: str
    a: str
    b: str
    rows: tuple[ComparisonRow, ...]
    both: tuple[Segment, ...] = ()

    @property
    def shared(self) -> tuple[str, ...]:
        """Labels of the rows with segments on both sides."""
        return tuple(r.label for r in self.rows if r.a and r.b)

    @property
    def only_a(self) -> tuple[str, ...]:
        """Labels of the rows with segments on side *a* only."""
        return tuple(r.label for r in self.rows if r.a and not r.b)

    @property
    def only_b(self) -> tuple[str, ...]:
        """Labels of the rows with segments on side *b* only."""
        return tuple(r.label for r in self.rows if r.b and not r.a)

    def __str__(self) -> str:
        label = "participant" if self.kind == "code" else "code"
        values = [(len(r.a), len(r.b)) for r in self.rows]
        table = _format_table(
            label, [r.label for r in self.rows], [self.a, self.b], values
        )
        noun = "participant" if self.kind == "code" else "code"
        n = len(self.shared)
        head = (
            f"{self.a!r} and {self.b!r}: {n} {noun}{'' if n == 1 else 's'} shared, "
            f"{len(self.only_a)} only with {self.a!r}, {len(self.only_b)} only with "
            f"{self.b!r}"
        )
        lines = [head, table]
        if self.kind == "code":
            lines.append(f"segments coded with both: {len(self.both)}")
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """Return the segment counts per row as a pandas DataFrame.

        Raises
        ------
        GtGraphError
            If pandas is not installed.
        """
        pd = require_pandas()
        label = "participant" if self.kind == "code" else "code"
        return pd.DataFrame(
            [(len(r.a), len(r.b)) for r in self.rows],
            index=pd.Index([r.label for r in self.rows], name=label),
            columns=[self.a, self.b],
        )


def compare(project: Project, a: Key, b: Key, *, kind: str | None = None) -> Comparison:
    """Put two codes (or categories), or two participants, side by side.

    Comparing codes lists, per participant, the segments of each code (a
    category stands for every code under it), and the segments coded with
    both.  Comparing participants lists, per code, each participant's segments.

    Parameters
    ----------
    project : Project
        The project.
    a, b : str or record
        Two codes or categories, or two participants.
    kind : str, optional
        ``"code"``, ``"category"`` or ``"participant"``, when a name is used by
        more than one kind.

    Returns
    -------
    Comparison

    Raises
    ------
    ValidationError
        If *a* and *b* are not both concepts or both participants.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> a = p.add_source("i1", text="I trust her. I am scared.", participant="P01")
    >>> b = p.add_source("i2", text="I trust him.", participant="P02")
    >>> _ = p.code(a, 0, 12, codes="trust")
    >>> _ = p.code(a, 13, 24, codes="fear")
    >>> _ = p.code(b, 0, 12, codes="trust")
    >>> print(queries.compare(p, "trust", "fear"))
    'trust' and 'fear': 1 participant shared, 1 only with 'trust', 0 only with 'fear'
    participant  trust  fear
    P01              1     1
    P02              1     0
    segments coded with both: 0
    """
    kinds = ("code", "category", "participant") if kind is None else (kind,)
    id_a = _resolve(project, a, kinds)
    id_b = _resolve(project, b, kinds)
    index = Index(project)
    concept_a = id_a in index.codes or id_a in index.categories
    concept_b = id_b in index.codes or id_b in index.categories
    if concept_a != concept_b:
        raise ValidationError(
            f"compare two codes or categories, or two participants; {index.name(id_a)!r} "
            f"and {index.name(id_b)!r} are of different kinds"
        )
    if concept_a:
        return _compare_codes(project, index, id_a, id_b)
    return _compare_participants(project, index, id_a, id_b)


def _compare_codes(project: Project, index: Index, id_a: str, id_b: str) -> Comparison:
    under_a, under_b = index.codes_under(id_a), index.codes_under(id_b)
    per_case: dict[str, tuple[list[str], list[str]]] = {}
    both: list[str] = []
    for sid, row in index.segments.items():
        in_a = not under_a.isdisjoint(row[3])
        in_b = not under_b.isdisjoint(row[3])
        if not (in_a or in_b):
            continue
        case = index.case_of_source(row[0])
        sides = per_case.setdefault(case, ([], []))
        if in_a:
            sides[0].append(sid)
        if in_b:
            sides[1].append(sid)
        if in_a and in_b:
            both.append(sid)
    order = [*index.participants, *(s.id for s in project.sources)]
    return Comparison(
        "code",
        index.name(id_a),
        index.name(id_b),
        _rows(project, index, per_case, order),
        _records(project, index, both),
    )


def _compare_participants(
    project: Project, index: Index, id_a: str, id_b: str
) -> Comparison:
    per_code: dict[str, tuple[list[str], list[str]]] = {}
    for sid, row in index.segments.items():
        case = index.sources[row[0]].participant
        if case not in (id_a, id_b):
            continue
        for code in row[3]:
            sides = per_code.setdefault(code, ([], []))
            sides[0 if case == id_a else 1].append(sid)
    rows = _rows(project, index, per_code, index.codes)
    return Comparison("participant", index.name(id_a), index.name(id_b), rows)


def _rows(
    project: Project,
    index: Index,
    sides: Mapping[str, tuple[list[str], list[str]]],
    order: Iterable[str],
) -> tuple[ComparisonRow, ...]:
    """One row per key of *sides* (named after it), in *order*."""
    return tuple(
        ComparisonRow(
            index.name(key),
            _records(project, index, sides[key][0]),
            _records(project, index, sides[key][1]),
        )
        for key in order
        if key in sides
    )


def _records(project: Project, index: Index, sids: list[str]) -> tuple[Segment, ...]:
    return tuple(_ordered(index, (project.segments[s] for s in sids)))
