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


def plot(report: SaturationReport, *, ax: Any = None) -> Any:
    """Draw the accumulation curve with its band and extrapolation, and new elements per unit."""
    plt = _pyplot()
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
    band = report.permuted
    if band is not None and band.lower and band.upper:
        left.fill_between(
            xs,
            band.lower,
            band.upper,
            step=None,
            alpha=0.25,
            label=f"95% of {band.permutations:,} random orders",
        )
    left.plot(xs, report.expected.curve, color="C0", label="expected over all orders")
    left.plot(
        xs,
        report.as_coded.curve,
        "o-",
        color="C1",
        markersize=3,
        label="in the order analysed",
    )
    if len(report.extrapolation) > 1:
        ex, ey = zip(*report.extrapolation, strict=True)
        left.plot(ex, ey, "--", color="C0", label="extrapolated")
    chao = report.estimates.get("Chao2")
    if chao is not None and report.observed:
        left.axhline(
            chao.value, color="grey", linestyle=":", label=f"Chao2 {chao.value:.1f}"
        )
    left.set_xlabel(f"{units} ({unit}s in order)" if xs else units)
    left.set_ylabel(f"{things} observed")
    left.set_title(f"Accumulation of {things}")
    left.legend(fontsize="small", loc="lower right")

    right.bar(xs, report.new_per_unit, color="C1", label="in the order analysed")
    right.plot(xs, report.expected.new, color="C0", label="expected over all orders")
    right.set_xlabel(unit)
    right.set_ylabel(f"new {things}")
    right.set_title(f"New {things} per {unit}")
    right.legend(fontsize="small")
    return figure
