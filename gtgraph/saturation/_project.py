"""Incidence of a project's codes, categories, relationships or properties over its units."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Literal

import attrs
import numpy as np

from gtgraph.project import Project
from gtgraph.project._analysis import Index
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence, IntArray

__all__ = [
    "LEVELS",
    "UNITS",
    "By",
    "Level",
    "Units",
    "category_codes",
    "check_level",
    "incidence",
    "project_units",
    "unit_incidence",
]

Level = Literal["code", "category", "relationship", "property"]
By = Literal["source", "participant"]
LEVELS: tuple[str, ...] = ("code", "category", "relationship", "property")
UNITS: tuple[str, ...] = ("source", "participant")


@attrs.frozen
class Units:
    """A project's sampling units: the sources that make up each, in order.

    Attributes
    ----------
    labels : tuple of str
        The unit names (source or participant names), in order.
    sources : tuple of tuple of str
        For each unit, the ids of its sources in their order.
    skipped : tuple of str
        Sources left out because nothing in them is coded yet.
    unattributed : tuple of str
        Sources without a participant, each taken as a unit of its own when
        units are participants.
    unit_of_source : mapping of str to int
        The (0-based) unit of each analysed source, by source id.
    """

    labels: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]
    skipped: tuple[str, ...] = ()
    unattributed: tuple[str, ...] = ()
    unit_of_source: Mapping[str, int] = attrs.field(factory=dict, hash=False)
    #: The project's segment columns (see ``SegmentView.columns``), read once.
    columns: tuple[list[str], list[str], list[tuple[str, ...]]] = attrs.field(
        default=([], [], []), eq=False, repr=False
    )


def project_units(project: Project, *, by: By = "source") -> Units:
    """Return the units of `project` (sources in order, or participants), with their sources.

    Sources without any segment are taken as not yet analysed and left out.  By
    participant, the units follow the order in which participants first appear
    among the sources; a source without a participant is a unit of its own.
    """
    if by not in UNITS:
        raise SaturationError(f"by must be 'source' or 'participant', not {by!r}")
    columns = project.segments.columns()
    with_segments = set(columns[1])
    labels: list[str] = []
    groups: list[list[str]] = []
    skipped: list[str] = []
    unattributed: list[str] = []
    slot: dict[str, int] = {}
    unit_of_source: dict[str, int] = {}
    for source in project.sources:
        if source.id not in with_segments:
            skipped.append(source.name)
            continue
        if by == "source" or source.participant is None:
            if by == "participant":
                unattributed.append(source.name)
            unit_of_source[source.id] = len(groups)
            labels.append(source.name)
            groups.append([source.id])
            continue
        at = slot.get(source.participant)
        unit_of_source[source.id] = len(groups) if at is None else at
        if at is None:
            slot[source.participant] = len(groups)
            labels.append(project.participants[source.participant].name)
            groups.append([source.id])
        else:
            groups[at].append(source.id)
    return Units(
        labels=tuple(labels),
        sources=tuple(tuple(g) for g in groups),
        skipped=tuple(skipped),
        unattributed=tuple(unattributed),
        unit_of_source=unit_of_source,
        columns=columns,
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


def _segment_keys(project: Project, units: Units, sources: list[str]) -> IntArray:
    """Sort keys putting segments (given by their source ids, in store order) in unit order.

    A unit's segments come source by source (sources in their order), each
    source's in the order they were made; a stable sort on ``unit * S + the
    source's rank`` gives that order.  Every source in *sources* is in a unit.
    """
    rank = {s.id: i for i, s in enumerate(project.sources)}
    width = len(rank) or 1
    key_of = {
        sid: u * width + rank[sid]
        for u, group in enumerate(units.sources)
        for sid in group
    }
    return np.fromiter(map(key_of.__getitem__, sources), np.int64, len(sources))


def _unit_code_pairs(
    project: Project, units: Units
) -> tuple[IntArray, IntArray, list[str]]:
    """Return the (unit, code) pairs of `units`, each once, in unit order then appearance.

    Codes are numbered by their place in ``project.codes`` (the ids are returned
    too).  Built from the segment store with numpy: the per-segment work is done
    by C-level maps and array operations, not by a Python loop over segments.
    """
    _, sources, codes = units.columns
    code_ids = list(project.codes.ids())
    number = {cid: i for i, cid in enumerate(code_ids)}
    seg_key = _segment_keys(project, units, sources)
    lengths = np.fromiter(map(len, codes), np.int64, len(codes))
    flat = np.fromiter(
        map(number.__getitem__, chain.from_iterable(codes)),
        np.int64,
        int(lengths.sum()),
    )
    pair_key = np.repeat(seg_key, lengths)
    order = np.argsort(pair_key, kind="stable")
    pair_unit = pair_key[order] // (len(project.sources) or 1)
    pair_code = flat[order]
    # the first occurrence of each (unit, code), in unit order then appearance
    _, first = np.unique(
        pair_unit * max(len(code_ids), 1) + pair_code, return_index=True
    )
    first.sort()
    return pair_unit[first], pair_code[first], code_ids


def _code_incidence(project: Project, units: Units) -> Incidence:
    """Return the code-level incidence, from the (unit, code) pairs without per-pair Python."""
    pair_unit, pair_code, code_ids = _unit_code_pairs(project, units)
    seen, first = np.unique(pair_code, return_index=True)
    appearance = seen[np.argsort(first, kind="stable")]
    renumber = np.zeros(len(code_ids), dtype=np.int64)
    renumber[appearance] = np.arange(len(appearance))
    codes = project.codes
    names = tuple(codes[code_ids[c]].name for c in appearance.tolist())
    return Incidence.from_pairs(
        len(units.sources), pair_unit, renumber[pair_code], names, labels=units.labels
    )


def _unit_codes(project: Project, units: Units) -> list[list[str]]:
    """Return, for each unit, the ids of its codes in the order they first appear in it."""
    pair_unit, pair_code, code_ids = _unit_code_pairs(project, units)
    bounds = np.searchsorted(pair_unit, np.arange(len(units.sources) + 1)).tolist()
    kept = pair_code.tolist()
    return [
        [code_ids[c] for c in kept[bounds[u] : bounds[u + 1]]]
        for u in range(len(units.sources))
    ]


def _elements(project: Project, units: Units, level: Level) -> list[list[str]]:
    """Return, for each unit, the names of the elements observed in it at `level`.

    `level` is one of :data:`LEVELS` (checked by the caller).
    """
    index = Index(project)
    if level in ("code", "category"):
        unit_codes = _unit_codes(project, units)
        if level == "code":
            names = {c: index.codes[c].name for c in index.codes}
            return [[names[c] for c in codes] for codes in unit_codes]
        above = _categories_above(index)
        return [
            _ordered(name for c in codes for name in above.get(c, ()))
            for codes in unit_codes
        ]
    by_segment: dict[str, dict[str, None]] = {}
    if level == "relationship":
        rel_names = _relationship_names(index)
        for rel in project.relationships:
            for sid in rel.evidence:
                by_segment.setdefault(sid, {})[rel_names[rel.id]] = None
    else:
        for category in project.categories:
            for prop in category.properties:
                for sid in prop.evidence:
                    key = f"{category.name}: {prop.name}"
                    by_segment.setdefault(sid, {})[key] = None
    # The cited segments in unit order (source by source, then as made).
    ids, sources, _ = units.columns
    position = {sid: i for i, sid in enumerate(ids) if sid in by_segment}
    cited = sorted(position, key=position.__getitem__)
    keys = _segment_keys(project, units, [sources[position[sid]] for sid in cited])
    unit_of = (keys // (len(project.sources) or 1)).tolist()
    found: list[list[str]] = [[] for _ in units.sources]
    for at in np.argsort(keys, kind="stable").tolist():
        found[unit_of[at]].extend(by_segment[cited[at]])
    return [_ordered(names) for names in found]


def unit_incidence(project: Project, units: Units, level: Level) -> Incidence:
    """Return the incidence of `level` over already computed `units`."""
    if level == "code":
        return _code_incidence(project, units)
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
