"""Co-occurrence: how often codes meet on a segment, in overlapping segments, a source or a case."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index, require_pandas
from gtgraph.project._base import as_keys
from gtgraph.queries._common import (
    _format_table,
    _resolve,
)

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key

__all__ = ["Cooccurrence", "CooccurrencePair", "cooccurrence"]


@attrs.frozen
class CooccurrencePair:
    """Two codes that meet, how often, and their c-coefficient.

    Attributes
    ----------
    a, b : str
        The code names (*a* before *b* in the project's order).
    count : int
        How often they meet (see :func:`cooccurrence`).
    coefficient : float or None
        :math:`c = n_{ab} / (n_a + n_b - n_{ab})`; None for ``by="overlap"``,
        where one segment may meet several and the ratio is not bounded by 1.
    """

    a: str
    b: str
    count: int
    coefficient: float | None


@attrs.frozen
class Cooccurrence:
    """Code co-occurrence: a symmetric code by code table.

    Attributes
    ----------
    codes : tuple of str
        The code names, in the project's order.
    counts : tuple of tuple of int
        ``counts[i][j]`` for codes *i* and *j*; the diagonal holds each code's own
        total (segments for ``"segment"`` and ``"overlap"``, else sources or
        participants).
    by : str
        The unit of meeting, as given to :func:`cooccurrence`.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I trust her. She has been there.")
    >>> _ = p.code(s, 0, 12, codes=["trust", "safety"])
    >>> co = queries.cooccurrence(p, by="segment")
    >>> co["trust", "safety"], co["trust", "trust"]
    (1, 1)
    >>> co.pairs()
    [CooccurrencePair(a='trust', b='safety', count=1, coefficient=1.0)]
    """

    codes: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    by: str

    def __getitem__(self, key: tuple[str, str]) -> int:
        a, b = key
        for name in (a, b):
            if name not in self.codes:
                raise ValidationError(f"{name!r} is not a code of this table")
        return self.counts[self.codes.index(a)][self.codes.index(b)]

    def pairs(self, *, minimum: int = 1) -> list[CooccurrencePair]:
        """Return the pairs that meet at least *minimum* times, most frequent first."""
        out: list[CooccurrencePair] = []
        n = len(self.codes)
        for i in range(n):
            for j in range(i + 1, n):
                count = self.counts[i][j]
                if count < minimum or count == 0:
                    continue
                coefficient: float | None = None
                if self.by != "overlap":
                    total = self.counts[i][i] + self.counts[j][j] - count
                    coefficient = count / total if total else None
                out.append(
                    CooccurrencePair(self.codes[i], self.codes[j], count, coefficient)
                )
        order = {name: k for k, name in enumerate(self.codes)}
        out.sort(key=lambda p: (-p.count, order[p.a], order[p.b]))
        return out

    def __str__(self) -> str:
        return _format_table("code", self.codes, self.codes, self.counts)

    def to_frame(self) -> Any:
        """Return the table as a pandas DataFrame (codes as index and columns).

        Raises
        ------
        GtGraphError
            If pandas is not installed.
        """
        pd = require_pandas()
        return pd.DataFrame(
            [list(r) for r in self.counts],
            index=pd.Index(list(self.codes), name="code"),
            columns=pd.Index(list(self.codes), name="code"),
        )


def cooccurrence(
    project: Project,
    *,
    by: str = "overlap",
    codes: Iterable[Key] | None = None,
) -> Cooccurrence:
    r"""Count how often codes meet.

    Parameters
    ----------
    project : Project
        The project.
    by : str
        Where two codes meet:

        - ``"overlap"`` (default): on segments that share at least one
          character (a segment carrying both codes included).  The count of
          *a* and *b* is the number of segment pairs :math:`\{s, t\}` (with
          :math:`s = t` allowed) whose spans overlap and where one carries *a*
          and the other *b*.  Segments without offsets meet only themselves.
        - ``"segment"``: on the same segment.
        - ``"source"``: in the same source (anywhere in it).
        - ``"participant"``: in the data of the same participant.
    codes : iterable of codes, optional
        The codes to tabulate (default: every code).

    Returns
    -------
    Cooccurrence
        Use :meth:`Cooccurrence.pairs` for the pairs, most frequent first, with
        the c-coefficient :math:`c = n_{ab} / (n_a + n_b - n_{ab})` that
        ATLAS.ti reports, where :math:`n_{ab}` is the co-occurrence count and
        :math:`n_a, n_b` the codes' own totals (the share of the places either
        code occurs where both do; 0 when they never meet, 1 when they always
        do).

    Raises
    ------
    ValidationError
        If *by* is unknown.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I was scared, then she told me her story.")
    >>> _ = p.code(s, 0, 12, codes="fear")
    >>> _ = p.code(s, 6, 40, codes="peer disclosure")
    >>> queries.cooccurrence(p)["fear", "peer disclosure"]
    1
    >>> queries.cooccurrence(p, by="segment")["fear", "peer disclosure"]
    0
    """
    if by not in ("overlap", "segment", "source", "participant"):
        raise ValidationError(
            f"unknown co-occurrence unit {by!r}; use 'overlap', 'segment', 'source' "
            "or 'participant'"
        )
    index = Index(project)
    if codes is None:
        code_ids = list(index.codes)
    else:
        code_ids = [_resolve(project, c, ("code",)) for c in as_keys(codes)]
        code_ids = list(dict.fromkeys(code_ids))
    position = {c: i for i, c in enumerate(code_ids)}
    n = len(code_ids)
    table = [[0] * n for _ in range(n)]

    def add_unit(members: Collection[int]) -> None:
        """Count each code of one unit (codes distinct), and each pair of them, once."""
        for i in members:
            table[i][i] += 1
        for i, j in itertools.combinations(members, 2):
            table[i][j] += 1
            table[j][i] += 1

    def add_pairs(left: Iterable[int], right: Iterable[int]) -> None:
        pairs = {(min(i, j), max(i, j)) for i in left for j in right if i != j}
        for i, j in pairs:
            table[i][j] += 1
            table[j][i] += 1

    if by in ("overlap", "segment"):
        per_source: dict[str, list[tuple[int, int, tuple[int, ...]]]] = {}
        for row in index.segments.values():
            mine = tuple(position[c] for c in row[3] if c in position)
            if not mine:
                continue
            add_unit(mine)
            if by == "overlap" and row[1] is not None and row[2] is not None:
                per_source.setdefault(row[0], []).append((row[1], row[2], mine))
        for spans in per_source.values():
            spans.sort(key=lambda s: (s[0], s[1]))
            for k, (start, end, mine) in enumerate(spans):
                for m in range(k + 1, len(spans)):
                    other_start, other_end, theirs = spans[m]
                    if other_start >= end:
                        break
                    if max(start, other_start) < min(end, other_end):
                        add_pairs(mine, theirs)
    else:
        groups: dict[str, set[int]] = {}
        for row in index.segments.values():
            unit = row[0] if by == "source" else index.case_of_source(row[0])
            groups.setdefault(unit, set()).update(
                position[c] for c in row[3] if c in position
            )
        for members in groups.values():
            add_unit(members)
    names = tuple(index.codes[c].name for c in code_ids)
    return Cooccurrence(names, tuple(tuple(r) for r in table), by)
