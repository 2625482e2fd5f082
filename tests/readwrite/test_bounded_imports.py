"""Bounded imports: an archive cannot make gtgraph do more work than its content warrants.

The reproducer: a .qdpx of a few hundred kilobytes whose 40 or 80 ``TextSource``
elements all point at one 20 MB member.  Each source used to inflate and decode
the member again (27 s and 887 MB for 40 sources); the archive's total-size limit
was never reached because it counts each member once.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import uuid
import zipfile
from pathlib import Path

import pytest

import gtgraph
from gtgraph.errors import FormatError
from gtgraph.readwrite._safezip import SafeZip, ZipLimits

MB = 2**20


def amplifying_qdpx(path: Path, sources: int, size: int = 20 * MB) -> Path:
    """Write a .qdpx whose *sources* text sources all name one *size*-byte member."""
    rnd = random.Random(1)  # noqa: S311 - test data, not secrets
    # Lines drawn from a small pool compress about 50:1, under the ratio limit.
    pool = [
        "".join(rnd.choice("abcdefghij klmnop") for _ in range(250)) for _ in range(30)
    ]
    text = "\n".join(rnd.choice(pool) for _ in range(size // 251))
    elements = "".join(
        f'<TextSource guid="{uuid.UUID(int=i + 1)}" name="S{i}" '
        'plainTextPath="internal://big.txt"/>'
        for i in range(sources)
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="amp">'
        f"<Sources>{elements}</Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/big.txt", text)
    return path


@pytest.mark.parametrize("sources", [40, 80])
def test_amplifying_archive_refused_quickly_in_bounded_memory(tmp_path, sources):
    """40 / 80 sources on one 20 MB member: a FormatError, under 200 MB peak."""
    path = amplifying_qdpx(tmp_path / f"amp{sources}.qdpx", sources)
    assert path.stat().st_size < 600_000
    # The peak is measured in the child itself: the resident set's high-water mark
    # (VmHWM, which starts afresh at exec, unlike ru_maxrss, which keeps the forked
    # test process's) and the peak of Python's own allocations (tracemalloc).
    script = textwrap.dedent(
        f"""
        import time, tracemalloc
        import gtgraph
        tracemalloc.start()
        start = time.process_time()
        try:
            gtgraph.read_qdpx({str(path)!r})
        except gtgraph.FormatError as error:
            print("refused", error)
        else:
            print("imported")
        cpu = time.process_time() - start
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        rss = 0.0
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        rss = int(line.split()[1]) / 1024
        except OSError:
            pass
        print(f"{{max(rss, traced):.0f}} {{cpu:.2f}}")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    outcome, measures = done.stdout.strip().splitlines()
    peak_mb, cpu_s = (float(x) for x in measures.split())
    assert outcome.startswith("refused")
    assert "big.txt" in outcome
    assert peak_mb <= 200
    # The refusal comes after a handful of reads, not forty: about 2 CPU seconds
    # on a slow machine, where importing took tens of seconds.
    assert cpu_s < 10


def test_each_member_inflated_once(tmp_path, monkeypatch):
    """Reading a member again returns the bytes inflated the first time."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sources/a.txt", "hello " * 100)
    with SafeZip(path) as archive:
        first = archive.read("sources/a.txt")
        calls = []
        original = archive.iter_chunks
        monkeypatch.setattr(
            archive, "iter_chunks", lambda *a, **k: calls.append(a) or original(*a, **k)
        )
        assert archive.read("sources/a.txt") is first
        assert calls == []


def test_work_limit_counts_rereads(tmp_path):
    """Everything handed out, re-reads included, is bounded by the archive's content."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("m.txt", "x" * 1000)
    limits = ZipLimits(work_factor=3, work_floor=0)
    with SafeZip(path, limits=limits) as archive:
        assert archive.work_limit == 3000
        for _ in range(3):
            archive.read("m.txt")
        with pytest.raises(FormatError, match=r"m\.txt.*3000"):
            archive.read("m.txt")


def test_real_projects_stay_within_the_limit(tmp_path):
    """A project written by gtgraph and read back does not come near the limit."""
    p = gtgraph.Project()
    for i in range(5):
        s = p.add_source(f"S{i}", text=f"text {i} " * 2000)
        p.code(s, 0, 4, codes=["c"])
    path = gtgraph.write_qdpx(p, tmp_path / "p.qdpx")
    assert len(gtgraph.read_qdpx(path).sources) == 5
