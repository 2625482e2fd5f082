"""The per-category table of a saturation report: what each category gained, source by source."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from gtgraph.project import Project
from gtgraph.project._analysis import Index
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._project import Units
from gtgraph.saturation._rules import francis_from_new, guest_from_new

__all__ = ["NO_CATEGORY", "CategoryRow", "category_rows", "verdict_floor"]

IntArray = npt.NDArray[np.int64]

#: The name of the row for the codes that are in no category.
NO_CATEGORY = "(codes in no category)"

#: Codes a category needs before a rule's verdict on it means something, when
#: the threshold does not say (a threshold of 0, or the Francis rule).
MIN_CODES = 20


@attrs.frozen
class CategoryRow:
    """One row of the per-category table of a :class:`SaturationReport`.

    Each count is per unit (source or participant) in the order analysed.

    Attributes
    ----------
    category : str
        The category's name; ``"(codes in no category)"`` for the last row.
    codes : int
        Codes under the category (at any depth) found in the analysed units.
    new_codes : tuple of int
        Codes of the category first found in each unit.
    last_new_code : int or None
        The last unit (1-based) that brought a new code of the category.
    properties : int
        The category's properties.
    new_properties : tuple of int
        Properties first grounded (by an evidence segment) in each unit.
    dimensions : int
        The dimensions of its properties.
    relationships : int
        Relationships with the category at either end.
    new_relationships : tuple of int
        Relationships first grounded in each unit.
    added_in_last : int
        Codes, properties and relationships the last `recent` units added.
    verdict : str or None
        The rule's verdict (``"saturated at 6+2"``; ``"met at 6+2, but 2 new
        codes after it"``; ``"not saturated"``), or ``None`` when none is given.
    no_verdict : str or None
        Why no verdict is given (a threshold met trivially, a rule that could
        not run, or the row of codes in no category).
    uncategorised : bool
        True for the row of codes in no category.
    saturated : bool
        True only when the rule was met, no code of the category came after
        its point and the last run still meets it.
    """

    category: str
    codes: int
    new_codes: tuple[int, ...]
    last_new_code: int | None
    properties: int
    new_properties: tuple[int, ...]
    dimensions: int
    relationships: int
    new_relationships: tuple[int, ...]
    added_in_last: int
    verdict: str | None
    no_verdict: str | None
    uncategorised: bool = False
    saturated: bool = False

    @property
    def reason(self) -> str | None:
        """Why no verdict is given (the same as `no_verdict`)."""
        return self.no_verdict


def verdict_floor(rule: str, threshold: float) -> int:
    r"""Return the codes a category's base needs for the rule's verdict to mean something.

    With a threshold :math:`\theta > 0` and :math:`B` codes in the base, one new
    code is a ratio of :math:`1/B`; when :math:`B < 1/\theta` the rule can only
    pass with no new code at all, which a category with few codes meets almost
    automatically.  So the Guest rule needs :math:`\lceil 1/\theta \rceil`
    codes in the base (20 at 5%); at :math:`\theta = 0`, and for the Francis
    rule, :data:`MIN_CODES` (20).

    Examples
    --------
    >>> from gtgraph.saturation._categories import verdict_floor
    >>> verdict_floor("guest", 0.05), verdict_floor("guest", 0.1), verdict_floor("francis", 0)
    (20, 10, 20)
    """
    if rule == "guest" and threshold > 0:
        return math.ceil(1.0 / threshold - 1e-9)
    return MIN_CODES


def _per_unit(first_units: Sequence[int], units: int) -> tuple[int, ...]:
    counts = np.bincount(np.asarray(first_units, dtype=np.int64), minlength=units)
    return tuple(counts[:units].tolist())


def _evidence_units(project: Project, units: Units) -> dict[str, int]:
    """Return the unit of every segment that grounds a property or relationship."""
    wanted = {sid for r in project.relationships for sid in r.evidence}
    for category in project.categories:
        for prop in category.properties:
            wanted.update(prop.evidence)
    if not wanted:
        return {}
    return {
        row[0]: u
        for u, unit in enumerate(units.segments)
        for row in unit
        if row[0] in wanted
    }


def _first_unit(evidence: Sequence[str], unit_of: Mapping[str, int]) -> int | None:
    found = [unit_of[sid] for sid in evidence if sid in unit_of]
    return min(found) if found else None


def _met(label: str, new_after: int | None, holds: bool | None) -> tuple[str, bool]:
    """Return the verdict of a rule met at `label`, and whether it still holds."""
    if new_after:
        code = "code" if new_after == 1 else "codes"
        return f"met at {label}, but {new_after} new {code} after it", False
    if not holds:
        return f"met at {label}, but not by the last run", False
    return f"saturated at {label}", True


def _verdict(
    new: IntArray, rule: str, options: Mapping[str, Any]
) -> tuple[str | None, str | None, bool]:
    floor = verdict_floor(rule, float(options["threshold"]))
    if rule == "guest":
        g = guest_from_new(
            new,
            base=options["base"],
            run=options["run"],
            threshold=options["threshold"],
        )
        if g.reason:
            return None, g.reason, False
        if g.base_codes < floor:
            return (
                None,
                (
                    f"{g.base_codes} code{'s' if g.base_codes != 1 else ''} in the "
                    f"base: under {floor}, a {g.threshold:.0%} threshold allows no "
                    "new code, so the rule would pass on any run without one"
                ),
                False,
            )
        if not g.saturated or g.label is None:
            return "not saturated", None, False
        verdict, holds = _met(g.label, g.new_after, g.holds_at_end)
        return verdict, None, holds
    f = francis_from_new(new, initial=options["initial"], stop=options["stop"])
    if f.reason:
        return None, f.reason, False
    total = int(new.sum())
    if total < floor:
        return (
            None,
            (
                f"{total} codes: under {floor}, {f.stop} units without a new code "
                "are met almost automatically"
            ),
            False,
        )
    if not f.saturated:
        return "not saturated", None, False
    verdict, holds = _met(str(f.point), f.new_after, f.holds_at_end)
    return verdict, None, holds


def category_rows(
    project: Project,
    units: Units,
    code_units: Incidence,
    *,
    rule: str,
    recent: int,
    options: Mapping[str, Any],
) -> tuple[CategoryRow, ...]:
    """Return one row per category, then one for the codes in no category (if any)."""
    index = Index(project)
    count = code_units.T
    first = code_units.first_seen("report")
    position = {name: i for i, name in enumerate(code_units.codes or ())}
    # the incidence names codes; look them up by id once
    at = {c.id: position[c.name] for c in project.codes if c.name in position}
    tail = slice(max(0, count - recent), count) if recent else slice(0, 0)
    unit_of = _evidence_units(project, units)
    ends: dict[str, list[Any]] = {}
    for rel in project.relationships:
        ends.setdefault(rel.source, []).append(rel)
        if rel.target != rel.source:
            ends.setdefault(rel.target, []).append(rel)
    rows: list[CategoryRow] = []
    categorised: set[str] = set()
    for cid, category in index.categories.items():
        under = index.codes_under(cid)
        categorised.update(under)
        found = np.fromiter((at[c] for c in under if c in at), dtype=np.int64)
        seen = first[found]
        new = np.bincount(seen, minlength=count)[:count].astype(np.int64)
        prop_first = [
            u
            for p in category.properties
            if (u := _first_unit(p.evidence, unit_of)) is not None
        ]
        mine = ends.get(cid, [])
        rel_first = [
            u for r in mine if (u := _first_unit(r.evidence, unit_of)) is not None
        ]
        new_props = _per_unit(prop_first, count)
        new_rels = _per_unit(rel_first, count)
        verdict, why, saturated = _verdict(new, rule, options)
        rows.append(
            CategoryRow(
                category=category.name,
                codes=len(seen),
                new_codes=tuple(new.tolist()),
                last_new_code=int(np.flatnonzero(new)[-1]) + 1 if new.any() else None,
                properties=len(category.properties),
                new_properties=new_props,
                dimensions=sum(len(p.dimensions) for p in category.properties),
                relationships=len(mine),
                new_relationships=new_rels,
                added_in_last=int(new[tail].sum())
                + sum(new_props[tail])
                + sum(new_rels[tail]),
                verdict=verdict,
                no_verdict=why,
                saturated=saturated,
            )
        )
    loose = [int(first[i]) for cid, i in at.items() if cid not in categorised]
    if loose:
        new = np.asarray(_per_unit(loose, count), dtype=np.int64)
        rows.append(
            CategoryRow(
                category=NO_CATEGORY,
                codes=len(loose),
                new_codes=tuple(new.tolist()),
                last_new_code=int(np.flatnonzero(new)[-1]) + 1,
                properties=0,
                new_properties=(0,) * count,
                dimensions=0,
                relationships=0,
                new_relationships=(0,) * count,
                added_in_last=int(new[tail].sum()),
                verdict=None,
                no_verdict="not a category: these codes are not yet integrated",
                uncategorised=True,
            )
        )
    return tuple(rows)
