"""The analysis as it happened: concepts created, and meanings changed, source by source, from the history."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from gtgraph.errors import GtGraphError
from gtgraph.model import Event
from gtgraph.project import Project
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._project import Units

__all__ = [
    "HISTORY_LEVELS",
    "Creation",
    "MeaningRow",
    "creation",
    "meaning_table",
]

#: The levels at which concept creation is counted, in the order reported.
HISTORY_LEVELS = ("code", "category", "property", "dimension", "relationship")


@attrs.frozen
class Creation:
    """Concepts created source by source, as the project's history recorded them.

    Attributes
    ----------
    available : bool
        Whether the history says which source was being analysed when the
        concepts were created.
    reason : str or None
        Why it cannot, when it cannot (an imported project, for instance).
    units : tuple of str
        The units (sources or participants) in order.
    created : mapping of str to tuple of int
        For each level ("code", "category", "property", "dimension",
        "relationship"), the concepts created while each
        unit was being analysed.
    restructured : tuple of int
        Codes merged or split while each unit was being analysed.
    outside : mapping of str to int
        For each level, the concepts created while no source was being
        analysed (or a source not among the units).
    """

    available: bool
    reason: str | None
    units: tuple[str, ...]
    created: Mapping[str, tuple[int, ...]] = attrs.field(hash=False)
    restructured: tuple[int, ...]
    outside: Mapping[str, int] = attrs.field(hash=False)

    def last_new(self, level: str) -> int | None:
        """Return the last unit (1-based) in which a concept of `level` was created."""
        counts = self.created.get(level, ())
        found = [i for i, n in enumerate(counts) if n]
        return found[-1] + 1 if found else None


@attrs.frozen
class MeaningRow:
    """One code in the meaning table (after Hennink, Kaiser & Marconi 2017).

    Attributes
    ----------
    code : str
        The code's name.
    first : str
        The first unit it was observed in.
    units : int
        The number of units it was observed in.
    prevalence : float
        That number divided by the units analysed.
    last_change : str or None
        The last unit during whose analysis the code's meaning changed (its
        definition edited, a memo written about it, a split or merge, a
        property or dimension given to its category), per the history.
    change : str or None
        What that change was.
    changes : int
        All such changes, attributed to a unit or not.
    """

    code: str
    first: str
    units: int
    prevalence: float
    last_change: str | None
    change: str | None
    changes: int


def event_unit(event: Event, units: Units) -> int | None:
    """Return the (0-based) unit the event was recorded under, if any."""
    source = getattr(event, "analysing", None)
    if source is None and event.op == "code":
        # coding a source is analysing it, whether or not the event says so
        source = event.args.get("source")
    if not isinstance(source, str):
        return None
    return units.unit_of_source.get(source)


def _created(event: Event) -> dict[str, int]:
    args: Mapping[str, Any] = event.args
    op = event.op
    if op == "code":
        return {"code": len(args.get("created_codes", ()))}
    if op == "add_code":
        return {"code": 1}
    if op == "split_code":
        return {"code": len(args.get("new_codes", ()))}
    if op == "merge_codes":
        return {"code": 1 if args.get("created_code") else 0}
    if op == "add_category":
        return {"category": 1}
    if op == "categorize":
        return {"category": len(args.get("created_categories", ()))}
    if op == "add_property":
        return {"property": 1}
    if op == "add_dimension":
        return {"dimension": 1}
    if op == "relate":
        return {"relationship": 1}
    return {}


def creation(
    project: Project, units: Units, events: Sequence[Event] | None = None
) -> Creation:
    """Return the concepts created per unit, or why the history cannot say.

    `events` is the project's history when the caller has it already.
    """
    count = len(units.labels)
    created = {level: [0] * count for level in HISTORY_LEVELS}
    outside = dict.fromkeys(HISTORY_LEVELS, 0)
    restructured = [0] * count
    attributed = 0
    for event in project.history if events is None else events:
        made = _created(event)
        unit = event_unit(event, units)
        if event.op in ("merge_codes", "split_code") and unit is not None:
            restructured[unit] += 1
        for level, n in made.items():
            if not n:
                continue
            if unit is None:
                outside[level] += n
            else:
                created[level][unit] += n
                attributed += 1
    reason = None
    if not attributed:
        reason = (
            "the history does not say which source was being analysed when any "
            "concept was created (an imported project, or one recorded without "
            "it), so creation per source cannot be reported"
            if len(project.codes)
            else "nothing has been created yet"
        )
    return Creation(
        available=reason is None,
        reason=reason,
        units=units.labels,
        created={level: tuple(v) for level, v in created.items()},
        restructured=tuple(restructured),
        outside=outside,
    )


def _meaning_events(
    event: Event, members: Callable[[str], Iterable[str]]
) -> list[tuple[str, str]]:
    """Return (code id, what changed) for each code whose meaning the event changed."""
    args: Mapping[str, Any] = event.args
    op = event.op
    if op == "update" and args.get("kind") == "code":
        fields = args.get("fields") or {}
        if "definition" in fields and isinstance(args.get("id"), str):
            return [(args["id"], "definition")]
    elif op == "memo":
        return [(c, "memo") for c in args.get("about_ids", ()) if isinstance(c, str)]
    elif op == "split_code":
        ids = [args.get("code_id"), *args.get("new_codes", ())]
        return [(c, "split") for c in ids if isinstance(c, str)]
    elif op == "merge_codes":
        into = args.get("created_code") or args.get("into_id")
        return [(into, "merge")] if isinstance(into, str) else []
    elif op in ("add_property", "add_dimension"):
        what = op.removeprefix("add_")
        category = args.get("category")
        if not isinstance(category, str):
            return []
        return [(c, f"{what} of its category") for c in members(category)]
    return []


def meaning_table(
    project: Project,
    units: Units,
    code_units: Incidence,
    events: Sequence[Event] | None = None,
) -> tuple[MeaningRow, ...] | None:
    """Return one row per observed code, or ``None`` when the history cannot say.

    `events` is the project's history when the caller has it already.
    """
    count = code_units.T
    if not count or code_units.codes is None:
        return ()
    cache: dict[str, list[str]] = {}

    def members(category: str) -> list[str]:
        # the codes directly in the category now, looked up only when needed
        if category not in cache:
            try:
                children = project.children(category)
            except GtGraphError:
                children = ()
            cache[category] = [c.id for c in children if c.KIND == "code"]
        return cache[category]

    last: dict[str, tuple[int, str]] = {}
    total: dict[str, int] = {}
    attributed = 0
    for event in project.history if events is None else events:
        changed = _meaning_events(event, members)
        if not changed:
            continue
        unit = event_unit(event, units)
        for cid, what in changed:
            total[cid] = total.get(cid, 0) + 1
            if unit is not None:
                attributed += 1
                last[cid] = (unit, what)
    if not attributed and total:
        return None
    first = code_units.first_seen("meaning table")
    ids = {c.name: c.id for c in project.codes}
    rows = []
    for i, name in enumerate(code_units.codes):
        cid = ids.get(str(name), "")
        where = last.get(cid)
        rows.append(
            MeaningRow(
                code=str(name),
                first=units.labels[int(first[i])],
                units=int(code_units.y[i]),
                prevalence=int(code_units.y[i]) / count,
                last_change=None if where is None else units.labels[where[0]],
                change=None if where is None else where[1],
                changes=total.get(cid, 0),
            )
        )
    return tuple(rows)
