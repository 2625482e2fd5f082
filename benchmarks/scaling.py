"""How cost grows with size: 10k, 100k and 1M segments, and the slope on a log-log scale.

    python benchmarks/scaling.py            # about two minutes

A slope of 1 means linear growth (ten times the segments, ten times the time).
Each size is a project file written by ``synthetic.write_large_file`` (sources
grow with the segments, 500 segments per source), measured in a fresh process.
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import in_fresh_process
from synthetic import write_large_file

SIZES = (10_000, 100_000, 1_000_000)
_SCRIPT = """
import json, resource, sys, time
import gtgraph
from gtgraph.checks import check
times = {}
def timed(name, call):
    start = time.perf_counter(); value = call(); times[name] = time.perf_counter() - start
    return value
project = timed("load", lambda: gtgraph.load(sys.argv[1]))
timed("saturation report", lambda: project.saturation(permutations=1000, seed=1))
timed("theory checks", lambda: check(project))
timed("save", lambda: project.save(sys.argv[1] + ".copy.gtg.json"))
times["peak memory (GiB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
print(json.dumps(times))
"""


def measure(n: int) -> dict[str, float]:
    """Measure one size in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"s{n}.gtg.json"
        write_large_file(
            path, segments=n, sources=max(20, n // 500), codes=max(500, n // 50)
        )
        return in_fresh_process(_SCRIPT, str(path))  # type: ignore[no-any-return]


def main() -> None:
    """Print the table of times per size and the slopes."""
    results = {n: measure(n) for n in SIZES}
    names = list(results[SIZES[0]])
    print("| measure | " + " | ".join(f"{n:,}" for n in SIZES) + " | slope |")
    print("|---|" + "---|" * (len(SIZES) + 1))
    for name in names:
        values = [results[n][name] for n in SIZES]
        slope = math.log(values[-1] / values[0]) / math.log(SIZES[-1] / SIZES[0])
        cells = " | ".join(f"{v:.3f}" for v in values)
        print(f"| {name} | {cells} | {slope:.2f} |")


if __name__ == "__main__":
    main()
