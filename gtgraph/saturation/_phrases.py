"""The sentences a saturation report is made of, shared by its text, Markdown and methods forms."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from gtgraph.saturation._accumulation import PointDistribution
from gtgraph.saturation._bootstrap import Interval, RarefactionRow
from gtgraph.saturation._categories import CategoryRow, verdict_floor
from gtgraph.saturation._flags import plural, unit_list
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport
from gtgraph.saturation._sensitivity import SensitivityRow

__all__ = [
    "band_at",
    "by_unit",
    "category_verdict",
    "distribution_text",
    "estimate_row",
    "estimator_label",
    "francis_text",
    "guest_text",
    "headline",
    "history_rows",
    "interval",
    "meaning_summary",
    "num",
    "power_text",
    "rule_name",
    "sensitivity_cells",
    "summary_range",
    "table_rows",
    "verdict_note",
]


def num(x: float | None, digits: int = 1) -> str:
    """Return `x` with `digits` decimals, "undefined" for None, words for infinity."""
    if x is None:
        return "undefined"
    if math.isinf(x):
        return "never (in the limit)"
    return f"{x:.{digits}f}"


def interval(x: Interval | None, digits: int = 1, *, percent: bool = False) -> str:
    """Return ``"0.95 (0.91 to 0.99)"`` for an interval (or its value alone)."""
    if x is None or x.value is None:
        return "undefined"

    def fmt(v: float) -> str:
        return f"{v:.{max(0, digits - 2)}%}" if percent else num(v, digits)

    if x.low is None or x.high is None:
        return fmt(x.value)
    return f"{fmt(x.value)} ({fmt(x.low)} to {fmt(x.high)})"


def band_at(r: SaturationReport, t: float) -> RarefactionRow | None:
    """Return the band row at `t` units, if the report has one."""
    for row in r.bands:
        if row.t == t:
            return row
    return None


def _last_run(r: SaturationReport) -> str:
    g = r.guest
    things, thing = ELEMENT_NAMES[r.level]
    units, _ = UNIT_NAMES[r.by]
    last = g.last_run
    if last is None:
        return ""
    meets = "meets" if g.holds_at_end else "does not meet"
    return (
        f"the last run ({units} {last.start}-{last.end}: "
        f"{plural(last.new, 'new ' + thing, 'new ' + things)}, {last.ratio:.1%}) "
        f"{meets} the threshold"
    )


def guest_text(r: SaturationReport) -> str:
    """Return the Guest rule's outcome, with what came after its point."""
    g = r.guest
    things, thing = ELEMENT_NAMES[r.level]
    units, _ = UNIT_NAMES[r.by]
    head = (
        f"Guest et al. (2020), base {g.base}, run {g.run}, "
        f"threshold {g.threshold:.0%}: "
    )
    if g.reason:
        return head + f"not applied ({g.reason})"
    if not g.saturated:
        return head + f"threshold never met; {_last_run(r)}"
    first = g.runs[-1]
    text = head + (
        f"threshold first met at {g.label} ({units} {first.start}-{first.end} added "
        f"{plural(first.new, 'new ' + thing, 'new ' + things)}, {first.ratio:.1%} "
        f"of the {g.base_codes} found in the base)"
    )
    if g.new_after:
        where = unit_list(r.units, g.new_after_units, r.new_per_unit)
        text += (
            f"; after it {plural(g.new_after, 'new ' + thing, 'new ' + things)} "
            f"arrived ({where})"
        )
    else:
        text += f"; no new {thing} arrived after it"
    return text + f", and {_last_run(r)}"


def francis_text(r: SaturationReport) -> str:
    """Return the Francis rule's outcome, with what came after its point."""
    f = r.francis
    things, thing = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    head = f"Francis et al. (2010), {f.initial}+{f.stop}: "
    if f.reason:
        return head + f"not applied ({f.reason})"
    if not f.saturated:
        return head + f"never {f.stop} {units} in a row without a new {thing}"
    text = head + f"{f.stop} {units} without a new {thing} ended at {unit} {f.point}"
    if f.new_after:
        where = unit_list(r.units, f.new_after_units, r.new_per_unit)
        text += (
            f"; after it {plural(f.new_after, 'new ' + thing, 'new ' + things)} "
            f"arrived ({where}), and the last {f.stop} {units} "
            + ("added none" if f.holds_at_end else "added some")
        )
    else:
        text += f"; no new {thing} arrived after it"
    return text


