"""Reading a REFI-QDA project (.qdpx), next to parsing the same XML with the parser alone."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from _harness import Result, side_by_side
from defusedxml import ElementTree
from synthetic import make_project

from gtgraph.readwrite import read_qdpx, write_qdpx


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time read_qdpx on about 100k codings in 200 sources (10k with *quick*)."""
    n = 6_000 if quick else 60_000  # ~1.6 codings per segment: about 100k codings
    project = make_project(
        segments=n,
        sources=50 if quick else 200,
        codes=500 if quick else 2_000,
        words=(2_000, 5_000),
    )
    codings = len(project.codings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.qdpx"
        write_qdpx(project, path)

        def parser_alone() -> None:
            # what any reader must do at least: open the archive, parse project.qde
            with zipfile.ZipFile(path) as archive:
                ElementTree.fromstring(archive.read("project.qde"))

        ours, ref = side_by_side(lambda: read_qdpx(path), parser_alone, repeat=3)
    size = f"{codings:,} codings, {len(project.sources)} sources"
    return [
        Result(
            "read_qdpx",
            size,
            ours,
            "unzip + parse project.qde (defusedxml)",
            ref,
            "<= 3 x",
            ours <= 3 * ref,
        )
    ]
