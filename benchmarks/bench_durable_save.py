"""Saving through the one safe writer costs little over the plainest durable write.

``gtgraph.save`` takes a lock (created with ``O_EXCL | O_NOFOLLOW``), streams the
file to a temporary file, syncs it, keeps the previous version as ``.bak`` and
renames.  The reference writes the same bytes the plainest durable way:
``json.dumps``, write, ``fsync``, rename.  Both run side by side in one process.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from _harness import Result, side_by_side
from synthetic import make_project

import gtgraph

TARGET = 1.2


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Save a project of 100k segments (10k with *quick*) against a durable json.dumps."""
    n = 10_000 if quick else 100_000
    project = make_project(
        segments=n,
        sources=200 if not quick else 50,
        codes=5_000 if not quick else 1_000,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gtg.json"
        gtgraph.save(project, path)
        data = path.read_bytes()
        doc = json.loads(data)
        other = Path(folder) / "reference.json"
        temporary = Path(folder) / ".reference.json.tmp"

        def reference() -> None:
            # The same data, written durably: dumps, write, fsync, rename.
            with temporary.open("wb") as handle:
                handle.write(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(other)

        ours, ref = side_by_side(
            lambda: gtgraph.save(project, path, force=True), reference, repeat=7
        )
    return [
        Result(
            "save through the one writer",
            f"{n:,} segments, {len(data) / 1e6:.0f} MB",
            ours,
            "json.dumps + write + fsync + rename of the same data",
            ref,
            f"<= {TARGET} x",
            ours <= TARGET * ref,
        )
    ]
