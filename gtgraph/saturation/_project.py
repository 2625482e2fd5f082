"""Incidence of a project's codes, categories, relationships or properties over its units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import chain
from typing import Literal

import attrs

from gtgraph.project import Project
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence

__all__ = [
    "LEVELS",
    "UNITS",
    "By",
    "Level",
    "Row",
    "Units",
    "incidence",
    "project_units",
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
    """

    labels: tuple[str, ...]
    segments: tuple[tuple[Row, ...], ...]
    skipped: tuple[str, ...] = ()
    unattributed: tuple[str, ...] = ()


def _segment_rows(project: Project) -> Iterable[Row]:
    """Return (segment id, source id, code ids) for every segment."""
    view = project.segments
    fast = getattr(view, "iter_codes", None)
    if fast is not None:
        rows: Iterable[Row] = fast()
        return rows
    return [  # pragma: no cover - a core without the fast path
        (s.id, s.source, tuple(c.id for c in project.codes_of(s))) for s in view
    ]


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
    for row in _segment_rows(project):
        per_source[row[1]].append(row)
    labels: list[str] = []
    groups: list[list[Row]] = []
    skipped: list[str] = []
    unattributed: list[str] = []
    slot: dict[str, int] = {}
    for source in project.sources:
        rows = per_source.get(source.id)
        if not rows:
            skipped.append(source.name)
            continue
        if by == "source" or source.participant is None:
            if by == "participant":
                unattributed.append(source.name)
            labels.append(source.name)
            groups.append(list(rows))
            continue
        at = slot.get(source.participant)
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
    )


def _relationship_names(project: Project) -> dict[str, str]:
    names: dict[str, str] = {}
    used: set[str] = set()
    for rel in project.relationships:
        name = (
            f"{project.get(rel.source).name} {rel.type} {project.get(rel.target).name}"
        )
        if name in used:
            name = f"{name} ({rel.id})"
        used.add(name)
        names[rel.id] = name
    return names


def _ordered(names: Iterable[str]) -> list[str]:
    # first-appearance order, so that results do not depend on hashing
    return list(dict.fromkeys(names))


def _elements(project: Project, units: Units, level: Level) -> list[list[str]]:
    """Return, for each unit, the names of the elements observed in it at `level`."""
    if level == "code":
        code_name = {code.id: code.name for code in project.codes}
        return [
            [
                code_name[c]
                for c in dict.fromkeys(chain.from_iterable(row[2] for row in unit))
            ]
            for unit in units.segments
        ]
    if level == "category":
        code_name = {code.id: code.name for code in project.codes}
        above = categories_above(project)
        return [
            _ordered(
                name
                for c in dict.fromkeys(chain.from_iterable(row[2] for row in unit))
                for name in above.get(code_name[c], ())
            )
            for unit in units.segments
        ]
    by_segment: dict[str, dict[str, None]] = {}
    if level == "relationship":
        names = _relationship_names(project)
        for rel in project.relationships:
            for sid in rel.evidence:
                by_segment.setdefault(sid, {})[names[rel.id]] = None
    elif level == "property":
        for category in project.categories:
            for prop in category.properties:
                for sid in prop.evidence:
                    key = f"{category.name}: {prop.name}"
                    by_segment.setdefault(sid, {})[key] = None
    else:
        raise SaturationError(
            "level must be 'code', 'category', 'relationship' or 'property', "
            f"not {level!r}"
        )
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
    if level not in LEVELS:
        raise SaturationError(
            "level must be 'code', 'category', 'relationship' or 'property', "
            f"not {level!r}"
        )
    return unit_incidence(project, project_units(project, by=by), level)


def category_codes(project: Project) -> list[tuple[str, frozenset[str]]]:
    """Return (category name, names of the codes under it at any depth), per category."""
    direct: dict[str, tuple[list[str], list[str]]] = {}
    for category in project.categories:
        codes: list[str] = []
        subcategories: list[str] = []
        for child in project.children(category.id):
            (codes if child.KIND == "code" else subcategories).append(child.name)
        direct[category.name] = (codes, subcategories)
    under: dict[str, frozenset[str]] = {}

    def collect(name: str, path: frozenset[str]) -> frozenset[str]:
        found = under.get(name)
        if found is None:
            codes, subcategories = direct[name]
            found = frozenset(codes).union(
                *(
                    collect(sub, path | {name})
                    for sub in subcategories
                    if sub not in path
                )
            )
            under[name] = found
        return found

    return [(name, collect(name, frozenset())) for name in direct]


def categories_above(project: Project) -> dict[str, tuple[str, ...]]:
    """Return, for each code name, the names of every category above it."""
    above: dict[str, list[str]] = {}
    for category, codes in category_codes(project):
        for code in codes:
            above.setdefault(code, []).append(category)
    return {code: tuple(names) for code, names in above.items()}
