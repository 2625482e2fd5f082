"""Text, Markdown and plain-data forms of a saturation report, and its caveats."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from gtgraph.saturation._accumulation import PointDistribution
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport

__all__ = ["as_dict", "caveats", "markdown", "text"]


def _num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "undefined"
    if math.isinf(x):
        return "never (in the limit)"
    return f"{x:.{digits}f}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _guest_text(r: SaturationReport) -> str:
    g = r.guest
    things, thing = ELEMENT_NAMES[r.level]
    head = (
        f"Guest et al. (2020), base {g.base}, run {g.run}, "
        f"threshold {g.threshold:.0%}: "
    )
    if g.reason:
        return head + f"not applied ({g.reason})"
    if g.saturated and g.runs:
        last = g.runs[-1]
        return head + (
            f"saturated at {g.label} ({r.by}s {last.start}-{last.end} added "
            f"{last.new} new {thing if last.new == 1 else things}, {last.ratio:.1%} "
            f"of the {g.base_codes} found in the base)"
        )
    last_ratio = f"; last run {g.runs[-1].ratio:.1%}" if g.runs else ""
    return head + f"not saturated{last_ratio}"


def _francis_text(r: SaturationReport) -> str:
    f = r.francis
    head = f"Francis et al. (2010), {f.initial}+{f.stop}: "
    if f.reason:
        return head + f"not applied ({f.reason})"
    if f.saturated:
        return head + f"saturated at {r.by} {f.point}"
    return head + "not saturated"


def _distribution_text(name: str, d: PointDistribution | None) -> str:
    if d is None:
        return ""
    if d.median is None:
        middle = "median not reached"
    else:
        q1 = _num(d.q1, 0) if d.q1 is not None else "-"
        q3 = _num(d.q3, 0) if d.q3 is not None else "not reached"
        middle = f"median {_num(d.median, 0)}, interquartile range {q1}-{q3}"
    return f"{name} point: {middle}; never saturated in {d.never:.1%} of orders"


def _estimate_row(e: Any) -> tuple[str, str, str]:
    if e is None:
        return "undefined", "", ""
    se = "" if e.se is None else _num(e.se, 2)
    ci = (
        ""
        if e.ci_low is None or e.ci_high is None
        else f"{_num(e.ci_low)} to {_num(e.ci_high)}"
    )
    return _num(e.value), se, ci


def _estimator_label(r: SaturationReport, name: str) -> str:
    return f"ICE (k={r.parameters['k']})" if name == "ICE" else name


def _rule_name(r: SaturationReport) -> str:
    p = r.parameters
    if r.rule == "guest":
        return f"Guest {p['base']}+{p['run']}, threshold {p['threshold']:.0%}"
    return f"Francis {p['initial']}+{p['stop']}"


def text(r: SaturationReport) -> str:
    """Return a readable summary of the report."""
    things, thing = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    lines = [
        (
            f"Saturation of {things} by {unit}: {_plural(len(r.units), unit, units)}, "
            f"{_plural(r.observed, thing, things)}, {r.incidences} occurrences "
            f"(Q1 = {r.uniques} seen in one {unit}, Q2 = {r.duplicates} in two)"
        ),
        "",
        f"New {things} per {unit}: "
        + (", ".join(str(n) for n in r.new_per_unit) or "none"),
        "",
        "Stopping rules, in the order analysed",
        "  " + _guest_text(r),
        "  " + _francis_text(r),
    ]
    if r.permuted is not None and r.permuted.permutations:
        lines += [
            f"Over {r.permuted.permutations:,} random orders (seed {r.seed})",
            "  " + _distribution_text("Guest", r.permuted.guest),
            "  " + _distribution_text("Francis", r.permuted.francis),
        ]
    lines += ["", f"Estimated total {things} (s.e.; 95% interval)"]
    for name, est in r.estimates.items():
        value, se, ci = _estimate_row(est)
        detail = "; ".join(x for x in (se and f"s.e. {se}", ci) if x)
        label = _estimator_label(r, name)
        lines.append(f"  {label:<13} {value:>9}" + (f"  ({detail})" if detail else ""))
    lines.append("")
    if r.coverage is not None:
        lines.append(
            f"Sample coverage {r.coverage:.3f}: about {1 - r.coverage:.1%} of "
            f"occurrences in a further {unit} would be new {things}."
        )
    if r.expected_new is not None:
        lines.append(f"Expected new {things} in one more {unit}: {r.expected_new:.2f}.")
    lines.append(
        f"{units.capitalize()} for {r.target_coverage:.0%} coverage: "
        f"{_num(r.sources_for_coverage)} in total."
    )
    lines.append(
        f"Further {units} for {r.fraction:.0%} of the Chao2 estimate: "
        f"{_num(r.sources_for_fraction)}."
    )
    if r.categories:
        lines += [
            "",
            (
                f"Categories ({_rule_name(r)}; new codes in the last "
                f"{_plural(r.recent, unit, units)})"
            ),
        ]
        width = max(12, *(len(row.category) for row in r.categories))
        lines.append(f"  {'category':<{width}}  codes  new  saturated")
        for row in r.categories:
            verdict = (
                f"yes, at {row.point}"
                if row.saturated
                else ("no" if not row.reason else "not applied")
            )
            lines.append(
                f"  {row.category:<{width}}  {row.codes:>5}  {row.new_recent:>3}  {verdict}"
            )
    lines += ["", "Caveats"] + [f"  - {c}" for c in r.caveats]
    return "\n".join(lines)


def _md_escape(value: str) -> str:
    return value.replace("|", "\\|")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    out += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return out


def markdown(r: SaturationReport) -> str:
    """Return the report as Markdown (headings, tables and the caveats)."""
    things, _ = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    out = [f"## Saturation of {things} by {unit}", ""]
    out += _table(
        ["quantity", "value"],
        [
            [f"{units} analysed", str(len(r.units))],
            [f"{things} observed (S_obs)", str(r.observed)],
            ["occurrences (U)", str(r.incidences)],
            [f"seen in one {unit} (Q1)", str(r.uniques)],
            [f"seen in two {units} (Q2)", str(r.duplicates)],
            ["sample coverage", _num(r.coverage, 3)],
            [f"expected new {things} in one more {unit}", _num(r.expected_new, 2)],
            [
                f"{units} for {r.target_coverage:.0%} coverage",
                _num(r.sources_for_coverage),
            ],
            [
                f"further {units} for {r.fraction:.0%} of Chao2",
                _num(r.sources_for_fraction),
            ],
        ],
    )
    out += ["", "### Stopping rules", ""]
    rules = [
        ["in the order analysed", _guest_text(r)],
        ["in the order analysed", _francis_text(r)],
    ]
    if r.permuted is not None and r.permuted.permutations:
        label = f"over {r.permuted.permutations:,} random orders (seed {r.seed})"
        rules += [
            [label, _distribution_text("Guest", r.permuted.guest)],
            [label, _distribution_text("Francis", r.permuted.francis)],
        ]
    out += _table(["order", "result"], rules)
    out += ["", f"### Estimated total {things}", ""]
    rows = []
    for name, est in r.estimates.items():
        value, se, ci = _estimate_row(est)
        rows.append([_estimator_label(r, name), value, se, ci])
    out += _table(["estimator", "estimate", "s.e.", "95% interval"], rows)
    if r.categories:
        out += ["", f"### Categories ({_rule_name(r)})", ""]
        out += _table(
            [
                "category",
                "codes",
                f"new in the last {_plural(r.recent, unit, units)}",
                "saturated",
            ],
            [
                [
                    row.category,
                    str(row.codes),
                    str(row.new_recent),
                    f"yes ({row.point})"
                    if row.saturated
                    else ("no" if not row.reason else f"not applied: {row.reason}"),
                ]
                for row in r.categories
            ],
        )
    out += ["", f"### Accumulation by {unit}", ""]
    band = r.permuted if r.permuted is not None and r.permuted.lower else None
    curve_rows = []
    for i, label in enumerate(r.units):
        row = [
            str(i + 1),
            label,
            str(r.new_per_unit[i]),
            _num(r.as_coded.curve[i], 0),
            _num(r.expected.curve[i], 2),
        ]
        if band is not None and band.lower is not None and band.upper is not None:
            row.append(f"{_num(band.lower[i], 1)} to {_num(band.upper[i], 1)}")
        curve_rows.append(row)
    header = ["#", unit, f"new {things}", "cumulative", "expected (all orders)"]
    if band is not None:
        header.append("95% of random orders")
    out += _table(header, curve_rows)
    out += ["", "### Caveats", ""] + [f"- {c}" for c in r.caveats]
    return "\n".join(out) + "\n"


def _plain(_inst: object, _field: object, value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return dict(value)
    return value


def as_dict(r: SaturationReport) -> dict[str, Any]:
    """Return the report as JSON-ready plain data."""
    data: dict[str, Any] = attrs.asdict(r, recurse=True, value_serializer=_plain)
    return data


def caveats(
    partial: Mapping[str, Any],
    *,
    skipped: Sequence[str],
    unattributed: Sequence[str],
) -> tuple[str, ...]:
    """Return the plain-language caveats for a report's numbers."""
    level = partial["level"]
    things, _ = ELEMENT_NAMES[level]
    units, unit = UNIT_NAMES[partial["by"]]
    count = len(partial["units"])
    notes = []
    if partial["observed"] == 0:
        notes.append(
            "Nothing is coded at this level yet, so there is nothing to assess."
        )
    if level == "code":
        notes.append(
            "Code saturation is not theoretical saturation: these counts show when "
            "new codes stopped appearing, not whether the categories are developed "
            "(their properties, dimensions and relationships) or the codes understood."
        )
    else:
        notes.append(
            f"Counting {things} is closer to theoretical saturation than counting "
            "codes, but it is still a count: an element can recur without being "
            "developed. Theoretical saturation remains the analyst's judgement."
        )
    notes.append(
        f"Chao2, the jackknives, ICE, the coverage and the extrapolations assume the "
        f"{units} are an exchangeable random sample from one population. Theoretical "
        "or purposive sampling breaks this; read them as a description of these data, "
        "not as inference about a population."
    )
    how_much = (
        "the results over random orders show how much"
        if partial["permuted"] is not None
        else "run the report with permutations to see how much"
    )
    notes.append(
        f"The Guest and Francis rules depend on the order in which the {units} were "
        f"analysed; {how_much}."
    )
    for name in ("guest", "francis"):
        result = partial[name]
        if result.reason:
            notes.append(
                f"The {name.capitalize()} rule was not applied: it {result.reason}."
            )
    if count == 1:
        notes.append(
            f"With a single {unit}, coverage is 1 by convention and the estimators add "
            "nothing: nothing is known about what was missed. This is not evidence of "
            "saturation."
        )
    if any(v is None for v in partial["estimates"].values()):
        notes.append(f"The second-order jackknife needs at least two {units}.")
    needed = partial["sources_for_coverage"]
    if needed is not None and needed > 2 * count:
        notes.append(
            f"The {partial['target_coverage']:.0%} coverage target lies beyond twice "
            f"the {units} analysed, where extrapolation is unreliable."
        )
    if skipped:
        notes.append(
            f"{_plural(len(skipped), 'source', 'sources')} without any coded segment "
            f"{'was' if len(skipped) == 1 else 'were'} left out as not yet analysed: "
            + ", ".join(skipped)
            + "."
        )
    if unattributed:
        notes.append(
            f"{_plural(len(unattributed), 'source', 'sources')} without a participant "
            "each count as a participant of their own: " + ", ".join(unattributed) + "."
        )
    return tuple(notes)
