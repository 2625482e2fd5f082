"""Incidence of a project's codes, categories, relationships or properties over its units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Literal

import attrs

from gtgraph.project import Project
from gtgraph.project._analysis import Index
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence

__all__ = [
    "LEVELS",
    "UNITS",
    "By",
    "Level",
    "Row",
    "Units",
    "category_codes",
    "check_level",
    "incidence",
    "project_units",
    "unit_incidence",
]

Level = Literal["code", "category", "relationship", "property"]
Row = tuple[str, str, tuple[str, ...]]
By = Literal["source", "participant"]
LEVELS: tuple[str, ...] = ("code", "category", "relationship", "property")
UNITS: tuple[str, ...] = ("source", "participant")


@attrs.frozen
class Units:
    """A project's sampling units: the segments of each, in order.

    Attributes
    ----------
    labels : tuple of str
        The unit names (source or participant names), in order.
    segments : tuple of tuple of (str, str, tuple of str)
        For each unit, its segments as ``(segment id, source id, code ids)``.
    skipped : tuple of str
        Sources left out because nothing in them is coded yet.
    unattributed : tuple of str
        Sources without a participant, each taken as a unit of its own when
        units are participants.
    unit_of_source : mapping of str to int
        The (0-based) unit of each analysed source, by source id.
    """

    labels: tuple[str, ...]
    segments: tuple[tuple[Row, ...], ...]
    skipped: tuple[str, ...] = ()
    unattributed: tuple[str, ...] = ()
    unit_of_source: Mapping[str, int] = attrs.field(factory=dict, hash=False)


def project_units(project: Project, *, by: By = "source") -> Units:
    """Return the units of `project` (sources in order, or participants), with their segments.

    Sources without any coded segment are taken as not yet analysed and left
    out.  By participant, the units follow the order in which participants
    first appear among the sources; a source without a participant is a unit
    of its own.
    """
    if by not in UNITS:
        raise SaturationError(f"by must be 'source' or 'participant', not {by!r}")
    per_source: defaultdict[str, list[Row]] = defaultdict(list)
    for row in project.segments.iter_codes():
        per_source[row[1]].append(row)
    labels: list[str] = []
    groups: list[list[Row]] = []
    skipped: list[str] = []
    unattributed: list[str] = []
    slot: dict[str, int] = {}
    unit_of_source: dict[str, int] = {}
    for source in project.sources:
        rows = per_source.get(source.id)
        if not rows:
            skipped.append(source.name)
            continue
        if by == "source" or source.participant is None:
            if by == "participant":
                unattributed.append(source.name)
            unit_of_source[source.id] = len(groups)
            labels.append(source.name)
            groups.append(list(rows))
            continue
        at = slot.get(source.participant)
        unit_of_source[source.id] = len(groups) if at is None else at
        if at is None:
            slot[source.participant] = len(groups)
            labels.append(project.participants[source.participant].name)
            groups.append(list(rows))
        else:
            groups[at].extend(rows)
    return Units(
        labels=tuple(labels),
        segments=tuple(tuple(g) for g in groups),
        skipped=tuple(skipped),
        unattributed=tuple(unattributed),
        unit_of_source=unit_of_source,
    )


def check_level(level: str) -> None:
    """Raise SaturationError unless `level` is one of :data:`LEVELS`."""
    if level not in LEVELS:
        raise SaturationError(
            "level must be 'code', 'category', 'relationship' or 'property', "
            f"not {level!r}"
        )


def _relationship_names(index: Index) -> dict[str, str]:
    names: dict[str, str] = {}
    used: set[str] = set()
    for rel in index.project.relationships:
        name = f"{index.name(rel.source)} {rel.type} {index.name(rel.target)}"
        if name in used:
            name = f"{name} ({rel.id})"
        used.add(name)
        names[rel.id] = name
    return names


def _ordered(names: Iterable[str]) -> list[str]:
    # first-appearance order, so that results do not depend on hashing
    return list(dict.fromkeys(names))


def _elements(project: Project, units: Units, level: Level) -> list[list[str]]:
    """Return, for each unit, the names of the elements observed in it at `level`.

    `level` is one of :data:`LEVELS` (checked by the caller).
    """
    index = Index(project)
    if level in ("code", "category"):
        unit_codes = [
            dict.fromkeys(chain.from_iterable(row[2] for row in unit))
            for unit in units.segments
        ]
        if level == "code":
            return [[index.codes[c].name for c in codes] for codes in unit_codes]
        above = _categories_above(index)
        return [
            _ordered(name for c in codes for name in above.get(c, ()))
            for codes in unit_codes
        ]
    by_segment: dict[str, dict[str, None]] = {}
    if level == "relationship":
        names = _relationship_names(index)
        for rel in project.relationships:
            for sid in rel.evidence:
                by_segment.setdefault(sid, {})[names[rel.id]] = None
    else:
        for category in project.categories:
            for prop in category.properties:
                for sid in prop.evidence:
                    key = f"{category.name}: {prop.name}"
                    by_segment.setdefault(sid, {})[key] = None
    return [
        _ordered(name for row in unit for name in by_segment.get(row[0], {}))
        for unit in units.segments
    ]


def unit_incidence(project: Project, units: Units, level: Level) -> Incidence:
    """Return the incidence of `level` over already computed `units`."""
    return Incidence.from_sources(_elements(project, units, level), labels=units.labels)


def incidence(
    project: Project, *, level: Level = "code", by: By = "source"
) -> Incidence:
    """Return the incidence of a project's codes (or other elements) over its units.

    Parameters
    ----------
    project : Project
        The project.
    level : {"code", "category", "relationship", "property"}, default "code"
        What is counted.  A code is observed in a unit when a segment of the
        unit carries it; a category when any code under it (at any depth) is;
        a relationship when a segment of the unit is evidence for it; a
        category's property when a segment of the unit is evidence for it.
    by : {"source", "participant"}, default "source"
        The sampling unit: sources in their order, or participants in the order
        they first appear (a participant's sources pooled).

    Returns
    -------
    Incidence
        Units in order, labelled with source or participant names; the elements
        are named by their names (relationships as ``"source type target"``,
        properties as ``"category: property"``).

    Raises
    ------
    SaturationError
        If `level` or `by` is not one of the values above.

    Notes
    -----
    Sources without any coded segment are taken as not yet analysed and are
    left out, so that an uncoded interview is not mistaken for one that added
    nothing new.  By participant, a source without a participant is a unit of
    its own.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import incidence
    >>> p = gtgraph.Project(title="t")
    >>> a = p.add_source("Interview 1", text="I felt judged. Peers get it.")
    >>> b = p.add_source("Interview 2", text="Peers get it.")
    >>> _ = p.code(a, quote="I felt judged", codes="feeling judged")
    >>> _ = p.code(a, quote="Peers get it", codes="peer credibility")
    >>> _ = p.code(b, quote="Peers get it", codes="peer credibility")
    >>> inc = incidence(p)
    >>> inc.labels, inc.new_per_unit
    (('Interview 1', 'Interview 2'), (2, 0))
    """
    check_level(level)
    return unit_incidence(project, project_units(project, by=by), level)


def category_codes(project: Project) -> list[tuple[str, frozenset[str]]]:
    """Return (category name, names of the codes under it at any depth), per category."""
    index = Index(project)
    return [
        (category.name, frozenset(index.codes[c].name for c in index.codes_under(cid)))
        for cid, category in index.categories.items()
    ]


def _categories_above(index: Index) -> dict[str, tuple[str, ...]]:
    """Return, for each code id, the names of every category above it, in category order."""
    above: dict[str, list[str]] = {}
    for cid, category in index.categories.items():
        for code in index.codes_under(cid):
            above.setdefault(code, []).append(category.name)
    return {code: tuple(names) for code, names in above.items()}
