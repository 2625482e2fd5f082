"""Writing files safely: atomic replacement, a backup, a lock, and change detection.

A project file is years of work, so every file gtgraph writes (the project, REFI-QDA
archives, codebooks, tables, diagrams and their sources, graph exports, reports) goes
through :func:`safe_write` (or :func:`atomic_write`, the same without the backup):

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

**Links.**  The lock and temporary files are created with ``O_CREAT | O_EXCL |
O_NOFOLLOW``: a symbolic link planted at their names (say, in a cloned repository)
is never followed, so nothing outside the folder is truncated or overwritten; a
planted lock link is refused with an error that says to delete it.  The path a user
passes is theirs: when it is itself a symbolic link, the file it points to is
written (so the link keeps working), unless the caller says the path was derived
rather than given (``follow_links=False``), in which case a link there is refused.
The temporary file is renamed over the target, so the target never becomes a link
and a link's target outside the folder is never written through a derived name.

**Errors.**  Every failure of the operating system (a missing folder, a read-only
file system, a full disk, a folder where the file should be, a link loop, no
permission) is a :class:`~gtgraph.errors.FileWriteError` that names the file and
says what to do; the target is left as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from gtgraph._files._errors import _LINK_ERRNOS, _NEW_FILE, write_error
from gtgraph._files._lock import file_lock, lock_path
from gtgraph.errors import (
    FileChangedError,
    FileLockedError,
    FileWriteError,
)

__all__ = [
    "BACKUP_SUFFIX",
    "FileChangedError",
    "FileLockedError",
    "FileStamp",
    "FileWriteError",
    "atomic_write",
    "file_lock",
    "lock_path",
    "read_stamped",
    "remember",
    "remove_stale_temps",
    "resolve",
    "safe_write",
    "stamp_for",
    "write_error",
]

#: The suffix of the backup of the previous version: ``study.gtg.json.bak``.
BACKUP_SUFFIX = ".bak"
_CHUNK = 1 << 20


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


def resolve(path: str | os.PathLike[str], *, follow_links: bool = True) -> Path:
    """Return the file a path names, following symbolic links the user gave.

    Saving through a link the user passed writes the file it points to, so the
    link keeps working.  With ``follow_links=False`` (a path gtgraph derived, not
    one the user typed) a symbolic link there is refused instead.

    Raises
    ------
    FileWriteError
        If the path is a link that loops, or a link that may not be followed.

    Examples
    --------
    >>> import os, pathlib, tempfile
    >>> from gtgraph._files import resolve
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> os.symlink(folder / "loop", folder / "loop")
    >>> resolve(folder / "loop")
    Traceback (most recent call last):
    ...
    gtgraph.errors.FileWriteError: cannot write .../loop: ... symbolic link ...
    """
    if not follow_links:
        if Path(path).is_symlink():
            raise write_error(
                path,
                OSError(
                    errno.ELOOP,
                    "it is a symbolic link, which gtgraph does not follow for a "
                    "file name it chose itself",
                ),
            )
        return Path(os.path.abspath(path))  # noqa: PTH100 - keep the link itself
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))
    except OSError as error:
        if error.errno in _LINK_ERRNOS:
            raise write_error(
                path, OSError(errno.ELOOP, "it is a symbolic link that loops")
            ) from None
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


# ------------------------------------------------------------------------ writing


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _temp_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp\Z")


def _new_temp(folder: Path, target: Path) -> tuple[int, Path]:
    """Create a new empty temporary file beside *target*; the umask applies."""
    for _ in range(100):  # pragma: no branch - a clash of 32 random bits is rare
        tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, _NEW_FILE, 0o666), tmp
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
    out = os.open(tmp, _NEW_FILE, 0o666)
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
    except OSError as error:
        raise write_error(target, error) from None
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
    FileWriteError
        If the folder does not exist or cannot be written, the disk is full, the
        lock file is a planted link, or the system refuses otherwise.  The target is
        left as it was.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gtgraph._files import safe_write
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
        raise write_error(
            target, OSError(errno.ENOENT, f"the folder {folder} does not exist")
        )
    if target.is_dir():
        raise write_error(target, OSError(errno.EISDIR, "it is a folder"))
    try:
        with file_lock(target, timeout=lock_timeout):
            if not force:
                _check_unchanged(target, expected)
            remove_stale_temps(target)
            return _replace(target, folder, data, backup=backup)
    except OSError as error:
        raise write_error(target, error) from None


def _replace(
    target: Path, folder: Path, data: bytes | Iterable[bytes], *, backup: bool
) -> FileStamp:
    fd, tmp = _new_temp(folder, target)
    crc = 0
    try:
        try:
            with contextlib.suppress(OSError):  # keep the old file's permissions
                os.fchmod(fd, target.stat().st_mode & 0o7777)
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


def atomic_write(
    target: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    follow_links: bool = True,
    lock_timeout: float = 10.0,
) -> Path:
    """Write *data* to *target* atomically (locked; temporary file, fsync, rename).

    For exports (codebooks, tables, diagrams and their sources, graph files,
    reports): :func:`safe_write` without the ``.bak`` copy or the check that the
    file is unchanged since it was read.

    Parameters
    ----------
    target : str or Path
        The file to write.  When it is a symbolic link the user passed, the file
        it points to is written; pass ``follow_links=False`` for a name gtgraph
        made up itself, so that a link there is refused.
    data : bytes or iterable of bytes
        The content, whole or in pieces.
    follow_links : bool
        Follow a symbolic link at *target*.
    lock_timeout : float
        Seconds to wait for another process writing the same file.

    Returns
    -------
    Path
        The file written (links resolved).

    Raises
    ------
    FileWriteError
        If the file cannot be written (the message says why and what to do);
        nothing is changed.
    FileLockedError
        If another process is writing the same file for too long.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gtgraph._files import atomic_write
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "codebook.md"
    >>> atomic_write(out, b"# Codebook").read_bytes()
    b'# Codebook'
    """
    written = resolve(target, follow_links=follow_links)
    safe_write(written, data, backup=False, lock_timeout=lock_timeout)
    return written


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
