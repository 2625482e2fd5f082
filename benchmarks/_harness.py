"""Helpers shared by the benchmarks: side-by-side timing and the results table."""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The checkout whose gtgraph the benchmarks measure.
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    """One line of the table: a figure, the reference it is compared with, the target."""

    name: str
    size: str
    seconds: float
    reference: str
    reference_seconds: float | None
    target: str
    met: bool

    @property
    def ratio(self) -> float | None:
        """The figure divided by the reference (None without a reference)."""
        if not self.reference_seconds:
            return None
        return self.seconds / self.reference_seconds


def median_time(call: Callable[[], object], *, repeat: int = 5) -> float:
    """Return the median wall time of *repeat* calls (garbage collector as usual)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def side_by_side(
    figure: Callable[[], object], reference: Callable[[], object], *, repeat: int = 5
) -> tuple[float, float]:
    """Time *figure* and *reference* alternately; return both medians."""
    ours, theirs = [], []
    for _ in range(repeat):
        theirs.append(median_time(reference, repeat=1))
        ours.append(median_time(figure, repeat=1))
    return statistics.median(ours), statistics.median(theirs)


def in_fresh_process(script: str, *args: str) -> Any:
    """Run *script* in a fresh interpreter importing this checkout's gtgraph.

    Returns what the script prints as JSON on standard output.
    """
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout)


def table(results: list[Result]) -> str:
    """Format results as a Markdown table."""
    lines = [
        "| benchmark | size | time | reference | reference time | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ref = "" if r.reference_seconds is None else f"{r.reference_seconds:.3f} s"
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        lines.append(
            f"| {r.name} | {r.size} | {r.seconds:.3f} s | {r.reference} | {ref} | {ratio} "
            f"| {r.target} | {'yes' if r.met else 'NO'} |"
        )
    return "\n".join(lines)
