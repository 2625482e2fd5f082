"""The one writer of gtgraph, as seen from the file formats.

Every format writer saves through :func:`safe_write` or :func:`atomic_write`;
they live in :mod:`gtgraph._files`, below every layer, so that drawing and the
report write files the same way as the readers and writers here.
"""

from __future__ import annotations

from gtgraph._files import (
    BACKUP_SUFFIX,
    FileChangedError,
    FileLockedError,
    FileStamp,
    FileWriteError,
    atomic_write,
    file_lock,
    lock_path,
    read_stamped,
    remember,
    resolve,
    safe_write,
    stamp_for,
    write_error,
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
    "resolve",
    "safe_write",
    "stamp_for",
    "write_error",
]
