"""Benchmark the code-level saturation computation against a plain Python set loop.

A seeded synthetic study: 200 sources, 5,000 codes and 100,000 coded segments,
with skewed (Zipf-like) code frequencies.  Timed, each as the median of several
runs:

1. the full code-level computation on the incidence (every estimator, coverage,
   the expected and extrapolated curves, both stopping rules, and the
   accumulation curve over 1,000 random orders with its band and the
   distribution of the Guest and Francis points);
2. the same as a report on a project holding those 100,000 segments (with the
   codes in 50 categories, so the per-category table is included), with 200
   bootstrap replicates for the intervals and the sensitivity grid, from the
   project to the finished :class:`~gtgraph.saturation.SaturationReport`;
3. a hand-written pure-Python loop that accumulates sets of codes over the same
   1,000 orders.

Run from the repository root::

    python benchmarks/bench_saturation.py

Target: the full report, with 200 bootstrap replicates, in at most 1 s, timed side
by side with the loop.  The report now also draws the bootstrap, reads the
history and applies the rules over a grid of settings, none of which the loop
does, so the ratio to the loop is recorded rather than required (it was at
least 5x before those were added; about 3x with them).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

# Run from a checkout without installing: put the repository root on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gtgraph
from gtgraph.saturation import (
    Incidence,
    accumulation,
    chao2,
    coverage,
    expected_codes,
    francis,
    guest,
    ice,
    jackknife,
    report,
    sources_for_coverage,
    sources_for_fraction,
)
from gtgraph.saturation._accumulation import permutation_orders

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Result, median_time, side_by_side

SOURCES = 200
CODES = 5_000
SEGMENTS = 100_000
PERMUTATIONS = 1_000
REPLICATES = 200
SEED = 20_240_601
CATEGORIES = 50


def synthetic_segments(seed: int = SEED) -> list[list[int]]:
    """Return the code of each segment, per source: Zipf-like code frequencies."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, CODES + 1) ** 1.1
    weights /= weights.sum()
    sources = rng.integers(0, SOURCES, size=SEGMENTS)
    codes = rng.choice(CODES, size=SEGMENTS, p=weights)
    per_source: list[list[int]] = [[] for _ in range(SOURCES)]
    for s, c in zip(sources.tolist(), codes.tolist(), strict=True):
        per_source[s].append(c)
    return per_source


def synthetic_units(seed: int = SEED) -> list[set[int]]:
    """Return the codes of each source: 100,000 segments, Zipf-like code frequencies."""
    return [set(codes) for codes in synthetic_segments(seed)]


def synthetic_project(seed: int = SEED) -> gtgraph.Project:
    """Return a project with the same segments, one segment per coding."""
    project = gtgraph.Project(title="synthetic study")
    for c in range(CODES):
        project.add_code(f"code {c}")
        project.categorize(f"code {c}", f"category {c % CATEGORIES:02d}")
    for i, codes in enumerate(synthetic_segments(seed)):
        source = project.add_source(
            f"Interview {i + 1:03d}", text="x" * (len(codes) + 1)
        )
        project.code_many(
            [(source, j, j + 1, [f"code {c}"]) for j, c in enumerate(codes)]
        )
    return project


def full_computation(units: list[set[int]]) -> dict[str, object]:
    """Every code-level method, with the accumulation over 1,000 random orders."""
    inc = Incidence.from_sources(units)
    t = inc.T
    return {
        "chao2": chao2(inc),
        "chao2_bc": chao2(inc, bias_corrected=True),
        "jack1": jackknife(inc),
        "jack2": jackknife(inc, order=2),
        "ice": ice(inc),
        "coverage": coverage(inc),
        "coverage_2T": coverage(inc, 2 * t),
        "expected_2T": expected_codes(inc, 2 * t),
        "units_for_95": sources_for_coverage(inc, 0.95),
        "more_for_90pct": sources_for_fraction(inc, 0.9),
        "guest": guest(inc),
        "francis": francis(inc),
        "as_coded": accumulation(inc),
        "expected": accumulation(inc, order="expected"),
        "permuted": accumulation(
            inc, order="permute", permutations=PERMUTATIONS, seed=SEED
        ),
    }


