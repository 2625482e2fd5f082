"""The analysis workflow on a large project: theory checks, sampling guidance, replay.

Each figure is timed side by side with ``gtgraph.graph.grounding_counts`` (one
pass over every segment, the least any whole-project analysis does), so the
ratio shows the cost over that floor; the targets are absolute.
"""

from __future__ import annotations

from _harness import Result, side_by_side
from synthetic import make_project

import gtgraph
from gtgraph.graph import grounding_counts

TARGET_SECONDS = 1.0


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time check, suggest_sampling and as_of on 100k segments (10k with *quick*)."""
    n = 10_000 if quick else 100_000
    project = make_project(
        segments=n,
        sources=50 if quick else 200,
        codes=1_000 if quick else 5_000,
    )
    size = f"{n:,} segments, {len(project.codes):,} codes, {len(project.categories)} categories"
    half = len(project.sources) // 2
    figures = {
        "check(project)": lambda: gtgraph.check(project),
        "suggest_sampling(project)": lambda: gtgraph.suggest_sampling(project),
        "as_of(project, half the sources)": lambda: gtgraph.as_of(project, half),
    }
    results = []
    for name, figure in figures.items():
        ours, ref = side_by_side(figure, lambda: grounding_counts(project))
        results.append(
            Result(
                name,
                size,
                ours,
                "grounding_counts (one pass over the segments)",
                ref,
                f"<= {TARGET_SECONDS:.1f} s",
                ours <= TARGET_SECONDS,
            )
        )
    return results


if __name__ == "__main__":
    from _harness import table

    print(table(benchmarks(quick=True)))
