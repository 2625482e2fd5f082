"""Text and plain-data forms of a saturation report."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs

from gtgraph.saturation._flags import plural
from gtgraph.saturation._phrases import (
    band_at,
    by_unit,
    category_verdict,
    distribution_text,
    estimate_row,
    estimator_label,
    francis_text,
    guest_text,
    headline,
    history_rows,
    interval,
    meaning_summary,
    num,
    power_text,
    rule_name,
    sensitivity_cells,
    summary_range,
    table_rows,
    verdict_note,
)
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport

__all__ = ["as_dict", "coverage_lines", "text"]


def coverage_lines(r: SaturationReport) -> list[str]:
    """Return the sentences on coverage, the share found and what more units would find."""
    things, _ = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    count = len(r.units)
    at_end = band_at(r, float(count))
    lines = []
    if r.coverage is not None:
        cov = (
            f"{r.coverage:.3f} ({at_end.coverage_low:.3f} to {at_end.coverage_high:.3f})"
            if at_end is not None and r.replicates
            else f"{r.coverage:.3f}"
        )
        note = " [flagged, see below]" if "coverage" in r.flags else ""
        lines.append(
            f"Sample coverage {cov}{note}: about {1 - r.coverage:.1%} of occurrences "
            f"in a further {unit} would be new {things}."
        )
    if r.share_observed is not None and r.share_observed.value is not None:
        lines.append(
            f"Share of the estimated {things} found (observed / Chao2; Lowe et al. "
            f"2018): {interval(r.share_observed, 2, percent=True)}."
        )
    if r.expected_new is not None:
        lines.append(f"Expected new {things} in one more {unit}: {r.expected_new:.2f}.")
    double = band_at(r, float(2 * count))
    if double is not None and count:
        lines.append(
            f"Expected {things} at {2 * count} {units} (twice those analysed): "
            f"{double.codes:.1f} ({double.codes_low:.1f} to {double.codes_high:.1f})."
        )
    if r.sources_needed is not None and r.sources_needed.value is not None:
        needed = interval(r.sources_needed)
    elif "sources_for_coverage" in r.flags:
        needed = "not estimable"
    else:
        needed = num(r.sources_for_coverage)
    lines.append(
        f"{units.capitalize()} for {r.target_coverage:.0%} coverage: {needed} in total."
    )
    lines.append(
        f"Further {units} for {r.fraction:.0%} of the Chao2 estimate: "
        f"{num(r.sources_for_fraction)}."
    )
    power = power_text(r)
    if power:
        lines.append(power)
    return lines


def _category_table(r: SaturationReport) -> list[str]:
    units, unit = UNIT_NAMES[r.by]
    header = (
        "category",
        "codes",
        f"new codes per {unit}",
        "last new",
        "properties",
        "dimensions",
        "relationships",
        f"added in last {r.recent}",
        "verdict",
    )
    cells = [
        (
            row.category,
            str(row.codes),
            by_unit(row.new_codes, r.units),
            "-" if row.last_new_code is None else str(row.last_new_code),
            str(row.properties),
            str(row.dimensions),
            str(row.relationships),
            str(row.added_in_last),
            category_verdict(row),
        )
        for row in table_rows(r)
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    widths[-1] = 0

    def line(values: tuple[str, ...]) -> str:
        first = f"{values[0]:<{widths[0]}}"
        rest = [f"{v:>{w}}" for v, w in zip(values[1:-1], widths[1:-1], strict=True)]
        return "  " + "  ".join([first, *rest, values[-1]]).rstrip()

    out = [
        "",
        (
            f"Categories: what each gained, {unit} by {unit} in the order analysed "
            f"(verdicts by {rule_name(r)})"
        ),
        line(header),
    ]
    out += [line(c) for c in cells]
    out.append(
        f"  ('new codes per {unit}': codes first found in each {unit}; 'last new': the "
        f"last {unit} with one; 'added in last {r.recent}': codes, properties and "
        f"relationships first grounded in the last {plural(r.recent, unit, units)}.)"
    )
    note = verdict_note(r)
    if note:
        out.append(f"  {note}")
    return out


def _history(r: SaturationReport) -> list[str]:
    _, unit = UNIT_NAMES[r.by]
    out = [
        "",
        (
            f"The analysis as it happened: concepts created while each {unit} was "
            "analysed (from the history)"
        ),
    ]
    if not r.history.available:
        out.append(f"  The history cannot show this: {r.history.reason}.")
        return out
    rows = history_rows(r)
    width = max(len(row[0]) for row in rows)
    cells = max(len(row[1]) for row in rows)
    out += [
        f"  {name:<{width}}  {counts:<{cells}}  {note}".rstrip()
        for name, counts, note in rows
    ]
    summary = meaning_summary(r)
    if summary:
        out.append(f"  {summary}")
    return out


def text(r: SaturationReport) -> str:
    """Return a readable summary of the report."""
    things, thing = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    lines = [
        (
            f"Saturation of {things} by {unit}: {plural(len(r.units), unit, units)}, "
            f"{plural(r.observed, thing, things)}, {r.incidences} occurrences "
            f"(Q1 = {r.uniques} seen in one {unit}, Q2 = {r.duplicates} in two)"
        ),
        "",
        "In short",
        *(f"  {s}" for s in headline(r)),
        "",
        f"New {things} per {unit}: "
        + (", ".join(str(n) for n in r.new_per_unit) or "none"),
        "",
        "Stopping rules, in the order analysed",
        "  " + guest_text(r),
        "  " + francis_text(r),
    ]
    if r.permuted is not None and r.permuted.permutations:
        lines += [
            f"Over {r.permuted.permutations:,} random orders (seed {r.seed})",
            "  " + distribution_text("Guest", r.permuted.guest),
            "  " + distribution_text("Francis", r.permuted.francis),
        ]
    if r.sensitivity:
        lines += ["", "Sensitivity to the rules' settings (in the order analysed)"]
        header = ["rule", "settings", "outcome", "new after", "last run meets"]
        rows = [sensitivity_cells(s) for s in r.sensitivity]
        widths = [max(len(h), *(len(c[i]) for c in rows)) for i, h in enumerate(header)]
        for values in [header, *rows]:
            lines.append(
                "  "
                + "  ".join(
                    f"{v:<{w}}" for v, w in zip(values, widths, strict=True)
                ).rstrip()
            )
    lines += ["", f"Estimated total {things} (s.e.; 95% interval)"]
    for name, est in r.estimates.items():
        value, se, ci = estimate_row(r, name, est)
        detail = "; ".join(x for x in (se and f"s.e. {se}", ci) if x)
        label = estimator_label(r, name)
        lines.append(f"  {label:<13} {value:>9}" + (f"  ({detail})" if detail else ""))
    span = summary_range(r)
    if span is not None:
        lines.append(
            f"  Summary: the estimators not below the observed count put the total "
            f"at {span[0]:.1f} to {span[1]:.1f} {things}."
        )
    lines += ["", f"Coverage and what more {units} would find"]
    if r.replicates:
        lines[-1] += (
            f" (95% bootstrap intervals, {r.replicates} replicates, seed {r.seed})"
        )
    lines += [f"  {s}" for s in coverage_lines(r)]
    if table_rows(r):
        lines += _category_table(r)
    lines += _history(r)
    if r.flags:
        lines += ["", "Flags"] + [f"  - {m}" for m in r.flags.values()]
    lines += ["", "Caveats"] + [f"  - {c}" for c in r.caveats]
    return "\n".join(lines)


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
