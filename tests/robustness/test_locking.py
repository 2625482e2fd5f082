"""Concurrent writers: a lock between processes, and no change on disk overwritten silently."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from crashing import can_fork

import gtgraph
from gtgraph._files import _lock as _files
from gtgraph.readwrite import FileChangedError, FileLockedError

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork")
ROOT = Path(__file__).resolve().parents[2]


class Child:
    """A forked process running *run*; it reports one line back through a pipe."""

    def __init__(self, run) -> None:
        self.results, out = os.pipe()
        self.go_read, self.go = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - runs in the child
            status = 0
            try:
                os.close(self.results)
                message = run(lambda: os.read(self.go_read, 1))
            except BaseException as error:  # noqa: BLE001 - reported to the parent
                message = f"{type(error).__name__}: {error}"
                status = 1
            try:
                os.write(out, message.encode() + b"\n")
            finally:
                os._exit(status)
        os.close(out)
        os.close(self.go_read)
        self._buffer = b""

    def line(self) -> str:
        """Wait for the next line the child reports."""
        while b"\n" not in self._buffer:
            chunk = os.read(self.results, 4096)
            if not chunk:
                break
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def release(self) -> None:
        """Let a child waiting in its *wait* callback go on."""
        os.write(self.go, b"g")

    def join(self) -> str:
        rest = self.line()
        _, status = os.waitpid(self.pid, 0)
        os.close(self.results)
        os.close(self.go)
        assert os.WIFEXITED(status)
        return rest


@pytest.fixture(params=["flock", "lock file"])
def lock_kind(request, monkeypatch):
    """Run each test with flock and with the exclusive-lock-file fallback."""
    monkeypatch.setattr(_files, "use_flock", request.param == "flock")
    return request.param


def project(title: str = "study") -> gtgraph.Project:
    p = gtgraph.Project(title=title)
    p.clock = lambda: "2024-05-01T09:00:00Z"  # equal projects, whenever made
    s = p.add_source("P01", text="I felt heard.", participant="P01")
    p.code(s, 0, 12, codes=["feeling heard"])
    return p


def lock_holder(target: Path) -> Child:
    """Fork a child holding the lock of *target* until released; return once it holds it."""

    def run(wait) -> str:
        with _files.file_lock(target, timeout=5):
            os.write(child_out[1], f"{os.getpid()}\n".encode())
            wait()
        return "released"

    child_out = os.pipe()
    child = Child(run)
    os.close(child_out[1])
    assert os.read(child_out[0], 100).strip() == str(child.pid).encode()
    os.close(child_out[0])
    return child


def test_second_process_waits_then_gives_up(tmp_path, lock_kind):
    """While another process saves, a save waits lock_timeout seconds, then names the holder."""
    target = tmp_path / "study.gtg.json"
    holder = lock_holder(target)
    try:
        with pytest.raises(
            FileLockedError, match=rf"process {holder.pid} on .*since"
        ) as info:
            gtgraph.save(project(), target, lock_timeout=0.2)
        assert "being saved by another process" in str(info.value)
        # deleting a live flock's file would let two saves run at once
        assert ("delete the lock file" in str(info.value)) == (lock_kind == "lock file")
        assert not target.exists()
    finally:
        holder.release()
    assert holder.join() == "released"
    gtgraph.save(project(), target, lock_timeout=0.2)
    assert gtgraph.load(target) == project()


def test_second_process_gets_the_lock_when_the_first_lets_go(tmp_path, lock_kind):
    """A save waiting for the lock goes ahead as soon as the holder finishes."""
    target = tmp_path / "study.gtg.json"
    holder = lock_holder(target)

    def saver(wait) -> str:
        gtgraph.save(project("second"), target, lock_timeout=30)
        return "saved"

    second = Child(saver)
    time.sleep(0.1)  # let it start waiting (no timing is asserted)
    assert not target.exists()
    holder.release()
    assert holder.join() == "released"
    assert second.join() == "saved"
    assert gtgraph.load(target).title == "second"


def test_lock_in_the_same_process(tmp_path, lock_kind):
    """Two saves of one file from one process (threads, two projects) take turns too."""
    target = tmp_path / "study.gtg.json"
    with _files.file_lock(target, timeout=1), pytest.raises(FileLockedError):
        gtgraph.save(project(), target, lock_timeout=0)
    gtgraph.save(project(), target, lock_timeout=0)


def test_separate_interpreter_holds_the_lock(tmp_path):
    """A lock held by another Python program (not a fork) is respected."""
    target = tmp_path / "study.gtg.json"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from gtgraph import _files
        with _files.file_lock(Path({str(target)!r}), timeout=5):
            print("locked", flush=True)
            sys.stdin.read()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    ) as other:
        assert other.stdout.readline().strip() == "locked"
        with pytest.raises(FileLockedError, match=f"process {other.pid} "):
            gtgraph.save(project(), target, lock_timeout=0.1)
        other.stdin.close()
        assert other.wait(timeout=30) == 0
    gtgraph.save(project(), target, lock_timeout=0.1)
    assert not _files.lock_path(target).exists()


def test_stale_flock_file_does_not_block(tmp_path):
    """A lock file left by a killed process holds no lock (flock): the next save goes ahead."""
    target = tmp_path / "study.gtg.json"
    _files.lock_path(target).write_text("process 1 on nowhere, since long ago")
    gtgraph.save(project(), target, lock_timeout=0)
    assert not _files.lock_path(target).exists()


def test_stale_lock_file_fallback_says_what_to_do(tmp_path, monkeypatch):
    """Without flock a leftover lock file blocks; the message names it and says to delete it."""
    monkeypatch.setattr(_files, "use_flock", False)
    target = tmp_path / "study.gtg.json"
    lock = _files.lock_path(target)
    lock.write_text("process 4242 on laptop, since 2024-05-01 09:00:00 UTC")
    with pytest.raises(
        FileLockedError, match=r"process 4242 on laptop.*delete the lock file .*\.lock"
    ):
        gtgraph.save(project(), target, lock_timeout=0.05)
    lock.unlink()
    gtgraph.save(project(), target, lock_timeout=0)


def test_change_by_another_process_refused(tmp_path, lock_kind):
    """Two sessions load one file; the second to save is refused, and nothing is lost."""
    target = tmp_path / "study.gtg.json"
    gtgraph.save(project(), target)
    mine = gtgraph.load(target)

    def other_session(wait) -> str:
        theirs = gtgraph.load(target)
        theirs.add_code("theirs")
        theirs.save(target)
        return "saved"

    assert Child(other_session).join() == "saved"
    mine.add_code("mine")
    with pytest.raises(FileChangedError, match=r"study\.gtg\.json has changed on disk"):
        mine.save(target)
    on_disk = gtgraph.load(target)
    assert "theirs" in on_disk.codes and "mine" not in on_disk.codes
    mine.save(target, force=True)
    assert "mine" in gtgraph.load(target).codes
    assert "theirs" in gtgraph.load(tmp_path / "study.gtg.json.bak").codes


def test_simultaneous_saves_one_wins_the_others_are_told(tmp_path, lock_kind):
    """Four processes load, change and save at once: one save lands, three get FileChangedError."""
    target = tmp_path / "study.gtg.json"
    gtgraph.save(project(), target)

    def session(n: int):
        def run(wait) -> str:
            p = gtgraph.load(target)
            p.add_code(f"code of session {n}")
            os.write(ready_w, b"r")
            wait()  # all have loaded; now all save at once
            try:
                p.save(target, lock_timeout=30)
            except FileChangedError:
                return "refused"
            return f"saved {n}"

        return run

    ready_r, ready_w = os.pipe()
    children = [Child(session(n)) for n in range(4)]
    for _ in children:
        assert os.read(ready_r, 1) == b"r"
    for child in children:
        child.release()
    results = sorted(child.join() for child in children)
    os.close(ready_r)
    os.close(ready_w)
    assert results[:3] == ["refused"] * 3
    winner = results[3].removeprefix("saved ")
    codes = gtgraph.load(target).codes.names()
    assert [c for c in codes if c.startswith("code of session")] == [
        f"code of session {winner}"
    ]
