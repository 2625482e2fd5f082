"""Loading and saving the project file, next to json.loads / json.dumps of the same data."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from _harness import Result, side_by_side
from synthetic import make_project

import gtgraph
from gtgraph.readwrite import loads


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
        ours, ref = side_by_side(lambda: loads(data), lambda: json.loads(data))
        results.append(
            Result(
                "load project file",
                size,
                ours,
                "json.loads of the same bytes",
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
