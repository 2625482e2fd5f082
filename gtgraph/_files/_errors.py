"""What gtgraph's writer tells a user when the operating system refuses a write.

Also the flags with which the writer creates its lock and temporary files: never
following a symbolic link at a name gtgraph chose (``O_NOFOLLOW``), never
opening an existing file as a new one (``O_EXCL``).
"""

from __future__ import annotations

import errno
import os

from gtgraph.errors import FileWriteError

__all__ = ["write_error"]

# Never follow a link at a name gtgraph creates; close on exec; never block on a FIFO.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
# What open() reports for a link where O_NOFOLLOW was asked (Linux, macOS; BSD).
_LINK_ERRNOS = {errno.ELOOP, getattr(errno, "EMLINK", errno.ELOOP)}

_ADVICE = {
    errno.ENOENT: "the folder does not exist; create it first or choose another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EROFS: "the file system is read-only; save to another place",
    errno.ENOSPC: "the disk is full; free some space and save again",
    getattr(
        errno, "EDQUOT", errno.ENOSPC
    ): "the disk quota is used up; free some space and save again",
    errno.EFBIG: "the file is too large for this file system; save to another place",
    errno.EISDIR: "it is a folder; choose a file name",
    errno.ELOOP: "it is a symbolic link that loops or is refused here; remove the link "
    "or pass the file it should name",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "the operation is not permitted; choose a folder you can write to",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
    errno.EMFILE: "too many files are open; close some programs and save again",
}


def write_error(target: str | os.PathLike[str], error: OSError) -> FileWriteError:
    """Return the :class:`FileWriteError` for an operating-system error while writing.

    The message names *target*, the system's reason and what to do.

    Examples
    --------
    >>> import errno
    >>> from gtgraph._files import write_error
    >>> print(write_error("out/a.svg", OSError(errno.ENOSPC, "No space left on device")))
    cannot write out/a.svg: No space left on device (the disk is full; free some space and save again); nothing was changed
    """
    reason = error.strerror or str(error) or type(error).__name__
    advice = _ADVICE.get(error.errno or 0)
    tail = f" ({advice})" if advice else ""
    written = FileWriteError(
        f"cannot write {target}: {reason}{tail}; nothing was changed"
    )
    written.errno = error.errno
    return written
