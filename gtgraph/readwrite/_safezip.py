"""Open zip archives from strangers without trusting them.

A REFI-QDA project (``.qdpx``) is an ordinary zip archive.  Archives from other
people may be broken or hostile: member names that climb out of the target
folder (``../``, absolute paths, backslashes, drive letters), symbolic links,
thousands of members, or a few kilobytes that inflate to gigabytes (a zip
bomb).  :class:`SafeZip` checks every member name when it opens the archive,
bounds the member count, the declared sizes and the compression ratio, and
reads members as a stream with a running byte count, so that a header that
lies about a member's size cannot make it read more than the limit.

**Bounded work.**  Reading an archive can never cost more than the archive's
content warrants, whatever its members point at and however fast the machine:

* each member is inflated at most once (:meth:`SafeZip.read` keeps what it
  inflated), and no member inflates past the size its header declares;
* all members together may inflate to at most ``max_total_size`` bytes;
* everything handed out, re-reads included, may total at most
  ``work_floor + work_factor`` times the archive's declared content, so a small
  archive whose many sources all point at one large member (each source a copy
  of the same text) is refused as soon as the copies exceed that, before they
  fill the memory.

These bounds count bytes, not seconds, so the same archive is accepted or refused
on every machine.

Nothing here ever extracts to disk.  Every problem is a
:class:`~gtgraph.errors.FormatError` that names the archive and the member.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from gtgraph.errors import FormatError

__all__ = ["SafeZip", "ZipLimits", "check_member_name"]

_CHUNK = 1 << 16


class ZipLimits:
    """Bounds applied to an untrusted archive.

    Parameters
    ----------
    max_members : int
        Most members an archive may list.
    max_member_size : int
        Most bytes one member may inflate to (REFI-QDA allows 2**31 - 1).
    max_total_size : int
        Most bytes all members together may inflate to.
    max_ratio : float
        Highest compression ratio accepted for a member larger than
        ``ratio_floor`` bytes.
    ratio_floor : int
        Members smaller than this are not checked for their ratio (tiny,
        repetitive files compress very well and are harmless).
    work_factor : float
        How many times its declared content an archive may hand out in all
        (re-reads of one member included).
    work_floor : int
        Bytes an archive may hand out beyond ``work_factor`` times its content.
    cache_size : int
        Most bytes of inflated members kept for re-reads.
    """

    __slots__ = (
        "cache_size",
        "max_member_size",
        "max_members",
        "max_ratio",
        "max_total_size",
        "ratio_floor",
        "work_factor",
        "work_floor",
    )

    def __init__(
        self,
        *,
        max_members: int = 10_000,
        max_member_size: int = 2**31 - 1,
        max_total_size: int = 4 * 2**30,
        max_ratio: float = 200.0,
        ratio_floor: int = 2**20,
        work_factor: float = 2.0,
        work_floor: int = 16 * 2**20,
        cache_size: int = 512 * 2**20,
    ) -> None:
        self.max_members = max_members
        self.max_member_size = max_member_size
        self.max_total_size = max_total_size
        self.max_ratio = max_ratio
        self.ratio_floor = ratio_floor
        self.work_factor = work_factor
        self.work_floor = work_floor
        self.cache_size = cache_size


def check_member_name(name: str) -> str | None:
    """Return why a member name is unsafe, or None when it is safe.

    Examples
    --------
    >>> from gtgraph.readwrite._safezip import check_member_name
    >>> check_member_name("sources/ABC.txt") is None
    True
    >>> check_member_name("../evil.txt")
    "it climbs out of the archive with '..'"
    >>> check_member_name("/etc/passwd")
    'it is an absolute path'
    """
    if not name:
        return "it is empty"
    if "\x00" in name:
        return "it contains a NUL character"
    if "\\" in name:
        return "it contains a backslash, which some systems read as a folder separator"
    if name.startswith("/"):
        return "it is an absolute path"
    if name[1:2] == ":" and name[0].isalpha():
        return "it starts with a drive letter"
    if any(part == ".." for part in PurePosixPath(name).parts):
        return "it climbs out of the archive with '..'"
    return None


class SafeZip:
    """A read-only view of an untrusted zip archive.

    Parameters
    ----------
    path : str or Path
        The archive.
    limits : ZipLimits, optional
        Bounds to enforce (the defaults suit REFI-QDA projects).

    Raises
    ------
    FormatError
        If the file is not a zip archive, is truncated, or lists a member that is
        unsafe (bad name, symbolic link, encrypted, too large, too compressed), or
        too many members.

    Examples
    --------
    >>> import io, zipfile, tempfile, pathlib
    >>> from gtgraph.readwrite._safezip import SafeZip
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(folder / "a.zip", "w") as z:
    ...     z.writestr("Sources/X.txt", "hello")
    >>> with SafeZip(folder / "a.zip") as archive:
    ...     archive.read("sources/x.TXT")
    b'hello'
    """

    def __init__(
        self,
        path: str | Path | IO[bytes],
        *,
        limits: ZipLimits | None = None,
        label: str | None = None,
    ) -> None:
        if isinstance(path, (str, Path)):
            self.path: Path | None = Path(path)
            self.label = label or self.path.name
        else:
            self.path = None
            self.label = label or "archive"
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError as error:
            raise FormatError(f"{path}: no such file") from error
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,  # an unsupported zip version or compression
        ) as error:
            raise FormatError(
                f"{self.label}: not a readable zip archive ({error}); "
                "the file may be truncated or not a .qdpx at all"
            ) from error
        self._cache: dict[str, bytes] = {}
        self._cached = 0
        self._delivered = 0
        try:
            self._members = self._check_members()
        except BaseException:
            self._zip.close()
            raise
        content = sum(info.file_size for info in self._members.values())
        self.work_limit = self.limits.work_floor + int(
            self.limits.work_factor * content
        )

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        limits = self.limits
        if len(infos) > limits.max_members:
            raise FormatError(
                f"{self.label}: the archive lists {len(infos)} members, more than the "
                f"{limits.max_members} accepted"
            )
        total = 0
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            problem = check_member_name(name)
            if problem is not None:
                raise FormatError(
                    f"{self.label}: member {name!r} is refused because {problem}"
                )
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise FormatError(
                    f"{self.label}: member {name!r} is a symbolic link, which is refused"
                )
            if info.flag_bits & 0x1:
                raise FormatError(
                    f"{self.label}: member {name!r} is encrypted; export the project "
                    "again without a password"
                )
            if info.file_size > limits.max_member_size:
                raise FormatError(
                    f"{self.label}: member {name!r} would inflate to {info.file_size} "
                    f"bytes, more than the {limits.max_member_size} accepted"
                )
            if (
                info.file_size > limits.ratio_floor
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise FormatError(
                    f"{self.label}: member {name!r} inflates {info.compress_size} bytes "
                    f"to {info.file_size} (a ratio over {limits.max_ratio:g}); "
                    "this looks like a zip bomb and is refused"
                )
            total += info.file_size
            if total > limits.max_total_size:
                raise FormatError(
                    f"{self.label}: the members would inflate to more than "
                    f"{limits.max_total_size} bytes in all, which is refused"
                )
            if name.endswith("/"):
                continue  # directory entries carry nothing and are never needed
            key = name.casefold()
            if key in by_name:
                raise FormatError(
                    f"{self.label}: members {by_name[key].filename!r} and {name!r} differ "
                    "only in letter case, so neither can be chosen safely"
                )
            by_name[key] = info
        return by_name

    # -- context manager ---------------------------------------------------------

    def __enter__(self) -> SafeZip:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive (and forget the members kept for re-reads)."""
        self._cache.clear()
        self._zip.close()

    # -- lookup --------------------------------------------------------------------

    def names(self) -> list[str]:
        """Return the names of the file members (directory entries left out)."""
        return [info.filename for info in self._members.values()]

    def find(self, name: str) -> str | None:
        """Return the stored name of member *name*, matched case-insensitively."""
        info = self._members.get(name.casefold())
        return None if info is None else info.filename

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self._members.get(name.casefold())
        if info is None:
            raise FormatError(f"{self.label}: the archive has no member {name!r}")
        return info

    # -- reading -------------------------------------------------------------------

    def iter_chunks(self, name: str, *, limit: int | None = None) -> Iterator[bytes]:
        """Yield the inflated bytes of member *name* in chunks, never more than *limit*.

        The byte count is kept while inflating, so a member whose header
        understates its size is stopped at the limit rather than read to its end.
        """
        info = self._info(name)
        cap = self.limits.max_member_size if limit is None else limit
        seen = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        return
                    seen += len(chunk)
                    if seen > cap:
                        raise FormatError(
                            f"{self.label}: member {info.filename!r} inflates to more "
                            f"than {cap} bytes, which is refused"
                        )
                    yield chunk
        except FormatError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            raise FormatError(
                f"{self.label}: member {info.filename!r} cannot be read ({error}); "
                "the archive may be truncated or damaged"
            ) from error

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """Return the inflated bytes of member *name*, never more than *limit*.

        A member is inflated once: reading it again returns the same bytes.  Every
        read counts against the archive's work limit (see the module's notes).

        Raises
        ------
        FormatError
            If the member is missing, damaged or too large, or the reads of this
            archive together exceed its work limit.
        """
        info = self._info(name)
        data = self._cache.get(info.filename)
        if data is None:
            buffer = io.BytesIO()
            for chunk in self.iter_chunks(name, limit=limit):
                buffer.write(chunk)
            data = buffer.getvalue()
            if self._cached + len(data) <= self.limits.cache_size:
                self._cache[info.filename] = data
                self._cached += len(data)
        elif limit is not None and len(data) > limit:
            raise FormatError(
                f"{self.label}: member {info.filename!r} inflates to more than "
                f"{limit} bytes, which is refused"
            )
        self._delivered += len(data)
        if self._delivered > self.work_limit:
            raise FormatError(
                f"{self.label}: reading member {info.filename!r} again would bring "
                f"what this archive hands out to {self._delivered} bytes, more than "
                f"{self.work_limit} ({self.limits.work_factor:g} times its content "
                f"plus {self.limits.work_floor} bytes); many of its "
                "entries point at the same data, which looks like an attempt to "
                "exhaust memory and is refused"
            )
        return data
