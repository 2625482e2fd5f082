"""Memory: a project of 1M segments built as users build it, and the synthetic file.

Two cases, each step in a fresh process (peak RSS from ``resource.getrusage`` in
that process):

- *built through the API*: 2,000 sources of 10,000 characters, 5,000 codes and
  1M segments, each coded by its own ``Project.code`` call, so that the history
  holds one event per segment; then saved, then loaded (next to ``json.loads`` of
  the same bytes) with the code-level saturation report of 1,000 orders;
- *synthetic file*: segment rows written straight into the file, no history
  (the case this benchmark measured first), loaded, reported on and saved.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _harness import Result, in_fresh_process
from synthetic import write_large_file

_BUILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from synthetic import build_as_users_do
start = time.perf_counter()
project = build_as_users_do(segments=int(sys.argv[2]), sources=int(sys.argv[4]))
built = time.perf_counter() - start
start = time.perf_counter()
project.save(sys.argv[1])
saved = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps([peak, built, saved, len(project.history)]))
"""

_LOAD = """
import gc, json, resource, sys, time
import gtgraph
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
json.loads(data)
plain = time.perf_counter() - start
gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
del data
gc.collect()
start = time.perf_counter()
project = gtgraph.load(sys.argv[1])
loaded = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
start = time.perf_counter()
project.saturation(permutations=1000, seed=1)
reported = time.perf_counter() - start
print(json.dumps([peak, loaded, plain, reported, len(project.segments), len(project.history)]))
"""

_LOAD_ONLY = """
import json, resource, sys, time
import gtgraph
start = time.perf_counter()
project = gtgraph.load(sys.argv[1])
loaded = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps([peak, loaded]))
"""

_SYNTHETIC = """
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

_GIB = 2**30


def built_through_api(n: int, sources: int) -> dict[str, float]:
    """Build, save and load (fresh processes) a project of *n* segments; return the figures."""
    here = str(Path(__file__).resolve().parent)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coded.gtg.json"
        build_peak, built, saved, events = in_fresh_process(
            _BUILD, str(path), str(n), here, str(sources)
        )
        size = path.stat().st_size
        load_peak, loaded = in_fresh_process(_LOAD_ONLY, str(path))
        _, loaded_again, plain, reported, segments, _ = in_fresh_process(
            _LOAD, str(path)
        )
    return {
        "segments": segments,
        "events": events,
        "build_peak": build_peak,
        "built": built,
        "saved": saved,
        "size": size,
        "load_peak": load_peak,
        "loaded": min(loaded, loaded_again),
        "json_loads": plain,
        "report": reported,
    }


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Peak RSS and times of the two 1M-segment cases (100k quick)."""
    if sys.platform == "win32":  # pragma: no cover - resource is POSIX
        return []
    n = 100_000 if quick else 1_000_000
    sources = 200 if quick else 2_000
    f = built_through_api(n, sources)
    size = (
        f"{f['segments']:,} segments, {f['events']:,} events, {f['size'] / 1e6:.0f} MB "
        f"({f['size'] / f['segments']:.0f} B/segment); built in {f['built']:.0f} s "
        f"(peak {f['build_peak'] / _GIB:.2f} GiB), saved in {f['saved']:.1f} s, "
        f"report {f['report']:.2f} s"
    )
    results = [
        Result(
            "memory: built through Project.code, load in a fresh process",
            size,
            f["loaded"],
            f"json.loads of the same bytes; peak RSS {f['load_peak'] / _GIB:.2f} GiB "
            f"({f['load_peak'] / f['segments']:.0f} B/segment, "
            f"{f['load_peak'] / f['events']:.0f} B/event)",
            f["json_loads"],
            "<= 1 GiB RSS",
            f["load_peak"] <= _GIB,
        )
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.gtg.json"
        start = time.perf_counter()
        write_large_file(path, segments=n, sources=max(200, n // 500))
        written = time.perf_counter() - start
        file_size = path.stat().st_size
        peak, loaded, segments = in_fresh_process(_SYNTHETIC, str(path))
    results.append(
        Result(
            "memory: synthetic file (no history): load, saturation report, save",
            f"{segments:,} segments, {file_size / 1e6:.0f} MB file (written in {written:.0f} s)",
            loaded,
            f"peak RSS {peak / _GIB:.2f} GiB, {peak / segments:.0f} B/segment "
            "(figure: load time)",
            None,
            "<= 1 GiB RSS",
            peak <= _GIB,
        )
    )
    return results
