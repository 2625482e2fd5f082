"""Duplicate codings: one code applied twice by one coder to nearly the same span.

Two spans of one source are *nearly the same* when the characters they share
are at least :data:`DUPLICATE_OVERLAP` (90 %) of the longer one: a sentence
coded once with and once without its final full stop, or with a space more.
Such pairs count one passage twice (in grounding counts, diagrams and
saturation), so the project warns when one is made and the theory checks list
them.  The same span coded by two coders is not a duplicate: it is what
agreement compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["DUPLICATE_OVERLAP", "duplicate_pairs", "overlap"]

#: Share of the longer span two spans must have in common to be nearly the same.
DUPLICATE_OVERLAP = 0.9

#: One application of a code: (segment id, source id, start, end, code id, coder).
CodingSpan = tuple[str, str, int, int, str, "str | None"]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Return the characters spans *a* and *b* share, as a share of the longer.

    Examples
    --------
    >>> from gtgraph.model._overlap import overlap
    >>> overlap((0, 20), (0, 19)), overlap((0, 10), (5, 15)), overlap((0, 4), (4, 8))
    (0.95, 0.5, 0.0)
    """
    shared = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return max(shared, 0) / longer if longer > 0 else 1.0


def duplicate_pairs(
    codings: Iterable[CodingSpan], threshold: float = DUPLICATE_OVERLAP
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(first segment, second segment, code)`` for nearly identical codings.

    Codings are grouped by source, code and coder, sorted by start, and each is
    compared only with the ones that start before it ends, so the work is about
    linear in the number of codings.

    Examples
    --------
    >>> from gtgraph.model._overlap import duplicate_pairs
    >>> rows = [("s1", "src", 0, 20, "c", "HB"), ("s2", "src", 0, 19, "c", "HB"),
    ...         ("s3", "src", 0, 20, "c", "RK"), ("s4", "src", 30, 40, "c", "HB")]
    >>> list(duplicate_pairs(rows))
    [('s2', 's1', 'c')]
    """
    groups: dict[tuple[str, str, str | None], list[tuple[int, int, str]]] = {}
    for sid, source, start, end, code, coder in codings:
        groups.setdefault((source, code, coder), []).append((start, end, sid))
    for (_, code, _), spans in groups.items():
        spans.sort()
        for i, (start, end, sid) in enumerate(spans):
            for other_start, other_end, other in spans[i + 1 :]:
                if other_start >= end:
                    break
                if overlap((start, end), (other_start, other_end)) >= threshold:
                    yield (sid, other, code)
