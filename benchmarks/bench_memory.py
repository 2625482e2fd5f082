"""Memory: open a project of 1M segments, report saturation, save it, in a fresh process."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _harness import Result, in_fresh_process
from synthetic import write_large_file

_SCRIPT = """
import json, resource, sys, time
import gtgraph
start = time.perf_counter()
project = gtgraph.load(sys.argv[1])
loaded = time.perf_counter() - start
project.saturation(permutations=1000, seed=1)
project.save(sys.argv[1] + ".copy.gtg.json")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps([peak, loaded, len(project.segments)]))
"""


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Peak RSS of load + code-level saturation report + save (1M segments; 100k quick)."""
    if sys.platform == "win32":  # pragma: no cover - resource is POSIX
        return []
    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.gtg.json"
        start = time.perf_counter()
        write_large_file(path, segments=n, sources=max(200, n // 500))
        written = time.perf_counter() - start
        size = path.stat().st_size
        peak, loaded, segments = in_fresh_process(_SCRIPT, str(path))
    gib = peak / 2**30
    return [
        Result(
            "memory: load, saturation report, save",
            f"{segments:,} segments, {size / 1e6:.0f} MB file (written in {written:.0f} s)",
            loaded,
            f"peak RSS {gib:.2f} GiB (figure: load time)",
            None,
            "<= 1 GiB RSS",
            gib <= 1.0,
        )
    ]
