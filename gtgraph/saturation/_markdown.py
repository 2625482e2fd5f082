"""The Markdown form of a saturation report: tables for a thesis appendix."""

from __future__ import annotations

from collections.abc import Sequence

from gtgraph.saturation._flags import plural
from gtgraph.saturation._phrases import (
    by_unit,
    category_verdict,
    distribution_text,
    estimate_row,
    estimator_label,
    francis_text,
    guest_text,
    headline,
    history_rows,
    meaning_summary,
    num,
    rule_name,
    sensitivity_cells,
    table_rows,
    verdict_note,
)
from gtgraph.saturation._render import coverage_lines
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport

__all__ = ["markdown", "table"]


def _escape(value: str) -> str:
    return value.replace("|", "\\|")


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return the lines of a Markdown table."""
    out = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    out += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in rows]
    return out


def _categories(r: SaturationReport) -> list[str]:
    units, unit = UNIT_NAMES[r.by]
    out = ["", f"### Categories, {unit} by {unit} ({rule_name(r)})", ""]
    out += table(
        [
            "category",
            "codes found",
            f"new codes per {unit}",
            f"last {unit} with a new code",
            "properties",
            "dimensions",
            "relationships",
            f"added in the last {plural(r.recent, unit, units)}",
            "verdict",
        ],
        [
            [
                row.category,
                str(row.codes),
                by_unit(row.new_codes, r.units),
                "-" if row.last_new_code is None else r.units[row.last_new_code - 1],
                str(row.properties),
                str(row.dimensions),
                str(row.relationships),
                str(row.added_in_last),
                category_verdict(row),
            ]
            for row in table_rows(r)
        ],
    )
    note = verdict_note(r)
    if note:
        out += ["", note]
    return out


def _history(r: SaturationReport) -> list[str]:
    units, unit = UNIT_NAMES[r.by]
    out = [
        "",
        f"### The analysis as it happened ({unit} by {unit}, from the history)",
        "",
    ]
    if not r.history.available:
        return [*out, f"The history cannot show this: {r.history.reason}."]
    out += table(
        ["concepts", f"created per {unit}", "note"],
        [list(row) for row in history_rows(r)],
    )
    summary = meaning_summary(r)
    if summary:
        out += ["", summary]
    if r.meaning:
        out += ["", "#### Codes and their meaning", ""]
        out += table(
            [
                "code",
                f"first {unit}",
                units,
                "prevalence",
                f"last {unit} that changed its meaning",
                "change",
            ],
            [
                [
                    m.code,
                    m.first,
                    str(m.units),
                    f"{m.prevalence:.0%}",
                    m.last_change or "-",
                    m.change or "",
                ]
                for m in r.meaning
            ],
        )
    return out


def markdown(r: SaturationReport) -> str:
    """Return the report as Markdown (headings, tables, flags and caveats)."""
    things, _ = ELEMENT_NAMES[r.level]
    units, unit = UNIT_NAMES[r.by]
    out = [f"## Saturation of {things} by {unit}", ""]
    out += [f"- {s}" for s in headline(r)]
    out += [""]
    out += table(
        ["quantity", "value"],
        [
            [f"{units} analysed", str(len(r.units))],
            [f"{things} observed (S_obs)", str(r.observed)],
            ["occurrences (U)", str(r.incidences)],
            [f"seen in one {unit} (Q1)", str(r.uniques)],
            [f"seen in two {units} (Q2)", str(r.duplicates)],
        ],
    )
    out += ["", f"### Coverage and what more {units} would find", ""]
    out += [f"- {s}" for s in coverage_lines(r)]
    out += ["", "### Stopping rules", ""]
    rules = [
        ["in the order analysed", guest_text(r)],
        ["in the order analysed", francis_text(r)],
    ]
    if r.permuted is not None and r.permuted.permutations:
        label = f"over {r.permuted.permutations:,} random orders (seed {r.seed})"
        rules += [
            [label, distribution_text("Guest", r.permuted.guest)],
            [label, distribution_text("Francis", r.permuted.francis)],
        ]
    out += table(["order", "result"], rules)
    if r.sensitivity:
        out += ["", "### Sensitivity to the rules' settings", ""]
        out += table(
            [
                "rule",
                "settings",
                "outcome",
                f"new {things} after the point",
                "last run meets the rule",
            ],
            [sensitivity_cells(s) for s in r.sensitivity],
        )
    out += ["", f"### Estimated total {things}", ""]
    rows = []
    for name, est in r.estimates.items():
        value, se, ci = estimate_row(r, name, est)
        rows.append([estimator_label(r, name), value, se, ci])
    out += table(["estimator", "estimate", "s.e.", "95% interval"], rows)
    if table_rows(r):
        out += _categories(r)
    out += ["", f"### Accumulation by {unit}", ""]
    curve_rows = []
    for i, label in enumerate(r.units):
        row = [
            str(i + 1),
            label,
            str(r.new_per_unit[i]),
            num(r.as_coded.curve[i], 0),
            num(r.expected.curve[i], 2),
        ]
        band = next((b for b in r.bands if b.t == i + 1), None)
        if r.replicates:
            row.append(
                "" if band is None else f"{band.codes_low:.1f} to {band.codes_high:.1f}"
            )
        curve_rows.append(row)
    header = ["#", unit, f"new {things}", "cumulative", "expected (all orders)"]
    if r.replicates:
        header.append("95% bootstrap interval")
    out += table(header, curve_rows)
    out += _history(r)
    if r.flags:
        out += ["", "### Flags", ""] + [f"- {m}" for m in r.flags.values()]
    out += ["", "### Caveats", ""] + [f"- {c}" for c in r.caveats]
    return "\n".join(out) + "\n"
