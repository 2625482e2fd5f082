"""Write a file so that it is either wholly replaced or left as it was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from gtgraph.errors import FormatError

__all__ = ["atomic_write"]


def atomic_write(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write *data* to *target* through a temporary file in the same folder.

    The temporary file is flushed and synced before it replaces the target, so a
    crash leaves either the old file or the new one, never half of one.

    Raises
    ------
    FormatError
        If the folder does not exist or cannot be written (the message names it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gtgraph.readwrite._atomic import atomic_write
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(path, b"hello").read_bytes()
    b'hello'
    """
    path = Path(target)
    folder = path.parent
    if not folder.is_dir():
        raise FormatError(
            f"{path}: the folder {folder} does not exist; create it first"
        )
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=folder
        )
    except OSError as error:
        raise FormatError(
            f"{path}: cannot write in {folder} ({error.strerror})"
        ) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise FormatError(f"{path}: cannot be written ({error.strerror})") from error
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    return path
