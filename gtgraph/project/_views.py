"""Read-only collections a Project hands out: records, segments, codings, history."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from gtgraph.errors import NotFoundError
from gtgraph.model import Coding, Event, Segment
from gtgraph.relations import suggest

if TYPE_CHECKING:
    from gtgraph.project._store import SegmentRow, Store

__all__ = ["CodingView", "History", "RecordView", "SegmentView", "segment_from_row"]

R = TypeVar("R")
_SHOWN = 5  # names shown in a collection's repr


class RecordView(Generic[R]):
    """A read-only collection of one kind of record, in a stable order.

    Iterate over it for the records; index it with an id or a name; ``in`` accepts
    an id, a name or a record.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust")
    >>> len(p.codes), "trust" in p.codes, p.codes["trust"].name
    (1, True, 'trust')
    >>> [c.name for c in p.codes]
    ['trust']
    """

    __slots__ = ("_kind", "_order", "_store")

    def __init__(
        self,
        store: Store,
        kind: str,
        order: Callable[[list[Any]], list[Any]] | None = None,
    ) -> None:
        self._store = store
        self._kind = kind
        self._order = order

    def __iter__(self) -> Iterator[R]:
        records = list(self._store.records[self._kind].values())
        if self._order is not None:
            records = self._order(records)
        return iter(records)

    def __len__(self) -> int:
        return len(self._store.records[self._kind])

    def __contains__(self, key: object) -> bool:
        table = self._store.records[self._kind]
        if isinstance(key, str):
            return key in table or key in self._store.names[self._kind]
        rid = getattr(key, "id", None)
        return isinstance(rid, str) and table.get(rid) == key

    def __getitem__(self, key: str) -> R:
        found = self.get(key)
        if found is None:
            names = self._store.names[self._kind]
            hint = suggest(key, names) if isinstance(key, str) else ""
            raise NotFoundError(f"no {self._kind} has the id or name {key!r}{hint}")
        return found

    def get(self, key: str, default: R | None = None) -> R | None:
        """Return the record with id or name *key*, or *default* (no hints: fast)."""
        name: object = key  # callers may pass anything; only strings name records
        if not isinstance(name, str):
            return default
        table: dict[str, R] = self._store.records[self._kind]
        if name in table:
            return table[name]
        rid = self._store.names[self._kind].get(name)
        return default if rid is None else table[rid]

    def names(self) -> list[str]:
        """Return the names of the records, in the collection's order."""
        return [r.name for r in self]  # type: ignore[attr-defined]

    def ids(self) -> list[str]:
        """Return the ids of the records, in the collection's order."""
        return [r.id for r in self]  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        names = self.names()
        shown = ", ".join(map(repr, names[:_SHOWN]))
        more = ", ..." if len(names) > _SHOWN else ""
        return f"<{len(names)} {self._kind} records: {shown}{more}>"


def segment_from_row(store: Store, sid: str, row: SegmentRow) -> Segment:
    """Build the :class:`Segment` record for a stored row."""
    source, start, end, _codes, coder, _coders, created, quote = row
    if quote is None:
        text = store.records["source"][source].text or ""
        quote = text[start:end]
    return Segment(sid, source, start, end, quote, coder, created)


