"""The save lock: one process at a time writes a file, never through a planted link.

An advisory lock on ``.<name>.lock`` beside the file (``fcntl`` ``flock`` on
POSIX; elsewhere a lock file created exclusively) makes a second process that
saves the same file wait, up to a timeout, and then raise
:class:`~gtgraph.FileLockedError` naming the process that holds it.  The lock file
is opened with ``O_NOFOLLOW`` and must be a regular file: a symbolic link (or a
FIFO, a folder) planted at its name is refused with a
:class:`~gtgraph.FileWriteError` that says to delete it, and its target is never
written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import socket
import stat as _stat
import time
from collections.abc import Iterator
from pathlib import Path

from gtgraph._files._errors import (
    _CLOEXEC,
    _LINK_ERRNOS,
    _NOFOLLOW,
    _NONBLOCK,
    write_error,
)
from gtgraph.errors import FileLockedError, FileWriteError

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

__all__ = ["file_lock", "lock_path"]

#: Use ``flock`` where the platform has it; tests switch to the fallback.
use_flock = _fcntl is not None


def lock_path(target: Path) -> Path:
    """Return the lock file of *target*: ``.<name>.lock`` in the same folder."""
    return target.with_name(f".{target.name}.lock")


def _holder(lock: Path) -> str:
    try:
        fd = os.open(lock, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    except OSError:
        return ""
    try:
        info = os.read(fd, 1000).decode("utf-8", "replace").strip()
    except OSError:
        info = ""
    finally:
        os.close(fd)
    return f" ({info})" if info else ""


def _about_me() -> bytes:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"process {os.getpid()} on {socket.gethostname()}, since {now}".encode()


@contextlib.contextmanager
def file_lock(target: Path, *, timeout: float) -> Iterator[None]:
    """Hold the advisory save lock of *target* for the duration of the block.

    Waits up to *timeout* seconds for another holder to let go.

    Raises
    ------
    FileLockedError
        If the lock is still held after *timeout* seconds.
    GtGraphError
        If the lock file cannot be created (the folder is not writable).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gtgraph._files._lock import file_lock, lock_path
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "study.gtg.json"
    >>> with file_lock(target, timeout=1):
    ...     lock_path(target).exists()
    True
    >>> lock_path(target).exists()
    False
    """
    lock = lock_path(target)
    deadline = time.monotonic() + max(timeout, 0.0)
    acquire = _acquire_flock if use_flock else _acquire_exclusive
    delay = 0.005
    while True:
        fd = acquire(lock, target)
        if fd is not None:
            break
        if time.monotonic() >= deadline:
            # With flock a lock dies with its process, so a held lock is a live one;
            # a lock file made exclusively outlives a process that was killed.
            stale = (
                ""
                if use_flock
                else f" If no gtgraph program is running, delete the lock file {lock}"
            )
            raise FileLockedError(
                f"{target} is being saved by another process{_holder(lock)}; "
                f"it did not finish within {timeout:g} s. Save again when it has "
                f"finished (or pass a longer lock_timeout).{stale}"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    try:
        yield
    finally:
        # Unlink while still holding the lock: a process waiting on this inode
        # then sees that the path names another file (or none) and tries again.
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)


def _open_lock(lock: Path, target: Path) -> int | None:
    """Open the lock file, never through a link; None when it vanished meanwhile."""
    flags = os.O_RDWR | _NOFOLLOW | _CLOEXEC | _NONBLOCK
    try:
        try:
            fd = os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            fd = os.open(lock, flags)
    except FileNotFoundError:
        return None  # the holder removed it as it let go: try again
    except OSError as error:
        if error.errno in _LINK_ERRNOS:
            raise _planted(lock, target) from None
        raise _lock_error(lock, target, error) from None
    try:
        info = os.fstat(fd)
    except OSError as error:  # pragma: no cover - fstat of an open file
        os.close(fd)
        raise _lock_error(lock, target, error) from None
    if not _stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _planted(lock, target)
    return fd


def _planted(lock: Path, target: Path) -> FileWriteError:
    return FileWriteError(
        f"cannot write {target}: its lock file {lock} is a symbolic link or not a "
        "regular file, which gtgraph never writes through (it may have come with a "
        "copied or cloned folder); delete it and save again; nothing was changed"
    )


def _lock_error(lock: Path, target: Path, error: OSError) -> FileWriteError:
    written = write_error(target, error)
    written.args = (f"{written} (creating its lock file {lock})",)
    return written


def _note_holder(fd: int) -> None:
    """Write who holds the lock into the lock file (only a private regular file)."""
    with contextlib.suppress(OSError):
        if os.fstat(fd).st_nlink == 1:
            os.ftruncate(fd, 0)
            os.write(fd, _about_me())


def _acquire_flock(lock: Path, target: Path) -> int | None:
    assert _fcntl is not None  # noqa: S101 - only chosen where fcntl exists
    for _ in range(3):
        fd = _open_lock(lock, target)
        if fd is None:
            continue
        try:
            _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return None
            raise _lock_error(lock, target, error) from None
        try:
            same = os.fstat(fd).st_ino == os.lstat(lock).st_ino
        except OSError:
            same = False
        if same:
            _note_holder(fd)
            return fd
        # The holder we waited for removed the file as it let go: start again.
        os.close(fd)
    return None


def _acquire_exclusive(lock: Path, target: Path) -> int | None:
    # Without flock: whoever creates the lock file holds the lock.  A process that
    # is killed leaves it behind; the timeout message says to delete it.
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
    except FileExistsError:
        if lock.is_symlink():
            raise _planted(lock, target) from None
        return None
    except OSError as error:
        raise _lock_error(lock, target, error) from None
    _note_holder(fd)
    return fd
