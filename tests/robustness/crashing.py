"""The crash harness shared by every writer: kill a process while it saves, then look.

A :class:`Writer` says how to write a project to a path and how to read the file
back.  :func:`kill_while_saving` forks a child that saves a *new* project over
a file holding an *old* one and kills it with SIGKILL after a random delay,
over and over; after every kill the file must read back as exactly the old or
exactly the new project, and the backup (when the writer keeps one) as the old
one.  :func:`crash_at_every_step` is its deterministic twin: the child dies
just before its first, second, third, ... call that changes the disk (open,
write, fsync, link, rename, unlink, ...), so every point between two system
calls is tried once.

Killing a process leaves what it wrote in the kernel's cache, so these tests
show that a crash of gtgraph (or of the Python process) never leaves a broken
file; a power cut is covered by the order of fsync calls, not by a test.

POSIX only (fork and signals).
"""

from __future__ import annotations

import collections
import contextlib
import functools
import os
import random
import signal
import statistics
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The exit status of a child that "crashed" at a chosen step.
CRASHED = 77


@dataclass(frozen=True)
class Writer:
    """A way of saving a project, under test.

    Attributes
    ----------
    name : str
        A short name (``native``, ``qdpx``).
    write : callable
        ``write(project, path)``.
    read : callable
        ``read(path)`` returns something comparable with ``==``.
    suffix : str
        The file extension.
    backup : bool
        Whether the writer keeps ``<name>.bak``.
    cleans_up : bool
        Whether a save removes temporary files left by a killed one.
    """

    name: str
    write: Callable[[Any, Path], object]
    read: Callable[[Path], Any]
    suffix: str
    backup: bool = True
    cleans_up: bool = True


@dataclass
class Report:
    """What the kills did."""

    attempts: int = 0
    killed: int = 0  # children killed before they finished saving
    finished: int = 0  # children that finished before the kill came
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    backups: collections.Counter[str] = field(default_factory=collections.Counter)
    most_temp_files: int = 0
    save_seconds: float = 0.0
    sequence: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.attempts} attempts: {self.killed} killed mid-save, "
            f"{self.finished} finished first; file held "
            f"{dict(self.outcomes)}; backup {dict(self.backups)}; "
            f"at most {self.most_temp_files} stale temporary file(s); "
            f"a save took {self.save_seconds * 1000:.0f} ms"
        )


class _Files:
    """The old and new versions, as bytes and (read back only when needed) as values."""

    def __init__(self, writer: Writer, old: Any, new: Any, folder: Path) -> None:
        self.writer = writer
        self.path = folder / f"project{writer.suffix}"
        self.backup = self.path.with_name(self.path.name + ".bak")
        self.reference = folder / "reference"
        self.reference.mkdir()
        _quietly(writer.write, new, self.reference / f"new{writer.suffix}")
        _quietly(writer.write, old, self.reference / f"old{writer.suffix}")
        self.new_bytes = (self.reference / f"new{writer.suffix}").read_bytes()
        _quietly(writer.write, old, self.path)
        self.old_bytes = self.path.read_bytes()
        assert self.old_bytes != self.new_bytes, "old and new must differ"

    @functools.cached_property
    def old_value(self) -> Any:
        return self.writer.read(self.reference / f"old{self.writer.suffix}")

    @functools.cached_property
    def new_value(self) -> Any:
        return self.writer.read(self.reference / f"new{self.writer.suffix}")

    def reset(self) -> None:
        """Put the old file back (and no backup), as a finished earlier save would."""
        tmp = self.path.with_name("reset.tmp")
        tmp.write_bytes(self.old_bytes)
        tmp.replace(self.path)
        self.backup.unlink(missing_ok=True)

    def classify(self, path: Path) -> str:
        """Return "old" or "new"; fail if the file is anything else."""
        data = path.read_bytes()
        if data == self.old_bytes:
            return "old"
        if data == self.new_bytes:
            return "new"
        try:
            value = self.writer.read(path)
        except Exception as error:
            msg = f"{path.name} is neither version and does not read: {error!r}"
            raise AssertionError(msg) from error
        if value == self.old_value:
            return "old (other bytes)"
        if value == self.new_value:
            return "new (other bytes)"
        msg = f"{path.name} reads as neither the old nor the new project"
        raise AssertionError(msg)

    def check(self, report: Report) -> None:
        outcome = self.classify(self.path)
        report.outcomes[outcome] += 1
        backup = "none"
        if self.backup.exists():
            backup = self.classify(self.backup)
            assert backup.startswith("old"), f"the backup holds the {backup} project"
        report.backups[backup] += 1
        report.sequence.append((outcome, backup))
        temps = [p for p in self.path.parent.iterdir() if p.name.endswith(".tmp")]
        report.most_temp_files = max(report.most_temp_files, len(temps))


