"""The state behind a Project: records, compact segment indexes, and undoable primitives.

Every change to a project is made of a few primitive operations on a
:class:`Store` (put or delete a record, add or remove a hierarchy edge, a segment
or a coding).  Each primitive writes its inverse into the open change log, so a
failed operation is rolled back exactly and a finished one can be undone.

Segments and codings can number in the hundreds of thousands, so they are kept as
plain tuples in dictionaries (not one object, and not one graph node, each) and
turned into :class:`~gtgraph.Segment` records only when read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gtgraph.errors import ValidationError
from gtgraph.model import (
    Category,
    Code,
    Memo,
    Participant,
    Relationship,
    Source,
)
from gtgraph.model._values import record_problem, value_problem
from gtgraph.project._history import EventLog

#: relation type -> source id -> target id -> relationship ids (ordered set)
_RelationIndex = dict[str, dict[str, dict[str, dict[str, None]]]]

__all__ = ["RECORD_KINDS", "Record", "SegmentRow", "Store", "coders_of"]

Record = Participant | Source | Code | Category | Memo | Relationship

#: Kinds held as records (segments are held as rows).
RECORD_KINDS: tuple[str, ...] = (
    "participant",
    "source",
    "code",
    "category",
    "memo",
    "relationship",
)

#: A segment as stored: (source id, start, end, code ids, coder, the coders of
#: each coding or None when all are the segment's coder, created, stored quote or
#: None when the quote is the source's text between start and end).
SegmentRow = tuple[
    str,
    "int | None",
    "int | None",
    "tuple[str, ...]",
    "str | None",
    "tuple[str | None, ...] | None",
    "str | None",
    "str | None",
]

_Undo = Callable[[], None]


class Store:
    """Mutable state of a project with undoable primitive operations."""

    __slots__ = (
        "_by_source",
        "_children",
        "_log",
        "_relation_count",
        "_relations",
        "_span_index",
        "history",
        "kind_of",
        "meta",
        "names",
        "next_id",
        "parents",
        "records",
        "segments",
        "version",
    )

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {k: {} for k in RECORD_KINDS}
        self.names: dict[str, dict[str, str]] = {k: {} for k in RECORD_KINDS}
        self.kind_of: dict[str, str] = {}
        # child id -> {parent id: None}; insertion-ordered sets
        self.parents: dict[str, dict[str, None]] = {}
        self.segments: dict[str, SegmentRow] = {}
        self.meta: dict[str, Any] = {}
        # history rows [seq, when, who, op, args], held compactly
        self.history = EventLog()
        self.next_id = 1
        self.version = 0
        self._log: list[_Undo] | None = None
        # parent id -> child ids, rebuilt when the store has changed since
        self._children: tuple[int, dict[str, list[str]]] | None = None
        self._span_index: dict[_SpanKey, str] | None = None
        # source id -> its segment ids (insertion-ordered), built on first use
        self._by_source: dict[str, dict[str, None]] | None = None
        # relation type -> source id -> target id -> relationship ids, built on
        # first use and kept up to date by the record primitives and their undo
        self._relations: _RelationIndex | None = None
        self._relation_count = 0

    # -- change log -----------------------------------------------------------

    def begin(self) -> None:
        """Open a change log; primitives record their inverses in it."""
        if self._log is not None:  # pragma: no cover - guarded by Project
            msg = "a change is already in progress"
            raise RuntimeError(msg)
        self._log = []

    def commit(self) -> list[_Undo]:
        """Close the change log and return the inverses, newest last."""
        log, self._log = self._log or [], None
        return log

    def rollback(self) -> None:
        """Undo every primitive since :meth:`begin` and close the log."""
        log, self._log = self._log or [], None
        for undo in reversed(log):
            undo()
        self.version += 1

    @property
    def in_change(self) -> bool:
        """True while a change log is open."""
        return self._log is not None

    def _record(self, undo: _Undo) -> None:
        self.version += 1
        if self._log is not None:
            self._log.append(undo)

    # -- ids -----------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        """Return an unused id ``<prefix><n>`` and advance the counter."""
        old = n = self.next_id
        candidate = f"{prefix}{n}"
        while candidate in self.kind_of or candidate in self.segments:
            n += 1
            candidate = f"{prefix}{n}"
        self.next_id = n + 1
        self._record(lambda: setattr(self, "next_id", old))
        return candidate

    def id_in_use(self, key: str) -> bool:
        """Tell whether *key* is the id of any element."""
        return key in self.kind_of or key in self.segments

    # -- records --------------------------------------------------------------

    def put(self, kind: str, record: Any) -> None:
        """Insert or replace a record (keeping its position when replacing).

        Raises
        ------
        ValidationError
            If a value in the record could not be saved (see ``model._values``).
        """
        problem = record_problem(record)
        if problem is not None:
            msg = f"the {kind} {getattr(record, 'name', record.id)!r} cannot be saved: {problem}"
            raise ValidationError(msg)
        table = self.records[kind]
        rid = record.id
        old = table.get(rid)
        names = self.names[kind]
        if old is not None and old.name != record.name:
            del names[old.name]
        table[rid] = record
        names[record.name] = rid
        self.kind_of[rid] = kind
        if kind == "relationship":
            self._index_relation(old, record)
        if old is None:
            self._record(lambda: self._drop(kind, rid))
        else:
            self._record(lambda: self._restore(kind, old))

    def delete(self, kind: str, rid: str) -> None:
        """Remove a record (its references must already be gone)."""
        table = self.records[kind]
        old = table[rid]
        position = list(table).index(rid)
        self._drop(kind, rid)
        self._record(lambda: self._reinsert(kind, old, position))

    def _drop(self, kind: str, rid: str) -> None:
        old = self.records[kind].pop(rid)
        del self.names[kind][old.name]
        del self.kind_of[rid]
        if kind == "relationship":
            self._index_relation(old, None)

    def _restore(self, kind: str, record: Any) -> None:
        table = self.records[kind]
        current = table[record.id]
        if current.name != record.name:
            del self.names[kind][current.name]
        table[record.id] = record
        self.names[kind][record.name] = record.id
        if kind == "relationship":
            self._index_relation(current, record)

    def _reinsert(self, kind: str, record: Any, position: int) -> None:
        table = self.records[kind]
        items = list(table.items())
        items.insert(position, (record.id, record))
        table.clear()
        table.update(items)
        self.names[kind][record.name] = record.id
        self.kind_of[record.id] = kind
        if kind == "relationship":
            self._index_relation(None, record)

    def _index_relation(self, old: Any, new: Any) -> None:
        index = self._relations
        if index is None:
            return
        if old is not None:
            targets = index.get(old.type, {}).get(old.source, {})
            if targets.get(old.target, {}).pop(old.id, 0) is None:
                self._relation_count -= 1
        if new is not None:
            by_source = index.setdefault(new.type, {}).setdefault(new.source, {})
            ids = by_source.setdefault(new.target, {})
            if new.id not in ids:
                ids[new.id] = None
                self._relation_count += 1

    def relations_of_type(
        self, type_name: str
    ) -> dict[str, dict[str, dict[str, None]]]:
        """Relationships of one type: source id -> target id -> relationship ids.

        Built on first use from the records and kept up to date by every
        change to a relationship and its undo, so that a look-up costs no scan.
        Treat the result as read-only.
        """
        table = self.records["relationship"]
        index = self._relations
        if index is not None and self._relation_count != len(table):
            index = None  # records were written around the primitives (loading)
        if index is None:
            index = {}
            for r in table.values():
                by_source = index.setdefault(r.type, {}).setdefault(r.source, {})
                by_source.setdefault(r.target, {})[r.id] = None
            self._relations = index
            self._relation_count = len(table)
        return index.get(type_name, {})

    # -- hierarchy --------------------------------------------------------------

    def add_parent(self, child: str, parent: str) -> None:
        """Put *child* (a code or category) under the category *parent*."""
        self.parents.setdefault(child, {})[parent] = None
        self._record(lambda: self._unlink(child, parent))

    def remove_parent(self, child: str, parent: str) -> None:
        """Take *child* out of *parent*."""
        position = list(self.parents[child]).index(parent)
        # The child's own place among the children matters when this was its
        # last parent: undo puts it back there, so the saved file is unchanged.
        slot = (
            list(self.parents).index(child) if len(self.parents[child]) == 1 else None
        )
        self._unlink(child, parent)
        self._record(lambda: self._relink(child, parent, position, slot))

    def _unlink(self, child: str, parent: str) -> None:
        parents = self.parents[child]
        del parents[parent]
        if not parents:
            del self.parents[child]

    def _relink(self, child: str, parent: str, position: int, slot: int | None) -> None:
        items = list(self.parents.get(child, {}))
        items.insert(position, parent)
        if slot is None or child in self.parents:
            self.parents[child] = dict.fromkeys(items)
            return
        entries = list(self.parents.items())
        entries.insert(slot, (child, dict.fromkeys(items)))
        self.parents.clear()
        self.parents.update(entries)

    def parents_of(self, child: str) -> tuple[str, ...]:
        """Ids of the categories directly above *child*."""
        return tuple(self.parents.get(child, ()))

    def children_of(self, parent: str) -> tuple[str, ...]:
        """Ids of the codes and categories directly under *parent*."""
        cached = self._children
        if cached is None or cached[0] != self.version:
            index: dict[str, list[str]] = {}
            for child, parents in self.parents.items():
                for p in parents:
                    index.setdefault(p, []).append(child)
            cached = self._children = (self.version, index)
        return tuple(cached[1].get(parent, ()))

    # -- segments (with their codings) ---------------------------------------------

    def put_segment(self, sid: str, row: SegmentRow) -> None:
        """Insert a segment row, or replace it in place (codings live in the row)."""
        for text in (row[4], row[6], row[7], *(row[5] or ())):
            # coder, created, quote and the coders: plain ASCII needs no look
            if text is not None and not text.isascii():
                problem = value_problem(text)
                if problem is not None:
                    msg = f"segment {sid} cannot be saved: {problem}"
                    raise ValidationError(msg)
        old = self.segments.get(sid)
        self.segments[sid] = row
        self._index_span(sid, row, old)
        if old is None:
            self._record(lambda: self._drop_segments((sid,)))
        else:
            self._record(lambda: self._replace_segment(sid, old))

    def delete_segments(self, sids: Iterable[str]) -> None:
        """Remove segment rows (references to them must already be gone)."""
        wanted = set(sids)
        if not wanted:
            return
        before = list(self.segments.items())
        self._drop_segments(wanted)
        self._record(lambda: self._restore_segments(before))

    def _drop_segments(self, sids: Iterable[str]) -> None:
        for sid in sids:
            row = self.segments.pop(sid)
            key = _span_key(row)
            index = self._span_index
            if index is not None and key is not None and index.get(key) == sid:
                del index[key]
            if self._by_source is not None:
                self._by_source.get(row[0], {}).pop(sid, None)

    def _replace_segment(self, sid: str, row: SegmentRow) -> None:
        old = self.segments[sid]
        self.segments[sid] = row
        self._index_span(sid, row, old)

    def _restore_segments(self, items: list[tuple[str, SegmentRow]]) -> None:
        self.segments.clear()
        self.segments.update(items)
        self._span_index = None
        self._by_source = None

    def _index_span(self, sid: str, row: SegmentRow, old: SegmentRow | None) -> None:
        by_source = self._by_source
        if by_source is not None and (old is None or old[0] != row[0]):
            if old is not None:
                by_source.get(old[0], {}).pop(sid, None)
            by_source.setdefault(row[0], {})[sid] = None
        if self._span_index is None:
            return
        old_key = None if old is None else _span_key(old)
        if old_key is not None and self._span_index.get(old_key) == sid:
            del self._span_index[old_key]
        key = _span_key(row)
        if key is not None:
            self._span_index.setdefault(key, sid)

    def segments_of(self, source: str) -> list[str]:
        """Return the ids of the segments of `source`, in the order they were made."""
        if self._by_source is None:
            index: dict[str, dict[str, None]] = {}
            for sid, row in self.segments.items():
                index.setdefault(row[0], {})[sid] = None
            self._by_source = index
        return list(self._by_source.get(source, ()))

    def find_span(
        self, source: str, start: int | None, end: int | None, coder: str | None
    ) -> str | None:
        """Return the id of a segment with this span and coder, if there is one."""
        if self._span_index is None:
            index: dict[_SpanKey, str] = {}
            for sid, row in self.segments.items():
                key = _span_key(row)
                if key is not None:
                    index.setdefault(key, sid)
            self._span_index = index
        return self._span_index.get((source, start, end, coder))

    # -- metadata ----------------------------------------------------------------

    def set_meta(self, key: str, value: Any) -> None:
        """Set a project-level setting (title, enabled vocabularies, ...)."""
        missing = object()
        old = self.meta.get(key, missing)
        self.meta[key] = value
        if old is missing:
            self._record(lambda: self.meta.pop(key))
        else:
            self._record(lambda: self.meta.__setitem__(key, old))

    # -- history -----------------------------------------------------------------

    def append_event(self, when: str, who: str | None, op: str, args_text: str) -> None:
        """Append a history event, its arguments as JSON text (not undoable: undo pops it)."""
        self.history.append_event(when, who, op, args_text)
        self.version += 1

    def iter_records(self, kind: str) -> Iterator[Any]:
        """Iterate over the records of *kind* in insertion order."""
        return iter(self.records[kind].values())


def coders_of(row: SegmentRow) -> dict[str, str | None]:
    """Return ``{code id: coder}`` for the codings of a segment row, in order."""
    codes, coder, coders = row[3], row[4], row[5]
    if coders is None:
        return dict.fromkeys(codes, coder)
    return dict(zip(codes, coders, strict=True))


_SpanKey = tuple[str, "int | None", "int | None", "str | None"]


def _span_key(row: SegmentRow) -> _SpanKey | None:
    # Quote-only segments (no offsets) are never matched by span.
    if row[1] is None:
        return None
    return (row[0], row[1], row[2], row[4])
