"""Saving files safely: atomic replacement, a backup, a lock, and change detection.

A project file is years of work, so every writer of gtgraph goes through
:func:`safe_write`:

1. **A lock.**  An advisory lock on ``.<name>.lock`` beside the file (``fcntl``
   ``flock`` on POSIX; elsewhere a lock file created exclusively) makes a second
   process that saves the same file wait, up to a timeout, and then raise
   :class:`FileLockedError` naming the process that holds it.
2. **Change detection.**  Reading or writing a file records its
   :class:`FileStamp` (size, modification time and a CRC-32 of the bytes).
   A save over a file whose size or content no longer matches raises
   :class:`FileChangedError` unless ``force=True``.  The content is compared,
   not the time: a file rewritten with the same bytes is not a change, and a
   change that keeps the size and the time is still one.
3. **Atomic replacement.**  The bytes go to a temporary file in the same folder,
   which is flushed and synced, then renamed over the target: at every instant
   the target holds either the old bytes or the new ones.
4. **A backup.**  Before the rename, the previous version is kept as
   ``<name>.bak`` (a hard link where the file system allows, else a copy), itself
   put in place by a rename.

Temporary files left by a process that was killed mid-save are removed by the
next save of the same file (under the lock, so never one still in use).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import socket
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from gtgraph.errors import FileChangedError, FileLockedError, GtGraphError

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

__all__ = [
    "BACKUP_SUFFIX",
    "FileChangedError",
    "FileLockedError",
    "FileStamp",
    "atomic_write",
    "file_lock",
    "lock_path",
    "read_stamped",
    "safe_write",
]

#: The suffix of the backup of the previous version: ``study.gtg.json.bak``.
BACKUP_SUFFIX = ".bak"
_CHUNK = 1 << 20
#: Use ``flock`` where the platform has it; tests switch to the fallback.
use_flock = _fcntl is not None


@attrs.frozen
class FileStamp:
    """What identifies one version of a file on disk.

    Attributes
    ----------
    size : int
        Its size in bytes.
    mtime_ns : int
        Its modification time, in nanoseconds since the epoch.
    crc : int
        The CRC-32 of its bytes.
    """

    size: int
    mtime_ns: int
    crc: int


def _stamp(stat: os.stat_result, data: bytes) -> FileStamp:
    return FileStamp(stat.st_size, stat.st_mtime_ns, zlib.crc32(data))


def resolve(path: str | os.PathLike[str]) -> Path:
    """Return the file a path names, following symbolic links.

    Saving through a link writes the file it points to, so the link keeps working.
    """
    return Path(os.path.realpath(path))


def read_stamped(path: Path) -> tuple[bytes, FileStamp]:
    """Read a whole file and return its bytes with their stamp.

    Raises
    ------
    OSError
        As :func:`open` does.
    """
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        data = handle.read()
    return data, _stamp(stat, data)


# ------------------------------------------------------------------------ locking


def lock_path(target: Path) -> Path:
    """Return the lock file of *target*: ``.<name>.lock`` in the same folder."""
    return target.with_name(f".{target.name}.lock")


def _holder(lock: Path) -> str:
    try:
        info = lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        info = ""
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
    >>> from gtgraph.readwrite._files import file_lock, lock_path
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


def _acquire_flock(lock: Path, target: Path) -> int | None:
    assert _fcntl is not None  # noqa: S101 - only chosen where fcntl exists
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise GtGraphError(
                f"cannot save {target}: cannot create the lock file {lock} "
                f"({error.strerror})"
            ) from None
        try:
            _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return None
            raise GtGraphError(
                f"cannot save {target}: cannot lock {lock} ({error.strerror})"
            ) from None
        try:
            same = os.fstat(fd).st_ino == lock.stat().st_ino
        except OSError:
            same = False
        if same:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, _about_me())
            return fd
        # The holder we waited for removed the file as it let go: start again.
        os.close(fd)
    return None


def _exists(path: Path) -> bool:
    try:
        path.stat()
    except OSError:
        return False
    return True


def _acquire_exclusive(lock: Path, target: Path) -> int | None:
    # Without flock: whoever creates the lock file holds the lock.  A process that
    # is killed leaves it behind; the timeout message says to delete it.
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return None
    except OSError as error:
        raise GtGraphError(
            f"cannot save {target}: cannot create the lock file {lock} ({error.strerror})"
        ) from None
    with contextlib.suppress(OSError):
        os.write(fd, _about_me())
    return fd


# ------------------------------------------------------------------------ writing


def _temp_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp\Z")


def _new_temp(folder: Path, target: Path) -> tuple[int, Path]:
    """Create a new empty temporary file beside *target*; the umask applies."""
    for _ in range(100):  # pragma: no branch - a clash of 32 random bits is rare
        tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:  # pragma: no cover - see above
            continue
    raise FileExistsError(
        errno.EEXIST, "cannot create a temporary file"
    )  # pragma: no cover


def remove_stale_temps(target: Path) -> None:
    """Remove temporary files of *target* left by a save that was killed.

    Call only while holding the lock of *target*: no other save of it is running.
    """
    pattern = _temp_pattern(target)
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.match(entry.name):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    # Makes renames durable; not every platform can open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _backup(target: Path, folder: Path) -> None:
    """Keep the current *target* as ``<name>.bak``, replaced by a rename."""
    backup = target.with_name(target.name + BACKUP_SUFFIX)
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        try:
            os.link(target, tmp)
        except FileExistsError:  # pragma: no cover - a clash of 32 random bits
            raise
        except OSError:  # no hard links here (FAT, some network shares): copy
            _copy(target, tmp)
        tmp.replace(backup)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _copy(source: Path, tmp: Path) -> None:
    out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with source.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                _write_all(out, chunk)
        os.fsync(out)
    finally:
        os.close(out)


def _check_unchanged(target: Path, stamp: FileStamp | None) -> None:
    if stamp is None:
        return
    try:
        size = target.stat().st_size
    except FileNotFoundError:
        return  # moved or deleted since: writing it again loses nothing
    now: FileStamp | None = None
    if size == stamp.size:
        try:
            now = read_stamped(target)[1]
        except OSError:
            now = None
        if now is not None and now.crc == stamp.crc:
            return  # the same content (perhaps rewritten: a copy, a checkout)
    when = ""
    with contextlib.suppress(OSError):
        mtime = dt.datetime.fromtimestamp(target.stat().st_mtime).astimezone()
        when = f" at {mtime:%Y-%m-%d %H:%M:%S}"
    raise FileChangedError(
        f"{target} has changed on disk{when}, since this project was loaded from "
        "it or saved to it (another program or another gtgraph session wrote it); "
        "saving now would overwrite those changes. Load the file again and redo "
        "your changes, save to another file, or pass force=True to overwrite it "
        f"(the version on disk is then kept as {target.name}{BACKUP_SUFFIX})"
    )


def safe_write(
    target: Path,
    data: bytes | Iterable[bytes],
    *,
    expected: FileStamp | None = None,
    force: bool = False,
    backup: bool = True,
    lock_timeout: float = 10.0,
) -> FileStamp:
    """Replace *target* with *data*: locked, checked, atomic, with a backup.

    Parameters
    ----------
    target : Path
        The file to write (symbolic links already resolved).
    data : bytes or iterable of bytes
        Its new content, whole or in pieces (written as they come, so that a
        large file never sits in memory whole; if producing a piece fails, the
        target is left as it was).
    expected : FileStamp or None
        The stamp of *target* when it was last read or written by the caller;
        when given (and *force* is false) the save is refused if the file has
        changed since.
    force : bool
        Overwrite even if the file changed on disk.
    backup : bool
        Keep the previous version as ``<name>.bak``.
    lock_timeout : float
        Seconds to wait for another process saving the same file.

    Returns
    -------
    FileStamp
        The stamp of the file written.

    Raises
    ------
    FileLockedError
        If another process held the lock for longer than *lock_timeout*.
    FileChangedError
        If the file changed on disk since *expected* was taken.
    GtGraphError
        If the folder does not exist or cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gtgraph.readwrite._files import safe_write
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> first = safe_write(target, b"one")
    >>> second = safe_write(target, b"two", expected=first)
    >>> target.read_bytes(), target.with_name("notes.txt.bak").read_bytes()
    (b'two', b'one')
    >>> safe_write(target, b"three", expected=first)
    Traceback (most recent call last):
    ...
    gtgraph.errors.FileChangedError: .../notes.txt has changed on disk ...
    """
    folder = target.parent
    if not folder.is_dir():
        raise GtGraphError(
            f"cannot save to {target}: the folder {folder} does not exist"
        )
    if target.is_dir():
        raise GtGraphError(f"cannot save to {target}: it is a folder")
    with file_lock(target, timeout=lock_timeout):
        if not force:
            _check_unchanged(target, expected)
        remove_stale_temps(target)
        try:
            return _replace(target, folder, data, backup=backup)
        except OSError as error:
            raise GtGraphError(
                f"cannot save to {target}: {error.strerror or error}"
            ) from None


def _replace(
    target: Path, folder: Path, data: bytes | Iterable[bytes], *, backup: bool
) -> FileStamp:
    fd, tmp = _new_temp(folder, target)
    crc = 0
    try:
        try:
            with contextlib.suppress(OSError):  # keep the old file's permissions
                tmp.chmod(target.stat().st_mode & 0o7777)
            for piece in [data] if isinstance(data, (bytes, bytearray)) else data:
                _write_all(fd, piece)
                crc = zlib.crc32(piece, crc)
            os.fsync(fd)
            stat = os.fstat(fd)
        finally:
            os.close(fd)
        if backup and _exists(target):
            _backup(target, folder)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_folder(folder)
    return FileStamp(stat.st_size, stat.st_mtime_ns, crc)


def atomic_write(target: Path, data: bytes) -> None:
    """Write *data* to *target* atomically (locked; temporary file, fsync, rename).

    For exports (codebooks, tables, diagrams' sources): :func:`safe_write` without
    the ``.bak`` copy or the check that the file is unchanged since it was read.
    """
    safe_write(resolve(target), data, backup=False)


def remember(project: Any, target: Path, stamp: FileStamp) -> None:
    """Record on *project* that *target* was read or written with *stamp*."""
    stamps = getattr(project, "_loaded_from", None)
    if not isinstance(stamps, dict):
        stamps = {}
        project._loaded_from = stamps  # noqa: SLF001 - reserved for the file layer
    stamps[str(target)] = stamp


def stamp_for(project: Any, target: Path) -> FileStamp | None:
    """Return the stamp recorded on *project* for *target*, if any."""
    stamps = getattr(project, "_loaded_from", None)
    if isinstance(stamps, dict):
        stamp = stamps.get(str(target))
        if isinstance(stamp, FileStamp):
            return stamp
    return None