def _quietly(write: Callable[[Any, Path], object], project: Any, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # exporters may warn about what they drop
        write(project, path)


def _child(run: Callable[[], None], ready: int | None = None) -> int:
    """Fork a child that runs *run* then exits 0 (1 on an exception)."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        if ready is not None:
            os.write(ready, b"s")
        run()
        status = 0
    except BaseException:  # noqa: BLE001 - the child reports and exits, whatever happened
        traceback.print_exc()
    finally:
        os._exit(status)


def _wait(pid: int) -> tuple[bool, int]:
    """Wait for a child; return (killed by SIGKILL, exit status)."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status) == signal.SIGKILL, -1
    return False, os.WEXITSTATUS(status)


def _time_saves(files: _Files, new: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        files.reset()
        start = time.perf_counter()
        pid = _child(lambda: _quietly(files.writer.write, new, files.path))
        killed, status = _wait(pid)
        assert not killed and status == 0, f"the writer failed in a child ({status})"
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def kill_while_saving(
    writer: Writer,
    old: Any,
    new: Any,
    folder: Path,
    *,
    kills: int,
    rng: random.Random,
) -> Report:
    """Kill children saving *new* over *old* at random moments, *kills* times; check each time.

    The delay before the kill is uniform between 0 and 1.1 times the time a
    whole save takes (measured first, in a child too), so kills land in every
    phase and a few saves finish.

    Raises
    ------
    AssertionError
        If after a kill the file (or its backup) is neither version.
    """
    files = _Files(writer, old, new, folder)
    report = Report(save_seconds=_time_saves(files, new))
    while report.killed < kills:
        files.reset()
        read_end, write_end = os.pipe()
        pid = _child(lambda: _quietly(writer.write, new, files.path), ready=write_end)
        os.close(write_end)
        os.read(read_end, 1)  # the child is about to save
        os.close(read_end)
        time.sleep(rng.uniform(0, 1.1 * report.save_seconds))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        killed, status = _wait(pid)
        report.attempts += 1
        if killed:
            report.killed += 1
        else:
            assert status == 0, f"the writer failed in a child (exit {status})"
            report.finished += 1
        files.check(report)
    # After all that, an ordinary save works and cleans up.
    files.reset()
    _quietly(writer.write, new, files.path)
    assert files.classify(files.path) == "new"
    if writer.cleans_up:
        left = [p for p in folder.iterdir() if p.name.endswith((".tmp", ".lock"))]
        assert not left, f"left behind: {left}"
    return report


#: The calls through which a writer changes what is on disk.
DISK_CALLS = (
    "open",
    "write",
    "fsync",
    "ftruncate",
    "truncate",
    "link",
    "symlink",
    "rename",
    "replace",
    "unlink",
    "remove",
    "chmod",
    "close",
)


def _die_at(step: int, counter: list[int]) -> None:
    """In a child: make the *step*-th disk call (0-based) exit the process first."""
    for name in DISK_CALLS:
        original = getattr(os, name, None)
        if original is None:
            continue

        def wrapper(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            if counter[0] == step:
                os._exit(CRASHED)
            counter[0] += 1
            return _original(*args, **kwargs)

        setattr(os, name, wrapper)


def crash_at_every_step(writer: Writer, old: Any, new: Any, folder: Path) -> Report:
    """Crash a child before each of its disk calls in turn; check the files every time.

    Returns
    -------
    Report
        ``attempts`` is the number of disk calls a save makes (each one a crash
        point); ``killed`` counts the crashes.
    """
    files = _Files(writer, old, new, folder)
    report = Report()
    step = 0
    while True:
        files.reset()
        counter = [0]

        def run(step: int = step, counter: list[int] = counter) -> None:
            _die_at(step, counter)
            _quietly(writer.write, new, files.path)

        pid = _child(run)
        killed, status = _wait(pid)
        assert not killed
        report.attempts += 1
        if status == 0:  # the save made fewer disk calls than *step*: all tried
            report.finished += 1
            files.check(report)
            break
        assert status == CRASHED, f"the writer failed in a child (exit {status})"
        report.killed += 1
        files.check(report)
        step += 1
    return report


def can_fork() -> bool:
    """Tell whether this platform can run the harness."""
    return hasattr(os, "fork") and sys.platform != "win32"
