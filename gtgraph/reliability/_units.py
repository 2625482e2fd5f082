"""The units agreement is counted in: segments, whole sources, or characters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gtgraph.project._analysis import Index
from gtgraph.project._store import coders_of
from gtgraph.reliability._results import Disagreement, _Counts, _Span

if TYPE_CHECKING:
    pass

__all__: list[str] = []


def _spans(index: Index, coder: str) -> dict[str, list[_Span]]:
    """Source id -> the coder's spans, each with the codes *this coder* applied."""
    out: dict[str, list[_Span]] = {}
    for sid, row in index.segments.items():
        codes = frozenset(c for c, who in coders_of(row).items() if who == coder)
        if codes:
            out.setdefault(row[0], []).append((row[1], row[2], codes, sid))
    return out


def _record(
    tables: _Counts,
    applied_a: frozenset[str] | set[str],
    applied_b: frozenset[str] | set[str],
) -> list[tuple[str, int]]:
    """Add one unit's decisions to the tables; return the disagreeing (code, side)."""
    differ: list[tuple[str, int]] = []
    for code in applied_a | applied_b:
        counts = tables.get(code)
        if counts is None:
            continue
        in_a, in_b = code in applied_a, code in applied_b
        if in_a and in_b:
            counts[0] += 1
        elif in_a:
            counts[1] += 1
            differ.append((code, 0))
        else:
            counts[2] += 1
            differ.append((code, 1))
    return differ


def _by_source(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    applied_a = set().union(*(s[2] for s in spans_a))
    applied_b = set().union(*(s[2] for s in spans_b))
    for code, side in _record(tables, applied_a, applied_b):
        out.append(
            Disagreement(src, index.codes[code].name, coders[side], None, None, "")
        )
    return 1


def _by_segment(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    text = index.sources[src].text or ""
    placed = sorted(
        (span[0], span[1], span[2], side)
        for side, spans in ((0, spans_a), (1, spans_b))
        for span in spans
        if span[0] is not None and span[1] is not None
    )
    clusters: list[tuple[int, int, list[tuple[frozenset[str], int]]]] = []
    for start, end, codes, side in placed:
        if clusters:
            c_start, c_end, members = clusters[-1]
            if start < c_end or (start == end == c_start == c_end):
                clusters[-1] = (c_start, max(c_end, end), [*members, (codes, side)])
                continue
        clusters.append((start, end, [(codes, side)]))
    units = 0
    for c_start, c_end, members in clusters:
        units += 1
        applied: tuple[set[str], set[str]] = (set(), set())
        for codes, side in members:
            applied[side].update(codes)
        for code, side in _record(tables, applied[0], applied[1]):
            out.append(
                Disagreement(
                    src,
                    index.codes[code].name,
                    coders[side],
                    c_start,
                    c_end,
                    text[c_start:c_end],
                )
            )
    by_quote: dict[str, tuple[set[str], set[str]]] = {}
    for side, spans in ((0, spans_a), (1, spans_b)):
        for span in spans:
            if span[0] is None:
                quote = _quote(index, span[3])
                by_quote.setdefault(quote, (set(), set()))[side].update(span[2])
    for quote, applied in by_quote.items():
        units += 1
        for code, side in _record(tables, applied[0], applied[1]):
            out.append(
                Disagreement(
                    src, index.codes[code].name, coders[side], None, None, quote
                )
            )
    return units


def _quote(index: Index, sid: str) -> str:
    return index.segments[sid][7] or ""


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(
    left: list[tuple[int, int]], right: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Return the parts of the merged intervals *left* outside the merged *right*."""
    out: list[tuple[int, int]] = []
    j = 0
    for start, end in left:
        cursor = start
        while j < len(right) and right[j][1] <= cursor:
            j += 1
        k = j
        while k < len(right) and right[k][0] < end:
            if right[k][0] > cursor:
                out.append((cursor, right[k][0]))
            cursor = max(cursor, right[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def _length(intervals: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def _by_character(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    text = index.sources[src].text or ""
    size = len(text)
    for code, counts in tables.items():
        cover_a, cover_b = (
            _union(
                (s[0], s[1])
                for s in spans
                if code in s[2] and s[0] is not None and s[1] is not None
            )
            for spans in (spans_a, spans_b)
        )
        only_a = _minus(cover_a, cover_b)
        only_b = _minus(cover_b, cover_a)
        counts[0] += _length(cover_a) - _length(only_a)
        counts[1] += _length(only_a)
        counts[2] += _length(only_b)
        name = index.codes[code].name
        for side, parts in ((0, only_a), (1, only_b)):
            for start, end in parts:
                out.append(
                    Disagreement(src, name, coders[side], start, end, text[start:end])
                )
    return size