def python_loop(units: list[set[int]], orders: list[list[int]]) -> list[list[int]]:
    """Accumulate sets of codes unit by unit, order by order, in plain Python."""
    curves = []
    for order in orders:
        seen: set[int] = set()
        curve = []
        for u in order:
            seen |= units[u]
            curve.append(len(seen))
        curves.append(curve)
    return curves


def main() -> None:
    """Build the data, check both computations agree, and print the timings."""
    units = synthetic_units()
    pairs = sum(len(u) for u in units)
    orders = permutation_orders(SOURCES, PERMUTATIONS, SEED).tolist()

    result = full_computation(units)
    loop = np.asarray(python_loop(units, orders), dtype=np.float64)
    permuted = result["permuted"]
    if not np.allclose(loop.mean(axis=0), permuted.curve):  # type: ignore[attr-defined]
        msg = "the two computations disagree"
        raise RuntimeError(msg)

    start = time.perf_counter()
    project = synthetic_project()
    built = time.perf_counter() - start
    saturation = report(
        project, permutations=PERMUTATIONS, replicates=REPLICATES, seed=SEED
    )
    if not np.allclose(loop.mean(axis=0), saturation.permuted.curve):  # type: ignore[union-attr]
        msg = "the report disagrees with the set loop"
        raise RuntimeError(msg)

    ours = median_time(lambda: full_computation(units))
    whole = median_time(
        lambda: report(
            project, permutations=PERMUTATIONS, replicates=REPLICATES, seed=SEED
        ),
        repeat=3,
    )
    theirs = median_time(lambda: python_loop(units, orders))
    print(
        f"synthetic study: {SOURCES} sources, {CODES} codes, {SEGMENTS} segments "
        f"({pairs} code-source pairs, {result['chao2'].value:.1f} codes estimated)"  # type: ignore[attr-defined]
    )
    print(f"building the project (not timed below): {built:.1f} s")
    print(
        f"code-level computation on the incidence ({PERMUTATIONS} orders): {ours:.3f} s"
    )
    print(
        f"full report on the project ({PERMUTATIONS} orders, {REPLICATES} bootstrap "
        f"replicates, {CATEGORIES} categories): {whole:.3f} s"
    )
    print(f"pure-Python set loop over the same {PERMUTATIONS} orders: {theirs:.3f} s")
    print(
        f"ratio (loop / report): {theirs / whole:.1f}x; (loop / incidence computation): {theirs / ours:.1f}x"
    )
    print(
        "target (report with 200 bootstrap replicates <= 1 s):",
        "met" if whole <= 1.0 else "NOT met",
    )


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time the report on the shared synthetic project next to the set loop."""
    from synthetic import make_project

    from gtgraph.saturation import incidence

    n = 10_000 if quick else SEGMENTS
    project = make_project(
        segments=n, sources=SOURCES, codes=CODES if not quick else 1_000
    )
    inc = incidence(project)
    units = [set(u) for u in inc.units or ()]
    orders = permutation_orders(len(units), PERMUTATIONS, SEED).tolist()
    ours, theirs = side_by_side(
        lambda: report(
            project, permutations=PERMUTATIONS, replicates=REPLICATES, seed=SEED
        ),
        lambda: python_loop(units, orders),
        repeat=3,
    )
    size = f"{len(units)} sources x {len(project.codes):,} codes x {n:,} segments"
    return [
        Result(
            "code-level saturation report, 1,000 orders, 200 bootstrap replicates",
            size,
            ours,
            "hand-written Python set loop, same orders",
            theirs,
            "<= 1 s, side by side with the loop",
            ours <= 1.0,
        )
    ]


if __name__ == "__main__":
    main()
