r"""Convert text positions between producers' counting rules and gtgraph's.

gtgraph counts positions in code points of the source text with its byte order
mark removed and every line ending turned into a single ``"\n"`` (the
*LF-normalised* text), from 0, end exclusive.  QDA programs count otherwise:

``utf16``
    NVivo: UTF-16 code units (a character outside the Basic Multilingual Plane,
    such as most emoji, counts 2) of the shipped text, where CRLF counts 2.
``lines``
    ATLAS.ti and MAXQDA: code points, with CRLF counted once.
``codepoints``
    Everyone else (QualCoder, qc, Taguette, gtgraph itself): code points of the
    text as shipped, CRLF counting 2.

(A fourth rule, ``utf16-lines``, UTF-16 units with CRLF counted once, is tried
as a fall-back.)  An :class:`OffsetMap` converts both ways for one text, in
O(log n) per position.  :func:`choose_model` picks the rule for a source from the
producer's name, checked against the selections whose name carries their text
(ATLAS.ti names a selection after its text, cut short with "…") and, when no
name settles it, against word boundaries (a person selects whole words).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from gtgraph.project._base import normalise_text

__all__ = [
    "MODELS",
    "OffsetMap",
    "choose_model",
    "locate",
    "models_for_origin",
    "name_matches",
]

#: The counting rules, as (unit, CRLF counted twice).
MODELS: dict[str, tuple[str, bool]] = {
    "utf16": ("utf16", True),
    "lines": ("codepoint", False),
    "codepoints": ("codepoint", True),
    "utf16-lines": ("utf16", False),
}

_BOM = "\ufeff"
_CRLF = re.compile("\r\n")
_SPECIAL_UTF16 = re.compile("\r\n|[\U00010000-\U0010ffff]")
#: Names shorter than this prove nothing about a selection's text.
_MIN_NAME = 4


def models_for_origin(origin: str | None) -> tuple[str, ...]:
    """Return the counting rules to try for a producer, most likely first.

    Examples
    --------
    >>> from gtgraph.readwrite._offsets import models_for_origin
    >>> models_for_origin("NVivo for Windows 12.6")[0]
    'utf16'
    >>> models_for_origin("MAXQDA 24 (Release 24.7.0)")[0]
    'lines'
    >>> models_for_origin("QualCoder 3.5")[0]
    'codepoints'
    """
    text = (origin or "").casefold()
    if "nvivo" in text:
        first = "utf16"
    elif "atlas" in text or "maxqda" in text:
        first = "lines"
    else:
        first = "codepoints"
    return (first, *(m for m in MODELS if m != first))


class OffsetMap:
    r"""Positions of one text under one counting rule, converted both ways.

    Parameters
    ----------
    raw : str
        The text as the producer shipped it (a leading BOM is ignored).
    model : str
        One of :data:`MODELS`.

    Attributes
    ----------
    text : str
        The LF-normalised text that gtgraph offsets index.
    length : int
        The text's length in the producer's units.

    Examples
    --------
    >>> from gtgraph.readwrite._offsets import OffsetMap
    >>> m = OffsetMap("\ufeffhi \U0001F600\r\nyes", "utf16")
    >>> m.text
    'hi 😀\nyes'
    >>> m.to_gtgraph(7)          # after the emoji (2 units) and CRLF (2 units)
    5
    >>> m.to_producer(5)
    7
    """

    __slots__ = ("_extra", "_misaligned", "length", "model", "text")

    def __init__(self, raw: str, model: str) -> None:
        unit, crlf_twice = MODELS[model]
        if raw.startswith(_BOM):
            raw = raw[1:]
        self.model = model
        self.text = normalise_text(raw) or ""
        # _extra: producer positions of the first unit of each pair of units that
        # stands for one code point of the normalised text (a surrogate pair; a
        # CRLF counted twice), so a position inside a pair maps to the pair's start.
        # _misaligned: the positions inside such pairs.
        extra: list[int] = []
        misaligned: set[int] = set()
        # Only CRLFs and characters beyond the BMP (in UTF-16 units) count
        # differently from code points: visit just those.  shift is the producer
        # position minus the index into raw, so far.
        shift = 0
        for match in (_SPECIAL_UTF16 if unit == "utf16" else _CRLF).finditer(raw):
            position = match.start() + shift
            if match.group() == "\r\n":
                if crlf_twice:
                    extra.append(position)
                    misaligned.add(position + 1)
                else:
                    shift -= 1
            else:
                extra.append(position)
                misaligned.add(position + 1)
                shift += 1
        self._extra = extra
        self._misaligned = misaligned
        self.length = len(raw) + shift

    @property
    def signature(self) -> tuple[int, ...]:
        """The positions where this rule departs from plain code points."""
        return tuple(self._extra)

    def aligned(self, position: int) -> bool:
        """Return True unless *position* falls inside a surrogate pair or a CRLF."""
        return position not in self._misaligned

    def to_gtgraph(self, position: int) -> int:
        """Convert a producer position to a code-point offset into :attr:`text`.

        Positions are clamped into the text first.
        """
        position = min(max(position, 0), self.length)
        return position - bisect.bisect_left(self._extra, position)

    def to_producer(self, offset: int) -> int:
        """Convert a code-point offset into :attr:`text` to a producer position."""
        offset = min(max(offset, 0), len(self.text))
        # The producer position p is the smallest with p - extras_before(p) == offset.
        low, high = offset, offset + len(self._extra)
        while low < high:
            middle = (low + high) // 2
            if middle - bisect.bisect_left(self._extra, middle) < offset:
                low = middle + 1
            else:
                high = middle
        return low


def _collapse(text: str) -> str:
    # str.split() without arguments splits on runs of any whitespace, as \s+ does
    return " ".join(text.split())


def name_matches(name: str | None, quote: str) -> bool | None:
    """Say whether a selection's *name* is its text (None: the name says nothing).

    ATLAS.ti names a selection after its text, cut short with "…"; whitespace may
    be collapsed.  A name shorter than four characters, or one that looks like a
    label (``"Quotation 6:1"``, ``"line:6"``) rather than text, proves nothing
    either way, and neither does a name that matches no reading at all (it may
    have been renamed by hand); that is decided by the caller across models.

    Examples
    --------
    >>> from gtgraph.readwrite._offsets import name_matches
    >>> name_matches("I did try the…", "I did try the gluten free bread")
    True
    >>> name_matches("I did try the…", "did try the gluten")
    False
    >>> name_matches("", "anything") is None
    True
    """
    if not name:
        return None
    if name == quote and len(name) >= _MIN_NAME:
        return True  # the common case, without collapsing whitespace
    wanted = _collapse(name)
    truncated = wanted.endswith(("…", "..."))
    if truncated:
        wanted = wanted.rstrip(".…").rstrip()
    if len(wanted) < _MIN_NAME:
        return None
    have = _collapse(quote)
    if truncated:
        return have.startswith(wanted)
    return have == wanted


def locate(text: str, quote: str, cursor: int = 0) -> tuple[int, int] | None:
    r"""Find *quote* in *text*: exactly from *cursor* on, then anywhere, then by words.

    Matching by words lets the whitespace between them differ (a line break in
    the text where the quote has a space).

    Examples
    --------
    >>> from gtgraph.readwrite._offsets import locate
    >>> locate("I felt heard.\nShe had been there too.", "heard. She")
    (7, 17)
    >>> locate("abc", "xyz") is None
    True
    """
    position = text.find(quote, cursor)
    if position < 0:
        position = text.find(quote)
    if position >= 0:
        return position, position + len(quote)
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    match = pattern.search(text, cursor) or pattern.search(text)
    if match is None:
        return None
    return match.start(), match.end()


def _is_boundary(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text):
        return True
    return not (text[offset - 1].isalnum() and text[offset].isalnum())


def choose_model(
    raw: str,
    selections: Sequence[tuple[int, int, str | None]],
    preferred: Iterable[str],
) -> tuple[str, dict[str, OffsetMap], int]:
    r"""Choose the counting rule for one text from its selections.

    Parameters
    ----------
    raw : str
        The text as shipped.
    selections : sequence of (start, end, name)
        The producer's positions and the selections' names.
    preferred : iterable of str
        The rules in order of likelihood (see :func:`models_for_origin`).

    Returns
    -------
    model : str
        The chosen rule.
    maps : dict
        An :class:`OffsetMap` per rule tried, for per-selection fall-back.
    evidence : int
        How many selection names the chosen rule reproduces.

    Notes
    -----
    Where the rules agree (no CRLF and no character outside the BMP) the first
    preferred rule is taken.  Otherwise the rule reproducing most selection names
    wins; without such evidence, a rule is taken over the preferred one only when
    clearly more selections start and end on word boundaries under it (by at
    least three and a quarter of the selections).

    Examples
    --------
    >>> from gtgraph.readwrite._offsets import choose_model
    >>> raw = "\U0001F600 good day\nbad day"
    >>> choose_model(raw, [(3, 7, "good")], ["codepoints", "utf16"])[0]
    'utf16'
    """
    order = list(dict.fromkeys(preferred))
    maps = {model: OffsetMap(raw, model) for model in order}
    first = order[0]
    if len({m.signature for m in maps.values()}) == 1:
        return first, maps, 0
    names: dict[str, int] = dict.fromkeys(order, 0)
    bounds: dict[str, int] = dict.fromkeys(order, 0)
    for start, end, name in selections:
        for model, offsets in maps.items():
            a, b = offsets.to_gtgraph(start), offsets.to_gtgraph(end)
            if name_matches(name, offsets.text[a:b]):
                names[model] += 1
            if (
                offsets.aligned(start)
                and offsets.aligned(end)
                and _is_boundary(offsets.text, a)
                and _is_boundary(offsets.text, b)
                and start <= offsets.length
                and end <= offsets.length
            ):
                bounds[model] += 1
    best_names = max(names.values())
    if best_names > 0:
        chosen = max(order, key=lambda m: (names[m], -order.index(m)))
        return chosen, maps, names[chosen]
    margin = max(3, len(selections) // 4)
    best = max(order, key=lambda m: (bounds[m], -order.index(m)))
    if bounds[best] >= bounds[first] + margin:
        return best, maps, 0
    return first, maps, 0
