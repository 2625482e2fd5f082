"""REFI-QDA projects (.qdpx): reading and writing, next to the XML work alone.

Reading is compared with opening the archive and parsing ``project.qde`` with
the same parser (defusedxml's expat) and nothing else; writing with serialising
the same element tree (ElementTree's C serialiser) and zipping it with the
same sources at the same compression.  Both sides run alternately in one
process, so the ratio does not depend on the machine's speed.
"""

from __future__ import annotations

import tempfile
import warnings
import zipfile
from pathlib import Path

from _harness import Result, side_by_side
from defusedxml import ElementTree
from synthetic import make_project

from gtgraph.readwrite import read_qdpx, write_qdpx
from gtgraph.readwrite.refi import zip_bytes

#: The targets: at most this many times the XML work alone.
READ_TARGET = 1.5
WRITE_TARGET = 1.5


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time read_qdpx and write_qdpx on about 100k codings (10k with *quick*)."""
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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            write_qdpx(project, path)
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        tree = ElementTree.fromstring(members["project.qde"])

        def parser_alone() -> None:
            # what any reader must do at least: open the archive, parse project.qde
            with zipfile.ZipFile(path) as archive:
                ElementTree.fromstring(archive.read("project.qde"))

        def serialiser_alone() -> None:
            # what any writer must do at least: serialise the tree, zip the members
            qde = ElementTree.tostring(tree, encoding="utf-8")
            zip_bytes({**members, "project.qde": qde})

        read, parse = side_by_side(lambda: read_qdpx(path), parser_alone, repeat=3)
        out = Path(folder) / "out.qdpx"
        write, serialise = side_by_side(
            lambda: write_qdpx(project, out), serialiser_alone, repeat=3
        )
    size = f"{codings:,} codings, {len(project.sources)} sources"
    return [
        Result(
            "read_qdpx",
            size,
            read,
            "unzip + parse project.qde (defusedxml)",
            parse,
            f"<= {READ_TARGET} x",
            read <= READ_TARGET * parse,
        ),
        Result(
            "write_qdpx",
            size,
            write,
            "serialise the same tree (ElementTree) + zip",
            serialise,
            f"<= {WRITE_TARGET} x",
            write <= WRITE_TARGET * serialise,
        ),
    ]