def distribution_text(name: str, d: PointDistribution | None) -> str:
    """Return a rule's point over random orders, or why it could not run."""
    if d is None:
        return ""
    if d.reason:
        return f"{name}: not applied in any order ({d.reason})"
    if d.median is None:
        middle = "median not reached"
    else:
        q1 = num(d.q1, 0) if d.q1 is not None else "-"
        q3 = num(d.q3, 0) if d.q3 is not None else "not reached"
        middle = f"median {num(d.median, 0)}, interquartile range {q1}-{q3}"
    return f"{name} point: {middle}; threshold never met in {d.never:.1%} of orders"


def estimate_row(r: SaturationReport, name: str, e: Any) -> tuple[str, str, str]:
    """Return (value, s.e., interval) of an estimate, with the below-observed flag."""
    if e is None:
        return "undefined", "", ""
    se = "" if e.se is None else num(e.se, 2)
    ci = (
        ""
        if e.ci_low is None or e.ci_high is None
        else f"{num(e.ci_low)} to {num(e.ci_high)}"
    )
    value = num(e.value)
    if f"estimate:{name}" in r.flags:
        value += f" (below the {r.observed} observed; left out)"
    return value, se, ci


def estimator_label(r: SaturationReport, name: str) -> str:
    """Return the estimator's printed name."""
    return f"ICE (k={r.parameters['k']})" if name == "ICE" else name


def summary_range(r: SaturationReport) -> tuple[float, float] | None:
    """Return the range of the estimates that are at least the observed count."""
    values = [
        e.value
        for name, e in r.estimates.items()
        if e is not None and f"estimate:{name}" not in r.flags
    ]
    if not values or not r.observed:
        return None
    return min(values), max(values)


def rule_name(r: SaturationReport) -> str:
    """Return the table's rule with its settings."""
    p = r.parameters
    if r.rule == "guest":
        return f"Guest {p['base']}+{p['run']}, threshold {p['threshold']:.0%}"
    return f"Francis {p['initial']}+{p['stop']}"


def by_unit(values: Sequence[int], labels: Sequence[str]) -> str:
    """Return per-unit counts: all of them when few, else the units with any."""
    if not any(values):
        return "none"
    if len(values) <= 12:  # noqa: PLR2004 - a row of up to 12 numbers stays readable
        return " ".join(str(v) for v in values)
    return ", ".join(f"{labels[i]}: {v}" for i, v in enumerate(values) if v)


def table_rows(r: SaturationReport) -> tuple[CategoryRow, ...]:
    """Return the category rows, then the row of codes in no category."""
    extra = () if r.uncategorised is None else (r.uncategorised,)
    return (*r.categories, *extra)


def category_verdict(row: CategoryRow) -> str:
    """Return the short verdict cell of a category row."""
    if row.verdict is not None:
        return row.verdict
    if row.uncategorised:
        return "none: not a category"
    if row.no_verdict and row.no_verdict.startswith(("needs", "no code")):
        return "none: rule not applied"
    return "none: too few codes"


def verdict_note(r: SaturationReport) -> str | None:
    """Return the sentence that explains "too few codes", when a row needs it."""
    if not any(category_verdict(row) == "none: too few codes" for row in r.categories):
        return None
    p = r.parameters
    floor = verdict_floor(r.rule, float(p["threshold"]))
    if r.rule == "guest" and p["threshold"] > 0:
        return (
            f"No verdict for categories with fewer than {floor} codes in the base: "
            f"one new code is then more than {p['threshold']:.0%} of the base, so the "
            "rule can only pass with no new code at all, which a small category meets "
            "almost automatically. Read their development in the columns instead."
        )
    return (
        f"No verdict for categories with fewer than {floor} codes: a run or window "
        "without a new code is then met almost automatically. Read their development "
        "in the columns instead."
    )


def sensitivity_cells(row: SensitivityRow) -> list[str]:
    """Return (rule, settings, outcome, new after, last run) cells of a sensitivity row."""
    if row.rule == "guest":
        setting = f"base {row.base}, run {row.run}, threshold {row.threshold:.0%}"
        name = "Guest"
    else:
        setting = f"initial {row.initial}, stop {row.stop}"
        name = "Francis"
    if row.reason:
        return [name, setting, "not applied", "", ""]
    outcome = f"met at {row.label}" if row.saturated else "never met"
    after = "" if row.new_after is None else str(row.new_after)
    end = "yes" if row.holds_at_end else "no"
    return [name, setting, outcome, after, end]


