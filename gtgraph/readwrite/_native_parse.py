"""Decoding the project file: JSON text to a checked Project, large files a block at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from gtgraph.errors import FormatError
from gtgraph.model._values import MAX_INT

if TYPE_CHECKING:
    from gtgraph.project import Project

from gtgraph.readwrite._native_check import BlockError, Reader, RowBlock, SegmentRows

__all__ = ["parse"]


def _no_constant(value: str) -> Any:
    raise _NotFinite(value)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (_INF, -_INF):
        raise _NotFinite(text)
    return value


class _NotFinite(ValueError):
    """A number JSON allows to be written but a project file may not hold."""


_INF = float("inf")
_decoder = json.JSONDecoder(parse_float=_finite_float, parse_constant=_no_constant)
_decode = _decoder.decode
#: Scan one JSON value at an offset of a text: (value, offset after it).
_scan: Any = _decoder.scan_once  # type: ignore[attr-defined]
# A backslash escape of a UTF-16 surrogate; decoded UTF-8 cannot hold one otherwise.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Only a run of 16 or more digits can be a number outside ±(2**53 - 1): the
# document is searched for such numbers only when the text holds one.
_LONG_DIGITS = re.compile(r"[0-9]{16}")
_SHOWN_DIGITS = 40


def parse(data: str, name: str, *, blocks: bool = True) -> Project:
    """Build a project from the decoded text of a project file (see :func:`gtgraph.loads`)."""
    surrogates = bool(_SURROGATE_ESCAPE.search(data))
    long_digits = bool(_LONG_DIGITS.search(data))
    section = history = None
    if blocks and not surrogates and not long_digits:
        if len(data) > _BLOCKS_ABOVE:
            section = _segments_section(data)
        if len(data) > _HISTORY_BLOCKS_ABOVE:
            history = _history_section(data)
            if (
                section is not None
                and history is not None
                and history.start < section.end
            ):
                history = None
    try:
        if section is None and history is None:
            doc = _decode(data)
        else:
            # The segments and the history, most of a large file, are parsed a
            # block of lines at a time while they are stored (see _SegmentLines):
            # far less memory, and the history's text is kept as it is.
            head = data
            if history is not None:
                # the history closes the document: "history": [ rows ] }
                head = head[: history.start - 1] + "]" + head[history.end + 2 :]
            if section is not None:
                head = head[: section.start - 1] + "],\n" + head[section.end + 4 :]
            try:
                doc = _decode(head)
            except json.JSONDecodeError:
                # name the place in the whole text, exactly as json does
                doc = _decode(data)
            if section is not None:
                doc["segments"] = section
            if history is not None:
                doc["history"] = history
    except json.JSONDecodeError as error:
        raise FormatError(
            f"{name}: not valid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}); the file may be truncated or damaged"
        ) from None
    except _NotFinite as error:
        raise FormatError(
            f"{name}: holds the number {error.args[0]}, which a project file may not "
            "(numbers must be finite); the file was not written by gtgraph, or is damaged"
        ) from None
    except ValueError as error:  # an integer with thousands of digits
        raise FormatError(
            f"{name}: holds a number too large to read ({error}); the file was not "
            "written by gtgraph, or is damaged"
        ) from None
    except RecursionError:
        raise FormatError(
            f"{name}: nested too deeply to be a gtgraph project file"
        ) from None
    if surrogates or long_digits:
        found = _find_unsaveable(doc)
        if found is not None:
            where, problem = found
            raise FormatError(f"{name}: {where}: {problem}; the file is damaged")
    from gtgraph.project import Project

    try:
        return Project._from_store(Reader(name).read(doc))  # noqa: SLF001
    except _NotOurLayout:
        return parse(data, name, blocks=False)


_OPEN = '\n"segments": [\n'
_CLOSE = '\n],\n"'
#: About how many characters of segment rows are parsed at once when reading the
#: segments a block at a time (a block ends at the end of a line).
_BLOCK_CHARS = 1 << 21
#: Files whose segments take fewer characters are parsed whole (a little faster);
#: larger ones a block at a time (far less memory).
_BLOCKS_ABOVE = 1 << 26
#: The history of files larger than this is read a block at a time with its text
#: (kept as it is, not encoded again): faster above a few thousand events.
_HISTORY_BLOCKS_ABOVE = 1 << 20


@attrs.define
class _SegmentLines(SegmentRows):
    """The segments section of a file in gtgraph's own layout, still as text.

    :func:`dumps` writes one segment per line between ``"segments": [`` and
    ``],``; a raw line break cannot occur inside a JSON string, so those markers
    find the section exactly.  Iterating parses it a block of lines at a time.
    """

    text: str
    start: int  # index of the first row
    end: int  # index of the line break before the closing "],"

    @property
    def line(self) -> int:
        """The line (from 1) that opens the section (``"segments": [``)."""
        return self.text.count("\n", 0, self.start)

    @property
    def lines(self) -> int:
        """How many lines of rows the section has."""
        return self.text.count("\n", self.start, self.end) + 1

    def __iter__(self) -> Iterator[Any]:
        text, position, end = self.text, self.start, self.end
        while position < end:
            cut = text.find("\n", min(position + _BLOCK_CHARS, end), end)
            if cut < 0:
                cut = end
            block = text[position:cut].rstrip()
            if cut < end:
                # More rows follow: the block ends with the comma before them.
                if not block.endswith(","):
                    self._not_blocks()
                block = block[:-1]
            try:
                rows = _decode("[" + block + "]")
            except json.JSONDecodeError:
                self._not_blocks()
            position = cut + 1
            yield from rows

    def blocks(self) -> Iterator[RowBlock]:
        """Yield the rows a block at a time, each with where it lies in the text.

        Each row is scanned in place (one JSON value at its offset, no copy of
        the text), so that the loader can keep the text of a history event's
        arguments as the file holds it.
        """
        text, position, end = self.text, self.start, self.end
        scan = _scan
        while position < end:
            stop = min(position + _BLOCK_CHARS, end)
            rows: list[Any] = []
            starts: list[int] = []
            ends: list[int] = []
            while position < stop:
                try:
                    row, after = scan(text, position)
                except (StopIteration, json.JSONDecodeError):
                    self._not_blocks()
                rows.append(row)
                starts.append(position)
                ends.append(after)
                if after == end:
                    position = end
                elif text.startswith(",\n", after):
                    position = after + 2
                else:
                    self._not_blocks()
            yield RowBlock(rows, text, starts, ends)

    def _not_blocks(self) -> NoReturn:
        """Give up reading by blocks: the text is damaged, or not laid out as ours.

        Damaged: the whole text names the place exactly, as json itself would.
        """
        try:
            _decode(self.text)
        except json.JSONDecodeError as error:
            raise BlockError(error.msg, error.lineno, error.colno) from None
        raise _NotOurLayout


class _NotOurLayout(Exception):
    """The segments section is valid JSON but not one row per line: parse it whole."""


def _segments_section(text: str) -> _SegmentLines | None:
    """Find the segments section of a file in gtgraph's own layout, or None."""
    opening = text.find(_OPEN)
    if opening < 0:
        return None
    start = opening + len(_OPEN)
    end = text.find(_CLOSE, start)
    if end < 0:
        return None
    return _SegmentLines(text, start, end)


_HISTORY_OPEN = '\n"history": [\n'
_HISTORY_CLOSE = "\n]\n}"


def _history_section(text: str) -> _SegmentLines | None:
    """Find the history section (the last of the document) of a file in our layout."""
    opening = text.rfind(_HISTORY_OPEN)
    if opening < 0:
        return None
    start = opening + len(_HISTORY_OPEN)
    end = text.rfind(_HISTORY_CLOSE, start)
    if end < 0 or text[end + len(_HISTORY_CLOSE) :].strip():
        return None
    return _SegmentLines(text, start, end)


def _find_unsaveable(doc: Any) -> tuple[str, str] | None:
    """Return where a string holds a lone surrogate or a number is out of range."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if _LONE_SURROGATE.search(value):
                return where or "the document", _SURROGATE_PROBLEM
        elif type(value) is int and not -MAX_INT <= value <= MAX_INT:
            digits = len(str(abs(value)))
            shown = str(value) if digits < _SHOWN_DIGITS else f"of {digits} digits"
            return where or "the document", (
                f"holds the whole number {shown}, outside ±(2**53 - 1), the range a "
                "project holds (and JSON readers take)"
            )
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else key
                if _LONE_SURROGATE.search(key):
                    return f"the key {inner!r}", _SURROGATE_PROBLEM
                stack.append((inner, item))
    return None


_SURROGATE_PROBLEM = (
    "holds an unpaired UTF-16 surrogate escape (\\ud800-\\udfff), which is not a "
    "character"
)
