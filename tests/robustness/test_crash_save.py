"""Crash-safe saving: a save killed at any moment leaves the old file or the new one."""

from __future__ import annotations

import functools
import importlib.util
import os
import random
import sys
from pathlib import Path

import pytest
from crashing import Writer, can_fork, crash_at_every_step, kill_while_saving

import gtgraph
from gtgraph import readwrite

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and SIGKILL")

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
#: Kills per writer: 50 in the ordinary run (20 for the slower REFI-QDA writer),
#: 1,000 in the long one, or as set in GTGRAPH_KILLS.
KILLS = int(os.environ.get("GTGRAPH_KILLS") or (1000 if LONG else 50))
FEWER = {"qdpx": 0.4}
#: Segments in the projects saved while being killed (the REFI-QDA writer, which
#: builds and checks XML, is slower: it gets smaller projects).
SEGMENTS = int(os.environ.get("GTGRAPH_KILL_SEGMENTS") or (20_000 if LONG else 2_000))
SCALE = {"native": 1.0, "qdpx": 0.1}


def _writers() -> list[Writer]:
    writers = [
        Writer("native", gtgraph.save, gtgraph.load, ".gtg.json"),
    ]
    writers.append(
        Writer(
            "qdpx",
            readwrite.write_qdpx,
            readwrite.read_qdpx,
            ".qdpx",
            backup=True,
            cleans_up=True,
        )
    )
    return writers


WRITERS = _writers()


@functools.cache
def _synthetic():
    root = Path(readwrite.__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "synthetic", root / "benchmarks" / "synthetic.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def old_and_new(segments: int) -> tuple[gtgraph.Project, gtgraph.Project]:
    make = _synthetic().make_project
    sources = max(5, segments // 200)
    codes = max(20, segments // 20)
    old = make(segments=segments, sources=sources, codes=codes, seed=1)
    new = make(segments=segments + segments // 10, sources=sources, codes=codes, seed=2)
    return old, new


def _say(capsys, text: str) -> None:
    with capsys.disabled():
        sys.stdout.write(f"\n{text}\n")


@pytest.mark.slow
@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_killed_saves_leave_old_or_new(writer, tmp_path, capsys):
    """SIGKILL at random moments of a save: the file is the old or the new project, the backup the old."""
    segments = int(SEGMENTS * SCALE.get(writer.name, 1.0))
    old, new = old_and_new(segments)
    kills = KILLS
    if not LONG and "GTGRAPH_KILLS" not in os.environ:
        kills = int(KILLS * FEWER.get(writer.name, 1.0))
    report = kill_while_saving(
        writer,
        old,
        new,
        tmp_path,
        kills=kills,
        rng=random.Random(kills),  # noqa: S311 - reproducible delays
    )
    _say(capsys, f"{writer.name}, {segments} segments: {report}")
    assert report.killed == kills
    assert report.outcomes["old"] >= 1
    assert set(report.outcomes) <= {"old", "new"}


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.name)
def test_crash_before_every_disk_call(writer, tmp_path, capsys):
    """A crash before each disk call of a save in turn: old until the rename, new after; backup old."""
    old, new = old_and_new(200)
    report = crash_at_every_step(writer, old, new, tmp_path)
    _say(capsys, f"{writer.name}, every step: {report}")
    files = [outcome for outcome, _ in report.sequence]
    switch = files.index("new")
    assert switch > 0
    assert files == ["old"] * switch + ["new"] * (len(files) - switch)
    if writer.backup:
        backups = [backup for _, backup in report.sequence]
        made = backups.index("old")
        assert made < switch  # the backup exists before the file is replaced
        assert backups == ["none"] * made + ["old"] * (len(backups) - made)