def power_text(r: SaturationReport) -> str | None:
    """Return the retrospective power sentence (Fugard & Potts 2015, inverted)."""
    if r.detectable_prevalence is None:
        return None
    units, _ = UNIT_NAMES[r.by]
    things, thing = ELEMENT_NAMES[r.level]
    return (
        f"With {len(r.units)} {units}, a {thing} held by at least "
        f"{r.detectable_prevalence:.1%} of the population had an 80% chance of being "
        f"seen at least once (Fugard & Potts 2015, inverted); rarer {things} may be "
        "missing."
    )


def headline(r: SaturationReport) -> list[str]:
    """Return the few sentences an examiner reads first."""
    things, thing = ELEMENT_NAMES[r.level]
    _, unit = UNIT_NAMES[r.by]
    out = []
    g = r.guest
    if g.reason:
        out.append(f"The Guest rule could not be applied: it {g.reason}.")
    elif g.saturated and (g.new_after or not g.holds_at_end):
        parts = []
        if g.new_after:
            where = unit_list(r.units, g.new_after_units, r.new_per_unit)
            parts.append(
                f"{plural(g.new_after, 'new ' + thing, 'new ' + things)} arrived after "
                f"it ({where})"
            )
        parts.append(_last_run(r))
        verdict = (
            "by this rule the data are not saturated at the last " + unit
            if not g.holds_at_end
            else "the point was not the end of new " + things
        )
        out.append(
            f"The Guest rule (base {g.base}, run {g.run}, threshold {g.threshold:.0%}) was first met at "
            f"{g.label}, but " + " and ".join(parts) + f": {verdict}."
        )
    elif g.saturated:
        out.append(
            f"The Guest rule (base {g.base}, run {g.run}, threshold {g.threshold:.0%}) was met at "
            f"{g.label}, no new {thing} arrived after it, and the last run still "
            "meets the threshold."
        )
    else:
        out.append(
            f"The Guest rule (base {g.base}, run {g.run}, threshold {g.threshold:.0%}) was never met; "
            f"{_last_run(r)}."
        )
    share = r.share_observed
    chao = r.estimates.get("Chao2")
    if share is not None and share.value is not None and chao is not None:
        out.append(
            f"About {share.value:.0%} of the estimated {things} have been found "
            f"({r.observed} of {chao.value:.1f} by Chao2"
            + (
                f"; 95% interval {share.low:.0%} to {share.high:.0%})."
                if share.low is not None and share.high is not None
                else ")."
            )
        )
    applied = [s for s in r.sensitivity if not s.reason]
    if applied:
        met = sum(s.saturated for s in applied)
        held = sum(bool(s.saturated and s.holds_at_end) for s in applied)
        out.append(
            f"Of the {len(applied)} settings of the rules that could be applied, "
            f"{met or 'none'} {'was' if met == 1 else 'were'} met, and "
            f"{held or 'none'} still {'holds' if held <= 1 else 'hold'} at the last "
            f"{unit} (see the sensitivity table)."
        )
    return out


#: How the history levels are named in the report.
LEVEL_NAMES = {
    "code": "codes",
    "category": "categories",
    "property": "properties",
    "dimension": "dimensions",
    "relationship": "relationships",
}


def history_rows(r: SaturationReport) -> list[tuple[str, str, str]]:
    """Return (level, created per unit, note) rows of the history table."""
    h = r.history
    rows = []
    for level, counts in h.created.items():
        outside = h.outside.get(level, 0)
        last = h.last_new(level)
        notes = []
        if last is not None:
            notes.append(f"last new in {h.units[last - 1]}")
        if outside:
            notes.append(f"{outside} created while no source was being analysed")
        rows.append((LEVEL_NAMES[level], by_unit(counts, h.units), "; ".join(notes)))
    rows.append(("codes merged or split", by_unit(h.restructured, h.units), ""))
    return rows


def meaning_summary(r: SaturationReport) -> str | None:
    """Return one sentence on when the codes' meanings last changed."""
    if r.meaning is None:
        return (
            "Meaning: the history does not say which source was being analysed when "
            "the codes' meanings changed."
        )
    changed = [m for m in r.meaning if m.last_change is not None]
    if not r.meaning:
        return None
    _, unit = UNIT_NAMES[r.by]
    tail = set(r.units[-r.recent :]) if r.recent else set()
    late = [m for m in changed if m.last_change in tail]
    return (
        f"Meaning (after Hennink et al. 2017): {len(changed)} of {len(r.meaning)} "
        f"codes had their meaning changed (a definition, a memo, a split or merge, a "
        f"property or dimension of their category) while a {unit} was analysed; "
        f"{len(late)} of them last in the last {plural(r.recent, unit, unit + 's')}."
    )
