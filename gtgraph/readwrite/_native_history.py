"""Reading the history section of a project file into the compact event log."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from gtgraph.errors import FormatError
from gtgraph.project._history import EventLog, HistoryEncodeError, encode_args
from gtgraph.readwrite._format import HISTORY_COLUMNS

if TYPE_CHECKING:
    from gtgraph.readwrite._native_check import RowBlock

__all__ = ["read_events"]


def read_events(
    blocks: Iterable[RowBlock],
    log: EventLog,
    fail: Callable[[str, str], FormatError],
) -> None:
    """Check history rows and store them in *log*, a block of rows at a time.

    A row read with its line of text (as gtgraph writes it, one row a line)
    keeps the text of its arguments as it is in the file: nothing is encoded
    again.  The line must begin exactly with the row's first four values as
    gtgraph writes them; otherwise the arguments are encoded anew.
    """
    list_, str_, dict_, len_, width = list, str, dict, len, len(HISTORY_COLUMNS)
    none: list[Any] = [None]
    slot = log.slot
    seq = 0
    when_now: Any = None
    who_now: Any = None
    op_now: Any = None
    head = ""
    for block in blocks:
        rows, text = block.rows, block.text
        starts = block.starts or none * len_(rows)
        ends = block.ends or none * len_(rows)
        # (first row, slots) where time, actor or operation change: consecutive
        # events mostly share them, so they are stored per run, not per row
        runs: list[tuple[int, int, int, int]] = []
        texts: list[str] = []
        for row, first, after in zip(rows, starts, ends, strict=True):
            seq += 1
            if not (
                type(row) is list_
                and len_(row) == width
                and row[0] == seq
                and type(row[1]) is str_
                and (row[2] is None or type(row[2]) is str_)
                and type(row[3]) is str_
                and type(row[4]) is dict_
            ):
                raise fail(
                    f"history[{seq - 1}]",
                    f"must be [{seq}, when, who or null, operation, {{arguments}}]",
                )
            _, when, who, op, args = row
            if when != when_now or op != op_now or who != who_now or not runs:
                when_now, who_now, op_now = when, who, op
                head = "," + _encode_compact([when, who, op])[1:-1] + ","
                runs.append((len_(texts), slot(when), slot(who), slot(op)))
            if text is not None:
                # the row as gtgraph writes it: its arguments' text is kept as is
                start = f"[{seq}{head}"
                if text.startswith(start, first) and text[after - 1] == "]":
                    texts.append(text[first + len_(start) : after - 1])
                    continue
            try:
                texts.append(encode_args(args))
            except HistoryEncodeError:
                raise fail(
                    f"history[{seq - 1}]", "its arguments are nested too deeply"
                ) from None
        whens: list[int] = []
        whos: list[int] = []
        ops: list[int] = []
        ends = [r[0] for r in runs[1:]] + [len_(texts)] if runs else []
        for (first, w, h, o), stop in zip(runs, ends, strict=True):
            n = stop - first
            whens += [w] * n
            whos += [h] * n
            ops += [o] * n
        log.extend_slots(whens, whos, ops, texts)


_encode_compact = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False
).encode
