"""Run every gtgraph benchmark and print a table of figures next to their references.

Each figure is measured side by side with its reference in the same run (medians
of several alternating runs), so the ratios hold on any machine.  Not part of
the test suite.

    python benchmarks/run.py            # full sizes (a few minutes)
    python benchmarks/run.py --quick    # small sizes (under a minute)
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

# The checkout's gtgraph (as the fresh-process benchmarks use), then the harness.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Result, table

#: The benchmark modules, each with ``benchmarks(quick=...) -> list[Result]``.
MODULES = [
    "bench_project_file",
    "bench_saturation",
    "bench_analysis",
    "bench_drawing",
    "bench_refi",
    "bench_import",
    "bench_memory",
    "bench_report",
]


def main() -> int:
    """Run the benchmarks; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, under a minute"
    )
    parser.add_argument("--only", help="run only the modules whose name contains this")
    args = parser.parse_args()
    results: list[Result] = []
    start = time.perf_counter()
    for name in MODULES:
        if args.only and args.only not in name:
            continue
        module = importlib.import_module(name)
        results.extend(module.benchmarks(quick=args.quick))
    print(table(results))
    print(
        f"\n{len(results)} benchmarks in {time.perf_counter() - start:.0f} s"
        f"{' (quick sizes)' if args.quick else ''}"
    )
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
