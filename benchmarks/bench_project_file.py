"""Loading and saving the project file, next to json.loads / json.dumps of the same data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import Result, side_by_side
from synthetic import make_project

import gtgraph

_LOAD = """
import gc, json, statistics, sys, time
from gtgraph.readwrite import loads
data = open(sys.argv[1], "rb").read()
ours, theirs = [], []
for _ in range(int(sys.argv[2])):
    for call, times in ((lambda: json.loads(data), theirs), (lambda: loads(data), ours)):
        gc.collect()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
print(json.dumps([statistics.median(ours), statistics.median(theirs)]))
"""


def _load_in_fresh_process(path: Path, repeat: int = 5) -> tuple[float, float]:
    """Time loads and json.loads alternately in a new process, as when a file is opened.

    In this process the synthetic project and its history are alive, which
    changes how often Python's cycle collector runs during json.loads; a fresh
    interpreter is what a researcher opening a project has.
    """
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _LOAD, str(path), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    ours, theirs = json.loads(done.stdout)
    return ours, theirs


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time load and save of a project with 100k segments (10k with *quick*)."""
    n = 10_000 if quick else 100_000
    project = make_project(
        segments=n,
        sources=200 if not quick else 50,
        codes=5_000 if not quick else 1_000,
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gtg.json"
        gtgraph.save(project, path)
        data = path.read_bytes()
        size = f"{n:,} segments, {len(data) / 1e6:.0f} MB"
        ours, ref = _load_in_fresh_process(path)
        results.append(
            Result(
                "load project file",
                size,
                ours,
                "json.loads of the same bytes (fresh process)",
                ref,
                "<= 2.0 x",
                ours <= 2.0 * ref,
            )
        )
        doc = json.loads(data)
        other = Path(folder) / "reference.json"

        def reference() -> None:
            # json.dumps of the same data, written the same durable way
            with other.open("wb") as handle:
                handle.write(json.dumps(doc, ensure_ascii=False).encode())
                handle.flush()
                os.fsync(handle.fileno())

        ours, ref = side_by_side(lambda: gtgraph.save(project, path), reference)
        results.append(
            Result(
                "save project file",
                size,
                ours,
                "json.dumps of the same data (+ write, fsync)",
                ref,
                "<= 2.0 x",
                ours <= 2.0 * ref,
            )
        )
    return results
