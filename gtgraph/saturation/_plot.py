"""Draw a saturation report with matplotlib (the optional ``plot`` extra)."""

from __future__ import annotations

from typing import Any

from gtgraph.errors import RenderError
from gtgraph.saturation._report import ELEMENT_NAMES, UNIT_NAMES, SaturationReport

__all__ = ["plot"]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise RenderError(
            'plotting a saturation report needs matplotlib: pip install "gtgraph[plot]"'
        ) from error
    return plt


def _mark_point(axes: Any, report: SaturationReport, unit: str) -> None:
    """Mark where the Guest rule was first met, and the last run when it fails there."""
    g = report.guest
    if g.saturated and g.point is not None:
        end = g.point + g.run
        axes.axvline(end, color="C3", linestyle="--", linewidth=1)
        after = f"; {g.new_after} new after" if g.new_after else ""
        axes.annotate(
            f"Guest {g.label} met{after}",
            xy=(end, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -4),
            textcoords="offset points",
            va="top",
            color="C3",
            fontsize="small",
        )
    if g.last_run is not None and not g.holds_at_end:
        axes.axvspan(
            g.last_run.start - 0.5,
            g.last_run.end + 0.5,
            color="C3",
            alpha=0.08,
            label=f"last run of {g.run} {unit}s: threshold not met",
        )


def plot(report: SaturationReport, *, ax: Any = None) -> Any:
    """Draw the accumulation curve with its bootstrap band and extrapolation, and new elements per unit."""
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        figure, (left, right) = plt.subplots(
            1, 2, figsize=(11, 4.2), layout="constrained"
        )
    else:
        left, right = ax
        figure = left.figure
    things, _ = ELEMENT_NAMES[report.level]
    units, unit = UNIT_NAMES[report.by]
    xs = list(range(1, len(report.units) + 1))
    bands = report.bands
    if bands and report.replicates:
        level = report.parameters.get("conf", 0.95)
        left.fill_between(
            [b.t for b in bands],
            [b.codes_low for b in bands],
            [b.codes_high for b in bands],
            color="C0",
            alpha=0.2,
            linewidth=0,
            label=f"{level:.0%} bootstrap interval ({report.replicates} replicates)",
        )
    left.plot(
        xs,
        report.expected.curve,
        color="C0",
        label=f"expected, averaged over {unit} orders",
    )
    if len(report.extrapolation) > 1:
        ex, ey = zip(*report.extrapolation, strict=True)
        left.plot(ex, ey, "--", color="C0", label=f"extrapolated to twice the {units}")
    left.plot(
        xs,
        report.as_coded.curve,
        "o-",
        color="C1",
        markersize=3,
        label="in the order analysed",
    )
    chao = report.estimates.get("Chao2")
    if chao is not None and report.observed:
        left.axhline(
            chao.value,
            color="grey",
            linestyle=":",
            label=f"Chao2 estimate of the total: {chao.value:.1f}",
        )
    _mark_point(left, report, unit)
    left.set_xlabel(f"{units} analysed, in order" if xs else units)
    left.set_ylabel(f"distinct {things} found")
    left.set_title(f"{things.capitalize()} found as {units} are added")
    left.set_ylim(bottom=0)
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(fontsize="small", loc="lower right")

    right.bar(xs, report.new_per_unit, color="C1", label="in the order analysed")
    right.plot(
        xs, report.expected.new, color="C0", label=f"expected over {unit} orders"
    )
    _mark_point(right, report, unit)
    right.set_xlabel(f"{unit} (in the order analysed)")
    right.set_ylabel(f"new {things} in the {unit}")
    right.set_title(f"New {things} per {unit}")
    right.set_ylim(bottom=0)
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    right.legend(fontsize="small", loc="upper right", bbox_to_anchor=(1, 0.9))
    return figure