class SegmentView:
    """The segments of a project: iterate for :class:`~gtgraph.Segment` records.

    Segments are stored compactly and turned into records only when read.
    :meth:`iter_codes` is the fast path for analyses that need only which codes
    each segment carries.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard.")
    >>> seg = p.code(s, 0, 12, codes="feeling heard")
    >>> len(p.segments), p.segments[seg.id].quote
    (1, 'I felt heard')
    >>> list(p.segments.iter_codes()) == [(seg.id, s.id, (p.codes["feeling heard"].id,))]
    True
    """

    __slots__ = ("_store",)

    def __init__(self, store: Store) -> None:
        self._store = store

    def __iter__(self) -> Iterator[Segment]:
        store = self._store
        for sid, row in store.segments.items():
            yield segment_from_row(store, sid, row)

    def __len__(self) -> int:
        return len(self._store.segments)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, Segment):
            return key.id in self._store.segments
        return key in self._store.segments

    def __getitem__(self, sid: str) -> Segment:
        row = self._store.segments.get(sid)
        if row is None:
            raise NotFoundError(f"no segment has the id {sid!r}")
        return segment_from_row(self._store, sid, row)

    def columns(self) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
        """Return the segment ids, their source ids and their code ids, as three lists.

        In the order the segments were made; built with C-level maps, without a
        Python loop over the segments, for analyses that work on whole columns
        (with numpy, say).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard.")
        >>> seg = p.code(s, 0, 12, codes="feeling heard")
        >>> p.segments.columns() == ([seg.id], [s.id], [(p.codes["feeling heard"].id,)])
        True
        """
        segments = self._store.segments
        rows = list(segments.values())
        return (
            list(segments),
            list(map(itemgetter(0), rows)),
            list(map(itemgetter(3), rows)),
        )

    def iter_codes(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Yield ``(segment id, source id, code ids)`` for every segment, cheaply."""
        for sid, row in self._store.segments.items():
            yield sid, row[0], row[3]

    def __repr__(self) -> str:
        return f"<{len(self)} segments>"


class CodingView:
    """Every application of a code to a segment, as :class:`~gtgraph.Coding`.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I felt heard.")
    >>> seg = p.code(s, 0, 12, codes=["feeling heard", "trust"], coder="HB")
    >>> [(c.code, c.coder) for c in p.codings] == [
    ...     (p.codes["feeling heard"].id, "HB"), (p.codes["trust"].id, "HB")]
    True
    """

    __slots__ = ("_store",)

    def __init__(self, store: Store) -> None:
        self._store = store

    def __iter__(self) -> Iterator[Coding]:
        for sid, row in self._store.segments.items():
            codes, coder, coders = row[3], row[4], row[5]
            for i, code in enumerate(codes):
                yield Coding(sid, code, coder if coders is None else coders[i])

    def __len__(self) -> int:
        return sum(len(row[3]) for row in self._store.segments.values())

    def __repr__(self) -> str:
        return f"<{len(self)} codings>"


#: The key under which a history row's arguments keep the source being analysed.
ANALYSING = "analysing"


def event_from_row(row: Sequence[Any]) -> Event:
    """Build the :class:`Event` for a stored history row.

    The source being analysed is stored with the arguments (so that files
    written before it was kept load unchanged) and handed out as its own field.
    A coding is the analysis of the source it codes: a ``code`` event given the
    source's id names it already, and one given a name keeps the id as well.
    """
    args = row[4]
    if isinstance(args, Mapping) and ANALYSING in args:
        source = args[ANALYSING]
        rest = {k: v for k, v in args.items() if k != ANALYSING}
        return Event(row[0], row[1], row[2], row[3], rest, source)
    if row[3] == "code" and isinstance(args, Mapping):
        return Event(row[0], row[1], row[2], row[3], args, args.get("source"))
    return Event(row[0], row[1], row[2], row[3], args)


class History(Sequence[Event]):
    """The project's history: one :class:`~gtgraph.Event` per change, oldest first.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(actor="HB")
    >>> _ = p.add_code("trust")
    >>> _ = p.rename("trust", "trusting")
    >>> [e.op for e in p.history]
    ['add_code', 'rename']
    >>> [e.op for e in p.history.about("trusting")]
    ['add_code', 'rename']
    """

    __slots__ = ("_about", "_store")

    def __init__(self, store: Store, about: Callable[[str], set[str]]) -> None:
        self._store = store
        self._about = about

    def __len__(self) -> int:
        return len(self._store.history)

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return [event_from_row(r) for r in self._store.history[index]]
        return event_from_row(self._store.history[index])

    def __iter__(self) -> Iterator[Event]:
        return (event_from_row(r) for r in self._store.history)

    def where(self, op: str | None = None, who: str | None = None) -> list[Event]:
        """Return the events of operation *op* and/or by *who*, oldest first."""
        history = self._store.history
        return [
            event_from_row(history[i])
            for i, name in enumerate(history.ops())
            if (op is None or name == op) and (who is None or history.who(i) == who)
        ]

    def about(self, key: str) -> list[Event]:
        """Return the events that touched the element *key* (an id or a name).

        The events that involve the element or any element it came from (codes
        merged into it, the code it was split from) are included, oldest first.
        """
        ids = self._about(key)
        # In JSON text without a backslash every string is written literally, so
        # an id occurs in such an event's arguments only as its quoted text: look
        # for that before decoding the event (most events are about other things).
        quoted = [json.dumps(i, ensure_ascii=False) for i in ids]
        history = self._store.history
        found = []
        for i in range(len(history)):
            text = history.args_text(i)
            if "\\" in text or any(q in text for q in quoted):
                event = event_from_row(history[i])
                if ids & ids_in(event.args):
                    found.append(event)
        return found

    def __repr__(self) -> str:
        return f"<history of {len(self)} events>"


def ids_in(value: Any) -> set[str]:
    """Return every string found in an event's arguments (ids among them).

    Examples
    --------
    >>> from gtgraph.project._views import ids_in
    >>> sorted(ids_in({"codes": ["cod1", "cod2"], "into": {"id": "cod3"}, "n": 2}))
    ['cod1', 'cod2', 'cod3']
    """
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


#: The operations through which an element comes from others (see :func:`lineage`).
LINEAGE_OPS = frozenset({"merge_codes", "split_code"})


def lineage(
    changes: Iterable[tuple[str, Mapping[str, Any]]], ids: set[str]
) -> set[str]:
    """Return *ids* and the ids of the elements they came from by merges and splits.

    *changes* are ``(operation, arguments)`` pairs of the history, oldest first.

    Examples
    --------
    >>> from gtgraph.project._views import lineage
    >>> changes = [("merge_codes", {"into_id": "cod9", "merged": ["cod1", "cod2"]}),
    ...            ("split_code", {"code_id": "cod9", "new_codes": ["cod10"]})]
    >>> sorted(lineage(changes, {"cod10"}))
    ['cod1', 'cod10', 'cod2', 'cod9']
    """
    changes = list(changes)
    found = set(ids)
    changed = bool(found)
    while changed:
        changed = False
        for op, args in changes:
            origins: list[str] = []
            if op == "merge_codes" and args.get("into_id") in found:
                origins = list(args.get("merged", []))
            elif op == "split_code" and found & set(args.get("new_codes", [])):
                origins = [args.get("code_id", "")]
            new = {o for o in origins if o and o not in found}
            if new:
                found |= new
                changed = True
    return found
