"""Constant comparison: segments by code and case, matrices, co-occurrence, side by side.

Grounded theory proceeds by constant comparison (Glaser & Strauss 1967): each
new excerpt is compared with the excerpts already coded the same way, codes are
compared with codes, and cases with cases.  The functions here pull out what
such comparisons need:

- :func:`segments`: the excerpts of a code or category, narrowed to some
  participants, participant attributes, sources or coders;
- :func:`matrix`: a table of codes (or categories) against participants (or
  sources, coders, attribute values), counting segments or marking presence;
- :func:`cooccurrence`: how often codes meet on a segment, in overlapping
  segments, in a source or in a participant's data;
- :func:`compare`: two codes, or two participants, side by side.

Every result is a plain record with a readable ``str()`` and a ``to_frame()``
method that returns a pandas DataFrame when the optional ``pandas`` extra is
installed (``pip install "gtgraph[pandas]"``).

References
----------
Glaser, B. G., & Strauss, A. L. (1967). *The discovery of grounded theory*.
Aldine.  https://doi.org/10.4324/9780203793206
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

from gtgraph.errors import GtGraphError, ValidationError
from gtgraph.model import Segment
from gtgraph.project._analysis import MISSING, Index, attribute_of, require_pandas
from gtgraph.project._base import as_keys
from gtgraph.project._store import coders_of

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key
    from gtgraph.project._store import SegmentRow

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Cooccurrence",
    "CooccurrencePair",
    "Matrix",
    "SegmentTable",
    "compare",
    "cooccurrence",
    "matrix",
    "segments",
]

_DIMENSIONS = ("code", "category", "participant", "source", "coder")
_NO_PARTICIPANT = "(no participant)"
_NO_CODER = "(no coder)"


def _resolve_all(project: Project, keys: Any, kinds: tuple[str, ...]) -> set[str]:
    ids: set[str] = set()
    for key in as_keys(keys):
        ids.add(_resolve(project, key, kinds))
    return ids


def _resolve(project: Project, key: Key, kinds: tuple[str, ...]) -> str:
    """Return the id of *key* among *kinds*, asking for ``kind=`` when ambiguous."""
    found: list[tuple[str, str]] = []
    last: GtGraphError | None = None
    for kind in kinds:
        try:
            record = project.get(key, kind=kind)
        except GtGraphError as error:
            last = error
            continue
        found.append((kind, record.id))
    ids = {rid for _, rid in found}
    if len(ids) == 1:
        return found[0][1]
    if not found:
        assert last is not None  # noqa: S101 - kinds is never empty
        raise last
    raise ValidationError(
        f"{key!r} names a {' and a '.join(k for k, _ in found)}; say which with "
        f"kind={found[0][0]!r} (or pass the record or its id)"
    )


# ---------------------------------------------------------------------- segments


@attrs.frozen
class SegmentTable(Sequence[Segment]):
    """The segments a query found: a sequence of :class:`~gtgraph.Segment` records.

    The segments can be given straight to ``project.relate(..., evidence=...)``;
    ``str()`` lists them for reading side by side, and :meth:`to_frame` makes a
    DataFrame with the source, participant and code names.

    Attributes
    ----------
    segments : tuple of Segment
        The segments, in source order, then by position in the text.
    sources, participants : mapping
        Segment id -> the name of its source, and of its participant (None if
        the source has none).
    codes : mapping
        Segment id -> the names of the codes it carries.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> s = p.add_source("Interview 1", text="I felt heard. She understood.", participant="P01")
    >>> _ = p.code(s, 0, 12, codes="feeling heard")
    >>> table = queries.segments(p, "feeling heard")
    >>> len(table), table[0].quote
    (1, 'I felt heard')
    >>> print(table)
    1 segment
    P01 | Interview 1 0-12: "I felt heard" (feeling heard)
    """

    segments: tuple[Segment, ...]
    sources: Mapping[str, str] = attrs.field(hash=False, repr=False)
    participants: Mapping[str, str | None] = attrs.field(hash=False, repr=False)
    codes: Mapping[str, tuple[str, ...]] = attrs.field(hash=False, repr=False)

    def __len__(self) -> int:
        return len(self.segments)

    @overload
    def __getitem__(self, index: int) -> Segment: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Segment]: ...
    def __getitem__(self, index: int | slice) -> Segment | Sequence[Segment]:
        return self.segments[index]

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def ids(self) -> list[str]:
        """Return the segment ids, in order."""
        return [s.id for s in self.segments]

    def quotes(self) -> list[str]:
        """Return the quotes, in order."""
        return [s.quote for s in self.segments]

    def __str__(self) -> str:
        n = len(self.segments)
        lines = [f"{n} segment{'' if n == 1 else 's'}"]
        for seg in self.segments:
            who = self.participants[seg.id] or _NO_PARTICIPANT
            where = "" if seg.start is None else f" {seg.start}-{seg.end}"
            coder = "" if seg.coder is None else f" [{seg.coder}]"
            codes = "; ".join(self.codes[seg.id])
            lines.append(
                f'{who} | {self.sources[seg.id]}{where}{coder}: "{seg.quote}" ({codes})'
            )
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """Return a pandas DataFrame, one row per segment.

        Columns: ``id``, ``source``, ``participant``, ``start``, ``end``,
        ``coder``, ``codes`` (names joined with ``"; "``) and ``quote``.

        Raises
        ------
        GtGraphError
            If pandas is not installed.

        Examples
        --------
        >>> import gtgraph
        >>> from gtgraph import queries
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard.", participant="P01")
        >>> _ = p.code(s, 0, 12, codes="feeling heard", coder="HB")
        >>> queries.segments(p).to_frame()[["participant", "codes", "quote"]]
          participant          codes         quote
        0         P01  feeling heard  I felt heard
        """
        pd = require_pandas()
        columns = [
            "id",
            "source",
            "participant",
            "start",
            "end",
            "coder",
            "codes",
            "quote",
        ]
        data = [
            (
                s.id,
                self.sources[s.id],
                self.participants[s.id],
                s.start,
                s.end,
                s.coder,
                "; ".join(self.codes[s.id]),
                s.quote,
            )
            for s in self.segments
        ]
        return pd.DataFrame(data, columns=columns)


Where = Mapping[str, Any] | Callable[[Segment], bool]


def segments(
    project: Project,
    code: Key | Iterable[Key] | None = None,
    *,
    participant: Key | Iterable[Key] | None = None,
    source: Key | Iterable[Key] | None = None,
    coder: str | Iterable[str] | None = None,
    where: Where | None = None,
) -> SegmentTable:
    """Return the segments of a code or category, narrowed as asked.

    Parameters
    ----------
    project : Project
        The project.
    code : code, category, or iterable of them, optional
        Keep segments coded with the code, or with any code under the category
        (at any depth); several keep segments with any of them.  All segments
        when None.
    participant : participant or iterable of them, optional
        Keep segments from these participants' sources.
    source : source or iterable of them, optional
        Keep segments of these sources.
    coder : str or iterable of str, optional
        Keep segments where one of these coders applied one of the selected
        codes (any code when *code* is None); a segment without codes counts
        as its own coder's.
    where : mapping or callable, optional
        Attribute filters: ``{"service": "community"}`` keeps segments whose
        participant has that attribute value (a source's own attributes are
        used when its participant lacks the attribute).  A value may be a set,
        list or tuple of accepted values, or a callable returning True for
        accepted values.  Or a callable taking a :class:`~gtgraph.Segment` and
        returning True to keep it.

    Returns
    -------
    SegmentTable
        The segments, in source order, then by position in the text.

    Raises
    ------
    NotFoundError
        If a code, participant or source is not in the project.

    See Also
    --------
    matrix, compare

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> _ = p.add_participant("P01", service="community")
    >>> _ = p.add_participant("P02", service="inpatient")
    >>> a = p.add_source("Interview 1", text="She had been there too.", participant="P01")
    >>> b = p.add_source("Interview 2", text="He had been there too.", participant="P02")
    >>> _ = p.code(a, quote="been there too", codes="shared experience")
    >>> _ = p.code(b, quote="been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> print(queries.segments(p, "Shared identity", where={"service": "inpatient"}))
    1 segment
    P02 | Interview 2 7-21: "been there too" (shared experience)
    """
    index = Index(project)
    wanted_codes: frozenset[str] | None = None
    if code is not None:
        ids = _resolve_all(project, code, ("code", "category"))
        wanted_codes = frozenset().union(*(index.codes_under(i) for i in ids))
    participants = (
        None
        if participant is None
        else _resolve_all(project, participant, ("participant",))
    )
    sources = None if source is None else _resolve_all(project, source, ("source",))
    coders = None if coder is None else set(as_keys(coder))
    attribute_test = where if isinstance(where, Mapping) else None
    segment_test = where if callable(where) else None
    if where is not None and attribute_test is None and segment_test is None:
        raise ValidationError(
            "where= takes a mapping of attribute values or a function of a segment, "
            f"not {where!r}"
        )

    records: list[Segment] = []
    for sid, row in index.segments.items():
        src = row[0]
        if sources is not None and src not in sources:
            continue
        if (
            participants is not None
            and index.sources[src].participant not in participants
        ):
            continue
        if wanted_codes is not None and wanted_codes.isdisjoint(row[3]):
            continue
        if coders is not None and not _coded_by(row, wanted_codes, coders):
            continue
        if attribute_test is not None and not _attributes_match(
            index, src, attribute_test
        ):
            continue
        records.append(project.segments[sid])
    if segment_test is not None:
        records = [r for r in records if segment_test(r)]
    return _table(index, records)


def _ordered(index: Index, records: Iterable[Segment]) -> list[Segment]:
    """Sort segments in source order, then by position in the text."""
    return sorted(
        records,
        key=lambda s: (
            index.sources[s.source].order,
            s.start if s.start is not None else -1,
            s.end if s.end is not None else -1,
        ),
    )


def _table(index: Index, records: Iterable[Segment]) -> SegmentTable:
    ordered = _ordered(index, records)
    sources = {s.id: index.sources[s.source].name for s in ordered}
    participants: dict[str, str | None] = {}
    for s in ordered:
        pid = index.sources[s.source].participant
        participants[s.id] = None if pid is None else index.participants[pid].name
    codes = {
        s.id: tuple(index.codes[c].name for c in index.segments[s.id][3])
        for s in ordered
    }
    return SegmentTable(tuple(ordered), sources, participants, codes)


def _coded_by(row: SegmentRow, codes: frozenset[str] | None, coders: set[Any]) -> bool:
    if not row[3]:
        return row[4] in coders
    return any(
        who in coders
        for code, who in coders_of(row).items()
        if codes is None or code in codes
    )


def _attributes_match(index: Index, source: str, test: Mapping[str, Any]) -> bool:
    for name, accepted in test.items():
        value = attribute_of(index, source, name)
        if value is MISSING:
            return False
        if callable(accepted):
            if not accepted(value):
                return False
        elif isinstance(accepted, (set, frozenset, list, tuple)):
            if value not in accepted:
                return False
        elif value != accepted:
            return False
    return True


# ---------------------------------------------------------------------- matrix


@attrs.frozen
class Matrix:
    """A table of counts: rows and columns are codes, categories, cases, ...

    Attributes
    ----------
    rows, columns : tuple of str
        The labels (names; attribute values as text).
    values : tuple of tuple of int
        ``values[i][j]`` for row ``rows[i]`` and column ``columns[j]``.
    value : str
        ``"count"`` (segments) or ``"presence"`` (1 when there is any).
    row_kind, column_kind : str
        What the rows and the columns are (as given to :func:`matrix`).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard. I trust her.", participant="P01")
    >>> _ = p.code(s, 0, 12, codes="feeling heard")
    >>> _ = p.code(s, 14, 25, codes="trust")
    >>> m = queries.matrix(p)
    >>> m["trust", "P01"]
    1
    >>> print(m)
    code           P01
    feeling heard    1
    trust            1
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    value: str
    row_kind: str
    column_kind: str

    def __getitem__(self, key: tuple[str, str]) -> int:
        row, column = key
        try:
            i = self.rows.index(row)
        except ValueError:
            raise ValidationError(
                f"{row!r} is not a row of this matrix (rows are {self.row_kind} names)"
            ) from None
        try:
            j = self.columns.index(column)
        except ValueError:
            raise ValidationError(
                f"{column!r} is not a column of this matrix (columns are "
                f"{self.column_kind} names)"
            ) from None
        return self.values[i][j]

    def row(self, label: str) -> dict[str, int]:
        """Return one row as ``{column: value}``."""
        return {c: self[label, c] for c in self.columns}

    def column(self, label: str) -> dict[str, int]:
        """Return one column as ``{row: value}``."""
        return {r: self[r, label] for r in self.rows}

    def __str__(self) -> str:
        return _format_table(self.row_kind, self.rows, self.columns, self.values)

    def to_frame(self) -> Any:
        """Return a pandas DataFrame with the rows as index and the columns as columns.

        Raises
        ------
        GtGraphError
            If pandas is not installed.
        """
        pd = require_pandas()
        return pd.DataFrame(
            [list(r) for r in self.values],
            index=pd.Index(list(self.rows), name=self.row_kind),
            columns=pd.Index(list(self.columns), name=self.column_kind),
        )


def _format_table(
    corner: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
) -> str:
    first = max([len(corner), *(len(r) for r in rows)])
    widths = [
        max([len(c), *(len(str(v[j])) for v in values)]) for j, c in enumerate(columns)
    ]
    lines = [
        corner.ljust(first)
        + "".join("  " + c.rjust(w) for c, w in zip(columns, widths, strict=True))
    ]
    for label, row in zip(rows, values, strict=True):
        lines.append(
            label.ljust(first)
            + "".join("  " + str(v).rjust(w) for v, w in zip(row, widths, strict=True))
        )
    return "\n".join(line.rstrip() for line in lines)


def _attribute_name(dim: str) -> str:
    """Return the attribute named by a ``"attribute:<name>"`` dimension, else ``""``."""
    return dim[len("attribute:") :].strip() if dim.startswith("attribute:") else ""


def _dimension(project: Project, index: Index, dim: str) -> tuple[str, list[str]]:
    """Return (kind, the labels in order) for a matrix dimension."""
    if dim == "code":
        return dim, [c.name for c in index.codes.values()]
    if dim == "category":
        return dim, [c.name for c in index.categories.values()]
    if dim == "participant":
        return dim, [p.name for p in index.participants.values()]
    if dim == "source":
        return dim, [s.name for s in project.sources]
    if dim == "coder":
        return dim, list(project.coders)
    name = _attribute_name(dim)
    if name:
        values = {
            str(v)
            for record in itertools.chain(
                index.participants.values(), index.sources.values()
            )
            for k, v in record.attributes.items()
            if k == name
        }
        return dim, sorted(values)
    raise ValidationError(
        f"cannot make a matrix dimension of {dim!r}; use one of "
        f"{', '.join(map(repr, _DIMENSIONS))} or 'attribute:<name>' for a participant "
        "attribute"
    )


def _labels(index: Index, dim: str, row: SegmentRow) -> list[set[str]]:
    """Return, per coding of a segment, the labels of *dim* it counts for."""
    codings: list[tuple[str | None, str | None]] = list(coders_of(row).items()) or [
        (None, row[4])
    ]
    src = row[0]
    out: list[set[str]] = []
    for code, who in codings:
        labels: set[str]
        if dim == "code":
            labels = set() if code is None else {index.codes[code].name}
        elif dim == "category":
            labels = (
                set()
                if code is None
                else {index.categories[a].name for a in index.ancestors(code)}
            )
        elif dim == "participant":
            pid = index.sources[src].participant
            labels = {_NO_PARTICIPANT if pid is None else index.participants[pid].name}
        elif dim == "source":
            labels = {index.sources[src].name}
        elif dim == "coder":
            labels = {_NO_CODER if who is None else who}
        else:
            labels = {str(attribute_of(index, src, _attribute_name(dim)))}
        out.append(labels)
    return out


def matrix(
    project: Project,
    *,
    rows: str = "code",
    columns: str = "participant",
    value: str = "count",
) -> Matrix:
    """Tabulate segments by two dimensions, e.g. codes against participants.

    Parameters
    ----------
    project : Project
        The project.
    rows, columns : str
        ``"code"``, ``"category"`` (a segment counts for every category above its
        codes), ``"participant"``, ``"source"``, ``"coder"`` (who applied the
        code), or ``"attribute:<name>"`` for the values of a participant
        attribute (a source's own attribute when its participant lacks it).
    value : str
        ``"count"``: the number of segments in each cell (each segment once per
        cell); ``"presence"``: 1 when the cell has any segment, else 0.

    Returns
    -------
    Matrix
        Every code, category, participant, source or coder is a row or column,
        even when its counts are all zero.  Segments of sources without a
        participant fall in a ``"(no participant)"`` column, and participants
        lacking an attribute in ``"(missing)"``.

    Raises
    ------
    ValidationError
        If a dimension or the value is unknown.

    See Also
    --------
    segments, cooccurrence

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph import queries
    >>> p = gtgraph.Project()
    >>> _ = p.add_participant("P01", service="community")
    >>> _ = p.add_participant("P02", service="inpatient")
    >>> a = p.add_source("i1", text="I felt heard. I felt heard again.", participant="P01")
    >>> b = p.add_source("i2", text="I felt heard.", participant="P02")
    >>> _ = p.code(a, 0, 12, codes="feeling heard")
    >>> _ = p.code(a, 14, 32, codes="feeling heard")
    >>> _ = p.code(b, 0, 12, codes="feeling heard")
    >>> print(queries.matrix(p, columns="attribute:service"))
    code           community  inpatient
    feeling heard          2          1
    >>> print(queries.matrix(p, value="presence"))
    code           P01  P02
    feeling heard    1    1
    """
    if value not in ("count", "presence"):
        raise ValidationError(
            f"unknown matrix value {value!r}; use 'count' or 'presence'"
        )
    index = Index(project)
    row_kind, row_labels = _dimension(project, index, rows)
    column_kind, column_labels = _dimension(project, index, columns)
    counts: dict[tuple[str, str], int] = {}
    for row in index.segments.values():
        cells: set[tuple[str, str]] = set()
        # The same coding on both sides: pair the labels coding by coding.
        for labels_l, labels_r in zip(
            _labels(index, rows, row), _labels(index, columns, row), strict=True
        ):
            cells.update(itertools.product(labels_l, labels_r))
        for cell in cells:
            counts[cell] = counts.get(cell, 0) + 1
    for extra_row in sorted({r for r, _ in counts} - set(row_labels)):
        row_labels.append(extra_row)
    for extra_column in sorted({c for _, c in counts} - set(column_labels)):
        column_labels.append(extra_column)
    table = tuple(
        tuple(_cell(counts.get((r, c), 0), value=value) for c in column_labels)
        for r in row_labels
    )
    return Matrix(
        tuple(row_labels), tuple(column_labels), table, value, row_kind, column_kind
    )


def _cell(n: int, *, value: str) -> int:
    return n if value == "count" else int(n > 0)


# ---------------------------------------------------------------------- co-occurrence


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


# ---------------------------------------------------------------------- compare


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
