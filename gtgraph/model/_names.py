"""When two names are nearly the same: the guard against typos that split a concept.

A name is *near* another when they differ only in case, spacing or punctuation,
in a plural ending (``doubt`` and ``doubts``, ``story`` and ``stories``), or by
one or two typing slips (an edit distance of at most 2, counting a swap of two
neighbouring letters as one slip; at most 1 for names of five to eight
characters and none for shorter ones, where slips make another word; names
whose numbers differ, ``code 1`` and ``code 2``, are never near).  :func:`near_names` finds them, so
that the project can refuse to create ``"Living with doubts"`` beside
``"Living with doubt"`` without being asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["RELATION_SYNONYMS", "edit_distance", "key", "near_names"]

_PUNCTUATION = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def _slips(length: int) -> int:
    # Slips in a short name make another word ("hope", "rope"): none up to four
    # characters, one up to eight, two beyond.
    if length <= 4:  # noqa: PLR2004
        return 0
    return 1 if length <= 8 else 2  # noqa: PLR2004


#: Everyday words for the built-in relation types, to suggest the type's name.
RELATION_SYNONYMS = {
    "causes": "is cause of",
    "cause": "is cause of",
    "cause of": "is cause of",
    "caused": "is cause of",
    "leads": "leads to",
    "results in": "leads to",
    "contradict": "contradicts",
    "contradicting": "contradicts",
    "conflicts with": "contradicts",
    "associated with": "is associated with",
    "relates to": "is associated with",
    "related to": "is associated with",
    "part of": "is part of",
    "belongs to": "is part of",
    "property of": "is property of",
    "is a kind of": "is a",
    "kind of": "is a",
    "type of": "is type of",
    "condition for": "is condition for",
    "conditions": "is condition for",
    "enables": "is condition for",
    "causal condition for": "is causal condition for",
    "context for": "is context for",
    "context of": "is context for",
    "consequence of": "is consequence of",
    "results from": "is consequence of",
    "follows from": "is consequence of",
    "strategy for": "is strategy for",
    "intervenes": "intervenes in",
    "before": "precedes",
    "comes before": "precedes",
    "covaries": "covaries with",
    "correlates with": "covaries with",
    "stage of": "is stage of",
    "degree of": "is degree of",
    "contingency of": "is contingency of",
}


def key(name: str) -> str:
    """Return *name* folded for comparison: case, accents kept, spacing and punctuation dropped.

    Examples
    --------
    >>> from gtgraph.model._names import key
    >>> key("  Living-with  Doubt! ")
    'living with doubt'
    """
    folded = unicodedata.normalize("NFC", name).casefold()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def _singular(text: str) -> str:
    if text.endswith("ies") and len(text) > 4:  # noqa: PLR2004 - "ies" needs a stem
        return text[:-3] + "y"
    if text.endswith(("ses", "xes", "zes", "ches", "shes")):
        return text[:-2]
    if text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Return the edit distance of *a* and *b* (a swap counts once), or ``limit + 1``.

    Only distances up to *limit* are computed exactly; the band keeps each
    comparison linear in the names' length.

    Examples
    --------
    >>> from gtgraph.model._names import edit_distance
    >>> edit_distance("doubt", "dobut"), edit_distance("trust", "trusted")
    (1, 2)
    >>> edit_distance("trust", "hope")
    3
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    big = limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        current[0] = i
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        for j in range(lo, hi + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and previous2
            ):
                value = min(value, previous2[j - 2] + 1)
            current[j] = min(value, big)
        if min(current) > limit:
            return big
        previous2, previous = previous, current
    return min(previous[len(b)], big)


def near_names(name: str, pool: Iterable[str]) -> list[str]:
    """Return the names in *pool* that *name* nearly matches (not itself), closest first.

    Examples
    --------
    >>> from gtgraph.model._names import near_names
    >>> pool = ["Living with doubt", "trusting", "Hope", "stories", "code 1"]
    >>> near_names("Living with doubts", pool)
    ['Living with doubt']
    >>> near_names("HOPE", pool), near_names("story", pool), near_names("trustin", pool)
    (['Hope'], ['stories'], ['trusting'])
    >>> near_names("rope", pool), near_names("code 2", pool), near_names("trusting", pool)
    ([], [], [])
    """
    wanted = key(name)
    singular = _singular(wanted)
    numbers = _DIGITS.findall(wanted)
    limit = _slips(len(wanted))
    found: list[tuple[int, str]] = []
    for other in pool:
        if other == name:
            continue
        theirs = key(other)
        if theirs == wanted or _singular(theirs) == singular:
            found.append((0, other))
            continue
        if not limit or _DIGITS.findall(theirs) != numbers:
            continue  # "code 1" and "code 2" are numbered apart on purpose
        distance = edit_distance(wanted, theirs, limit)
        if distance <= limit:
            found.append((distance, other))
    found.sort(key=lambda item: item[0])
    return [other for _, other in found]
