"""Speaker turns of a transcript: who speaks where in a source's text."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Turn", "check_turns"]


@attrs.frozen
class Turn:
    """One speaker's turn in a transcript: who speaks, and where in the text.

    Offsets count code points of the source's text, from 0, with an exclusive
    end, like a :class:`~gtgraph.Segment`'s.  A turn spans the speaker's
    label too (``"P03: I was nervous"``), so that a quote anywhere in it belongs
    to it.

    Parameters
    ----------
    speaker : str
        The speaker's label as the transcript gives it (``"Interviewer"``,
        ``"P03"``, a WebVTT voice).
    start, end : int
        Code-point offsets, ``0 <= start < end <= len(text)``.

    Examples
    --------
    >>> from gtgraph.model import Turn
    >>> Turn("P03", 0, 21)
    Turn(speaker='P03', start=0, end=21)
    """

    speaker: str
    start: int
    end: int


def check_turns(value: Any, text: Any = None) -> tuple[Turn, ...]:
    r"""Return *value* as a tuple of :class:`Turn`, checked.

    Each turn is a :class:`Turn` or a ``[speaker, start, end]`` list; turns must
    be labelled, in text order and not overlapping, and, when *text* is given,
    lie inside it.

    Raises
    ------
    ValueError
        Naming the first bad turn.

    Examples
    --------
    >>> from gtgraph.model import check_turns
    >>> check_turns([["I", 0, 4], ["P03", 5, 9]], "I: a\nP: b")
    (Turn(speaker='I', start=0, end=4), Turn(speaker='P03', start=5, end=9))
    >>> check_turns([["I", 5, 9], ["P03", 0, 4]])
    Traceback (most recent call last):
    ...
    ValueError: turns[1] ('P03', 0-4) must start after the turn before it and end after it starts
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise ValueError("turns must be a list of [speaker, start, end]")
    if value and text is not None and not isinstance(text, str):
        raise ValueError("a source without text has no turns")
    out: list[Turn] = []
    previous_end = 0
    for i, item in enumerate(value):
        fields = attrs.astuple(item) if isinstance(item, Turn) else item
        if (
            not isinstance(fields, (list, tuple))
            or len(fields) != 3  # noqa: PLR2004 - speaker, start, end
            or not isinstance(fields[0], str)
            or not fields[0].strip()
            or not all(type(x) is int for x in fields[1:])
        ):
            raise ValueError(f"turns[{i}] must be [speaker, start, end]")
        speaker, start, end = fields
        if not previous_end <= start < end:
            raise ValueError(
                f"turns[{i}] ({speaker!r}, {start}-{end}) must start after the turn "
                "before it and end after it starts"
            )
        if text is not None and end > len(text):
            raise ValueError(
                f"turns[{i}] ({speaker!r}, {start}-{end}) ends after the text "
                f"({len(text)} characters)"
            )
        previous_end = end
        out.append(item if isinstance(item, Turn) else Turn(speaker, start, end))
    return tuple(out)
