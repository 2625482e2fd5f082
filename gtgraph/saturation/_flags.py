"""What a saturation report must not let pass silently: flags on degenerate values, and caveats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES

__all__ = ["caveats", "flags", "plural", "unit_list"]


def plural(n: int, one: str, many: str) -> str:
    """Return ``"1 code"`` or ``"3 codes"``."""
    return f"{n} {one if n == 1 else many}"


def unit_list(
    labels: Sequence[str], units: Sequence[int], counts: Sequence[int]
) -> str:
    """Return ``"P07 (3), P09 (1)"`` for 1-based `units` with their new counts."""
    return ", ".join(f"{labels[u - 1]} ({counts[u - 1]})" for u in units)


def flags(partial: Mapping[str, Any], inc: Incidence) -> dict[str, str]:
    """Return the flags of a report: degenerate values, each with the reason in words."""
    things, thing = ELEMENT_NAMES[partial["level"]]
    units, unit = UNIT_NAMES[partial["by"]]
    count = len(partial["units"])
    observed = partial["observed"]
    out: dict[str, str] = {}
    for name, est in partial["estimates"].items():
        if est is not None and est.value < observed - 1e-9:
            out[f"estimate:{name}"] = (
                f"{name} gives {est.value:.1f}, below the {observed} {things} already "
                "observed: it is not an estimate of the total here and is left out of "
                "the summary."
            )
    cov = partial["coverage"]
    last_new = partial["new_per_unit"][-1] if partial["new_per_unit"] else 0
    if count == 1 and observed:
        out["coverage"] = (
            f"With a single {unit}, coverage is 1 by convention: nothing is known "
            "about what was missed. It is not evidence of saturation."
        )
        out["sources_for_coverage"] = (
            f"{units.capitalize()} needed for {partial['target_coverage']:.0%} "
            f"coverage cannot be estimated from a single {unit}."
        )
    elif cov is not None and cov >= 1.0 and inc.Q(1) > 0:
        after = (
            f"; yet the last {unit} still added {plural(last_new, 'new ' + thing, 'new ' + things)}"
            if last_new
            else ""
        )
        out["coverage"] = (
            f"Sample coverage is 1 only by the formula's convention: with Q1 = "
            f"{inc.Q(1)} and Q2 = {inc.Q(2)} it has nothing to estimate the missed "
            f"share from{after}. It is not evidence of saturation."
        )
    for name, label in (("guest", "Guest"), ("francis", "Francis")):
        result = partial[name]
        if result.reason:
            over = (
                ", and so over random orders too"
                if partial["permuted"] is not None
                else ""
            )
            out[name] = f"The {label} rule was not applied{over}: it {result.reason}."
        elif result.saturated and result.new_after:
            where = unit_list(
                partial["units"], result.new_after_units, partial["new_per_unit"]
            )
            out[name] = (
                f"{plural(result.new_after, 'new ' + thing, 'new ' + things)} arrived "
                f"after the {label} point, in {where}."
            )
    return out


def caveats(
    partial: Mapping[str, Any],
    *,
    skipped: Sequence[str],
    unattributed: Sequence[str],
) -> tuple[str, ...]:
    """Return the plain-language caveats for a report's numbers."""
    level = partial["level"]
    things, _ = ELEMENT_NAMES[level]
    units, _ = UNIT_NAMES[partial["by"]]
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
            f"{plural(len(skipped), 'source', 'sources')} without any coded segment "
            f"{'was' if len(skipped) == 1 else 'were'} left out as not yet analysed: "
            + ", ".join(skipped)
            + "."
        )
    if unattributed:
        notes.append(
            f"{plural(len(unattributed), 'source', 'sources')} without a participant "
            "each count as a participant of their own: " + ", ".join(unattributed) + "."
        )
    return tuple(notes)
