"""Relation types and the built-in vocabularies researchers relate categories with.

A *vocabulary* is a named set of :class:`~gtgraph.RelationType`.  A project
enables one or more vocabularies (all four built-in ones by default) and may define
its own types with :meth:`gtgraph.Project.add_relation_type`.

Built-in vocabularies
---------------------
``atlas``
    ATLAS.ti's default relations: *is associated with* and *contradicts*
    (symmetric), *is part of* and *is a* (transitive), *is cause of*,
    *is property of*.
``paradigm``
    Strauss & Corbin's paradigm model: *is causal condition for*, *is context
    for*, *intervenes in*, *is strategy for*, *is consequence of* (QualCoder ships
    the same list).
``families``
    Glaser's (1978) theoretical coding families, the "six Cs" (*is cause of*,
    *is context for*, *is contingency of*, *is consequence of*, *covaries with*,
    *is condition for*) and the process, strategy, degree and type families.
``process``
    Stages of a process: *precedes* and *leads to* (both acyclic).

The same name in two vocabularies is the same type (``is cause of`` is in both
``atlas`` and ``families``).

Semantics the project enforces: a symmetric relationship is stored once and found
from both ends; a transitive or acyclic type cannot close a cycle; both ends must
be of an allowed kind.  Cycles of causal types are allowed (feedback loops exist)
and reported by the theory checks as a warning.

For example:

>>> from gtgraph import relations
>>> sorted(relations.VOCABULARIES)
['atlas', 'families', 'paradigm', 'process']
>>> relations.get_type("is part of").transitive
True
>>> relations.get_type("contradicts").symmetric
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from gtgraph.errors import RelationTypeError
from gtgraph.model import RelationType

__all__ = [
    "BUILTIN_TYPES",
    "DEFAULT_VOCABULARIES",
    "STYLES",
    "VOCABULARIES",
    "RelationType",
    "get_type",
    "suggest",
    "vocabulary",
]

#: The drawing families a relation type belongs to (see :mod:`gtgraph.drawing`).
STYLES: tuple[str, ...] = (
    "association",
    "structure",
    "causal",
    "conditional",
    "process",
    "strategy",
    "contradiction",
)

_T = RelationType

_TYPES: tuple[RelationType, ...] = (
    # ATLAS.ti defaults
    _T(
        "is associated with",
        "==",
        "is associated with",
        symmetric=True,
        style="association",
        description="The two concepts are associated.",
    ),
    _T(
        "is part of",
        "[]",
        "has part",
        transitive=True,
        style="structure",
        description="The source is a part or component of the target.",
    ),
    _T(
        "is cause of",
        "=>",
        "is caused by",
        style="causal",
        description="The source brings about the target.",
    ),
    _T(
        "is a",
        "isa",
        "has kind",
        transitive=True,
        style="structure",
        description="The source is a kind of the target.",
    ),
    _T(
        "is property of",
        "*}",
        "has property",
        style="structure",
        description="The source is a property or characteristic of the target.",
    ),
    _T(
        "contradicts",
        "<>",
        "contradicts",
        symmetric=True,
        style="contradiction",
        description="The two concepts contradict or are in tension with each other.",
    ),
    # Strauss & Corbin's paradigm model
    _T(
        "is causal condition for",
        "cc>",
        "has causal condition",
        style="conditional",
        description="Events or incidents that lead to the target phenomenon.",
    ),
    _T(
        "is context for",
        "ctx>",
        "has context",
        style="conditional",
        description="The set of conditions in which the target occurs.",
    ),
    _T(
        "intervenes in",
        "ic>",
        "is intervened in by",
        style="conditional",
        description="A broader condition that facilitates or constrains the target.",
    ),
    _T(
        "is strategy for",
        "st>",
        "has strategy",
        style="strategy",
        description="An action or interaction taken in response to the target.",
    ),
    _T(
        "is consequence of",
        "<=",
        "has consequence",
        style="causal",
        description="The source results from the target.",
    ),
    # Glaser's coding families (six Cs and others)
    _T(
        "is contingency of",
        "ctg>",
        "has contingency",
        style="conditional",
        description="The source is a contingency the target depends on.",
    ),
    _T(
        "covaries with",
        "~",
        "covaries with",
        symmetric=True,
        style="association",
        description="The two concepts vary together.",
    ),
    _T(
        "is condition for",
        "c>",
        "has condition",
        style="conditional",
        description="The source is a condition under which the target occurs.",
    ),
    _T(
        "is stage of",
        "stg>",
        "has stage",
        style="process",
        description="The source is a stage or phase of the target process.",
    ),
    _T(
        "is degree of",
        "deg>",
        "has degree",
        style="structure",
        description="The source is a level or degree of the target.",
    ),
    _T(
        "is type of",
        "typ>",
        "has type",
        transitive=True,
        style="structure",
        description="The source is a type of the target.",
    ),
    # Process
    _T(
        "precedes",
        "->",
        "follows",
        acyclic=True,
        style="process",
        description="The source comes before the target in a process.",
    ),
    _T(
        "leads to",
        "=>>",
        "results from",
        acyclic=True,
        style="process",
        description="The source leads on to the target in a process.",
    ),
)

#: Every built-in relation type, by name.
BUILTIN_TYPES: Mapping[str, RelationType] = MappingProxyType(
    {t.name: t for t in _TYPES}
)

#: The built-in vocabularies: name -> the names of their types.
VOCABULARIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "atlas": (
            "is associated with",
            "is part of",
            "is cause of",
            "is a",
            "is property of",
            "contradicts",
        ),
        "paradigm": (
            "is causal condition for",
            "is context for",
            "intervenes in",
            "is strategy for",
            "is consequence of",
        ),
        "families": (
            "is cause of",
            "is context for",
            "is contingency of",
            "is consequence of",
            "covaries with",
            "is condition for",
            "is stage of",
            "is strategy for",
            "is degree of",
            "is type of",
        ),
        "process": ("precedes", "leads to"),
    }
)

#: The vocabularies a new project enables.
DEFAULT_VOCABULARIES: tuple[str, ...] = ("atlas", "paradigm", "families", "process")


def vocabulary(name: str) -> tuple[RelationType, ...]:
    """Return the relation types of the built-in vocabulary *name*.

    Parameters
    ----------
    name : str
        One of ``"atlas"``, ``"paradigm"``, ``"families"``, ``"process"``.

    Returns
    -------
    tuple of RelationType

    Raises
    ------
    RelationTypeError
        If there is no such vocabulary.

    Examples
    --------
    >>> from gtgraph.relations import vocabulary
    >>> [t.name for t in vocabulary("process")]
    ['precedes', 'leads to']
    """
    try:
        names = VOCABULARIES[name]
    except KeyError:
        raise RelationTypeError(
            f"there is no relation vocabulary {name!r}; "
            f"choose from {', '.join(sorted(VOCABULARIES))}"
        ) from None
    return tuple(BUILTIN_TYPES[n] for n in names)


def get_type(name: str) -> RelationType:
    """Return the built-in relation type called *name*.

    Raises
    ------
    RelationTypeError
        If no built-in type has that name; the message suggests close names.

    Examples
    --------
    >>> from gtgraph.relations import get_type
    >>> get_type("precedes").acyclic
    True
    """
    try:
        return BUILTIN_TYPES[name]
    except KeyError:
        raise RelationTypeError(
            f"there is no built-in relation type {name!r}{suggest(name, BUILTIN_TYPES)}"
        ) from None


def suggest(name: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean ...?"`` for the names in *choices* close to *name*.

    Close names are those that differ in case, spacing, punctuation, a plural
    ending or one or two typing slips (see ``gtgraph.model._names``), the
    relation type an everyday word stands for (``"causes"`` for ``"is cause
    of"``), and then what ``difflib.get_close_matches`` finds.

    Examples
    --------
    >>> from gtgraph.relations import suggest
    >>> suggest("is cause off", ["is cause of", "contradicts"])
    "; did you mean 'is cause of'?"
    >>> suggest("causes", ["is cause of", "contradicts"])
    "; did you mean 'is cause of'?"
    >>> suggest("zzz", ["is cause of"])
    ''
    """
    from gtgraph.model._names import RELATION_SYNONYMS, key, near_names

    pool = list(choices)
    close = near_names(name, pool)
    synonym = RELATION_SYNONYMS.get(key(name))
    if synonym in pool and synonym not in close:
        close.insert(0, synonym)
    for other in difflib.get_close_matches(name, pool, n=3, cutoff=0.6):
        if other not in close:
            close.append(other)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close[:3]) + "?"
