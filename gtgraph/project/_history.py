"""The project's history, stored compactly: one line of JSON text per event.

A project coded by hand records one event per ``code`` call, so a project of a
million segments carries a million events.  Held as Python dicts (with their
lists and strings) each costs about a kilobyte; held here each costs the JSON
text of its arguments (about 200 bytes for a ``code`` event) and three small
integers: the timestamp, the actor and the operation are numbers into a table
of the distinct values, so that the timestamp of a batch of events made in the
same second is stored once.

:class:`EventLog` behaves as the list of history rows ``[seq, when, who, op,
args]`` the rest of the package reads: rows (and the argument dicts in them)
are built when read, each time afresh, so changing a row read from the log
never changes the history.  The sequence number of an event is its position.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator
from typing import Any, overload

__all__ = ["EventLog", "HistoryEncodeError", "encode_args"]

_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False
).encode
_decoder = json.JSONDecoder()
_decode = _decoder.decode
_scan: Any = _decoder.scan_once  # type: ignore[attr-defined]


def _args(text: str) -> Any:
    """Decode stored arguments with the C scanner directly (a third of the time).

    Text kept from a file laid out by hand may start with spaces, which only
    the full decoder skips.
    """
    try:
        return _scan(text, 0)[0]
    except StopIteration:
        return _decode(text)


class HistoryEncodeError(ValueError):
    """The arguments of an event cannot be written as JSON (a NaN, too deep)."""


def encode_args(args: dict[str, Any]) -> str:
    """Return the JSON text stored for an event's arguments.

    Raises
    ------
    HistoryEncodeError
        If *args* holds a number that is not finite or is nested too deeply.

    Examples
    --------
    >>> from gtgraph.project._history import encode_args
    >>> encode_args({"code": "cod1", "name": "trust"})
    '{"code":"cod1","name":"trust"}'
    """
    try:
        return _encode(args)
    except (ValueError, RecursionError) as error:
        raise HistoryEncodeError(str(error)) from None


class EventLog:
    """History rows ``[seq, when, who, op, args]`` held compactly, oldest first.

    Examples
    --------
    >>> from gtgraph.project._history import EventLog
    >>> log = EventLog()
    >>> log.append([1, "2026-01-01T00:00:00Z", "HB", "add_code", {"code": "cod1"}])
    >>> log.append([2, "2026-01-01T00:00:00Z", "HB", "rename", {"key": "cod1"}])
    >>> len(log), log[-1]
    (2, [2, '2026-01-01T00:00:00Z', 'HB', 'rename', {'key': 'cod1'}])
    >>> log[0][4]["code"] = "changed"   # rows are built afresh when read
    >>> log[0][4]
    {'code': 'cod1'}
    """

    __slots__ = ("_args", "_index", "_op", "_texts", "_when", "_who")

    def __init__(self, rows: Iterable[list[Any]] = ()) -> None:
        # distinct when / who / op values, each once; who None is slot 0
        self._texts: list[str | None] = [None]
        self._index: dict[str | None, int] = {None: 0}
        self._when = array("I")
        self._who = array("I")
        self._op = array("I")
        self._args: list[str] = []
        for row in rows:
            self.append(row)

    # -- writing -------------------------------------------------------------

    def append(self, row: list[Any], *, args_text: str | None = None) -> None:
        """Append the row ``[seq, when, who, op, args]`` (seq must be its position).

        *args_text*, when given, is the JSON text of ``args`` already encoded.
        """
        self.append_event(row[1], row[2], row[3], args_text or encode_args(row[4]))

    def append_event(self, when: str, who: str | None, op: str, args_text: str) -> None:
        """Append an event whose arguments are given as their JSON text."""
        slot = self.slot
        self._when.append(slot(when))
        self._who.append(slot(who))
        self._op.append(slot(op))
        self._args.append(args_text)

    def slot(self, text: str | None) -> int:
        """Return the number of *text* (a time, an actor or an operation) in the table."""
        index = self._index
        slot = index.get(text)
        if slot is None:
            slot = index[text] = len(self._texts)
            self._texts.append(text)
        return slot

    def extend_slots(
        self, whens: list[int], whos: list[int], ops: list[int], args_texts: list[str]
    ) -> None:
        """Append many events at once, given column by column, as a loader reads them.

        Times, actors and operations are given as numbers from :meth:`slot`.
        """
        self._when.extend(array("I", whens))
        self._who.extend(array("I", whos))
        self._op.extend(array("I", ops))
        self._args.extend(args_texts)

    def pop(self) -> list[Any]:
        """Remove the newest event and return its row."""
        row = self[-1]
        self._when.pop()
        self._who.pop()
        self._op.pop()
        self._args.pop()
        return row

    def copy(self) -> EventLog:
        """Return an independent log with the same events (texts are shared)."""
        new = EventLog()
        new._texts = list(self._texts)
        new._index = dict(self._index)
        new._when = array("I", self._when)
        new._who = array("I", self._who)
        new._op = array("I", self._op)
        new._args = list(self._args)
        return new

    # -- reading -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._args)

    def _row(self, i: int) -> list[Any]:
        texts = self._texts
        return [
            i + 1,
            texts[self._when[i]],
            texts[self._who[i]],
            texts[self._op[i]],
            _args(self._args[i]),
        ]

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[Any]]: ...
    def __getitem__(self, index: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("history index out of range")
        return self._row(index)

    def __iter__(self) -> Iterator[list[Any]]:
        return (self._row(i) for i in range(len(self)))

    def ops(self) -> Iterator[str]:
        """Yield the operation of every event, oldest first, without decoding arguments."""
        texts = self._texts
        return (texts[o] or "" for o in self._op)

    def who(self, i: int) -> str | None:
        """Return who made event *i* (from 0)."""
        return self._texts[self._who[i]]

    def changes(self, ops: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield ``(op, args)`` of the events of the operations *ops*, oldest first.

        Only those events' arguments are decoded.
        """
        texts, index = self._texts, self._index
        wanted = {index[o] for o in ops if o in index}
        args = self._args
        for i, op in enumerate(self._op):
            if op in wanted:
                yield texts[op] or "", _args(args[i])

    def args_text(self, i: int) -> str:
        """Return the JSON text of the arguments of event *i* (from 0)."""
        return self._args[i]

    def json_rows(self, start: int, stop: int) -> Iterator[str]:
        """Yield the compact JSON text of rows *start* to *stop* (as the file holds them)."""
        encoded = [_encode(t) for t in self._texts]
        when, who, op, args = self._when, self._who, self._op, self._args
        for i in range(start, min(stop, len(self))):
            yield f"[{i + 1},{encoded[when[i]]},{encoded[who[i]]},{encoded[op[i]]},{args[i]}]"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return len(other) == len(self) and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        if not isinstance(other, EventLog):
            return NotImplemented
        if len(other) != len(self):
            return False
        mine, theirs = self._texts, other._texts
        for i in range(len(self)):
            if (
                mine[self._when[i]] != theirs[other._when[i]]
                or mine[self._who[i]] != theirs[other._who[i]]
                or mine[self._op[i]] != theirs[other._op[i]]
            ):
                return False
            a, b = self._args[i], other._args[i]
            if a != b and _decode(a) != _decode(b):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]  # mutable, like the list it stands for

    def __repr__(self) -> str:
        return f"<EventLog of {len(self)} events>"
