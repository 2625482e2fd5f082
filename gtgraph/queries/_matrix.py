"""Matrices: codes or categories against cases, sources, coders or attribute values."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index, attribute_of, require_pandas
from gtgraph.project._store import coders_of
from gtgraph.queries._common import (
    _DIMENSIONS,
    _NO_CODER,
    _NO_PARTICIPANT,
    _format_table,
)

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._store import SegmentRow

__all__ = ["Matrix", "matrix"]


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
