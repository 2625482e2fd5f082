"""Segment tables: the excerpts of a code or category, narrowed to cases, sources or coders."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

from gtgraph.errors import ValidationError
from gtgraph.model import Segment
from gtgraph.project._analysis import MISSING, Index, attribute_of, require_pandas
from gtgraph.project._base import as_keys
from gtgraph.project._store import coders_of
from gtgraph.queries._common import (
    _NO_PARTICIPANT,
    _ordered,
    _resolve_all,
)

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key
    from gtgraph.project._store import SegmentRow

__all__ = ["SegmentTable", "segments"]


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
