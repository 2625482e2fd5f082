"""Theory checks on codes: in no category, near-duplicate names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gtgraph.checks._rule import Found, Rule, _Context, registrar

if TYPE_CHECKING:
    pass

__all__ = ["RULES", "name_key"]

#: The rules on codes, by id, in the order they run.
RULES: dict[str, Rule] = {}
_rule = registrar(RULES)


@_rule(
    "code-without-category",
    "warning",
    "A code is in no category.",
    """Codes are raised into categories by constant comparison; a code left on
    its own has not yet been compared with the others or found its place in the
    emerging theory (Glaser & Strauss 1967; Charmaz 2014, ch. 6).  Early in open
    coding this is expected; later it points to a code to merge, to drop, or to
    develop into a category of its own.""",
)
def _code_without_category(context: _Context) -> Found:
    index = context.index
    for code in index.codes.values():
        if not index.parents.get(code.id):
            yield (
                (
                    f"code {code.name!r} is in no category; put it into one with "
                    f"project.categorize({code.name!r}, ...), merge it into another code, "
                    "or make it a category"
                ),
                (code.id,),
            )


_SEPARATORS = re.compile(r"[\s_\-]+")


# Shorter words are left alone: "bus", "was", "yes", "dies" are not plurals.
_MIN_ES = 5
_MIN_S = 4


def _singular(word: str) -> str:
    if len(word) >= _MIN_ES and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= _MIN_ES and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if (
        len(word) >= _MIN_S
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
    ):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """Return the form two code names share when they look like the same code.

    Case is ignored, runs of spaces, hyphens and underscores count as one space,
    and each word is reduced by the simple English plural rules (*-ies* to
    *-y*; *-sses*, *-shes*, *-ches*, *-xes*, *-zes* drop *-es*; otherwise a
    final *-s* is dropped, except after *s*, *u* or *i*).

    Examples
    --------
    >>> from gtgraph.checks import name_key
    >>> name_key("Feeling  Safe"), name_key("feeling-safe"), name_key("feelings safe")
    ('feeling safe', 'feeling safe', 'feeling safe')
    >>> name_key("stories"), name_key("story"), name_key("process")
    ('story', 'story', 'process')
    """
    words = _SEPARATORS.split(name.casefold().strip())
    return " ".join(_singular(w) for w in words if w)


@_rule(
    "duplicate-code-names",
    "warning",
    "Code names differ only in case, spacing or a plural ending.",
    """A codebook with near-identical codes splits the same idea across labels,
    so each looks thinner than the idea is and constant comparison misses
    incidents filed under the twin.  Focused coding is exactly the work of
    choosing the most telling codes and merging the rest (Charmaz 2014, ch. 6;
    Saldaña 2021, ch. 1).""",
)
def _duplicate_code_names(context: _Context) -> Found:
    groups: dict[str, list[str]] = {}
    for code in context.index.codes.values():
        groups.setdefault(name_key(code.name), []).append(code.id)
    for ids in groups.values():
        if len(ids) < 2:  # noqa: PLR2004 - a duplicate needs two
            continue
        names = [context.index.codes[i].name for i in ids]
        listed = ", ".join(map(repr, names))
        yield (
            (
                f"codes {listed} look like the same code; merge them with "
                f"project.merge_codes({names!r}, into=...), or sharpen their definitions "
                "so that they differ"
            ),
            tuple(ids),
        )
