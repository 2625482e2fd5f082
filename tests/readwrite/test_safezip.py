"""Tests for gtgraph.readwrite._safezip: untrusted zip archives."""

from __future__ import annotations

import struct
import zipfile
import zlib

import pytest

from gtgraph.errors import FormatError
from gtgraph.readwrite._safezip import SafeZip, ZipLimits, check_member_name

GIB = 2**30


def _zeros_deflated(total: int) -> tuple[bytes, int]:
    """Return a raw deflate stream of *total* zero bytes and its CRC, cheaply.

    After a full flush the compressor starts afresh, so one compressed MiB of
    zeros can be repeated: the stream is about 1 MB for 1 GiB of output.
    """
    chunk = bytes(2**20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = total // len(chunk)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return block * count + compressor.flush(), crc


def _write_zip(path, members):
    """Write a zip by hand: members are (name, raw deflate data, crc, declared size)."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(members),
        len(members),
        len(central),
        len(out),
        0,
    )
    path.write_bytes(bytes(out + central + end))


def _zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


class TestNames:
    @pytest.mark.parametrize(
        "name",
        [
            "../evil.txt",
            "sources/../../evil.txt",
            "/etc/passwd",
            "C:/Windows/evil.txt",
            "sources\\..\\evil.txt",
            "a\x00b",
            "",
        ],
    )
    def test_unsafe_names_are_named(self, name):
        """Each traversal trick is recognised with a reason."""
        assert check_member_name(name) is not None

    @pytest.mark.parametrize("name", ["project.qde", "Sources/A.txt", "sources/.root"])
    def test_ordinary_names_pass(self, name):
        """Names of real REFI-QDA members are accepted."""
        assert check_member_name(name) is None

    def test_zip_slip_member_refuses_archive(self, tmp_path):
        """An archive with a '..' member is refused as a whole, naming the member."""
        path = _zip(
            tmp_path / "slip.qdpx", {"project.qde": "<x/>", "../../evil.sh": "rm"}
        )
        with pytest.raises(FormatError, match=r"evil\.sh"):
            SafeZip(path)
        assert not (tmp_path.parent / "evil.sh").exists()

    def test_absolute_member_refused(self, tmp_path):
        """An absolute member name is refused."""
        path = _zip(tmp_path / "abs.qdpx", {"/var/evil": "x"})
        with pytest.raises(FormatError, match="absolute"):
            SafeZip(path)

    def test_symlink_member_refused(self, tmp_path):
        """A member stored as a symbolic link is refused."""
        path = tmp_path / "link.qdpx"
        with zipfile.ZipFile(path, "w") as archive:
            info = zipfile.ZipInfo("sources/link.txt")
            info.external_attr = (0o120777 << 16) | 0
            archive.writestr(info, "/etc/passwd")
        with pytest.raises(FormatError, match="symbolic link"):
            SafeZip(path)


class TestBounds:
    def test_too_many_members(self, tmp_path):
        """An archive listing more members than the limit is refused."""
        path = _zip(
            tmp_path / "many.qdpx", {f"sources/{i}.txt": "x" for i in range(12)}
        )
        with pytest.raises(FormatError, match="12 members"):
            SafeZip(path, limits=ZipLimits(max_members=10))

    def test_one_gib_member_refused_by_declared_size(self, tmp_path):
        """A 1 MB member declaring 1 GiB (ratio ~1000) is refused before reading."""
        data, crc = _zeros_deflated(GIB)
        path = tmp_path / "bomb.qdpx"
        _write_zip(path, [("project.qde", data, crc, GIB)])
        assert path.stat().st_size < 2 * 2**20
        with pytest.raises(FormatError, match="zip bomb"):
            SafeZip(path)

    def test_lying_header_stopped_while_streaming(self, tmp_path):
        """A member whose header understates its size is stopped at the limit."""
        data, crc = _zeros_deflated(64 * 2**20)
        path = tmp_path / "liar.qdpx"
        _write_zip(path, [("project.qde", data, crc, 1000)])
        with (
            SafeZip(path, limits=ZipLimits(max_member_size=10 * 2**20)) as archive,
            pytest.raises(FormatError, match=r"project\.qde"),
        ):
            # inflating stops at the declared size, where the checksum fails
            archive.read("project.qde")

    def test_member_over_read_limit(self, tmp_path):
        """Reading with a limit below the member's size raises FormatError."""
        path = _zip(tmp_path / "big.qdpx", {"a.txt": "x" * 5000})
        with (
            SafeZip(path) as archive,
            pytest.raises(FormatError, match="more than 100"),
        ):
            archive.read("a.txt", limit=100)

    def test_total_size_bounded(self, tmp_path):
        """Members that together inflate past the total limit are refused."""
        path = _zip(tmp_path / "t.qdpx", {"a.txt": "x" * 600, "b.txt": "y" * 600})
        with pytest.raises(FormatError, match="in all"):
            SafeZip(path, limits=ZipLimits(max_total_size=1000))


class TestBroken:
    def test_truncated_zip(self, tmp_path):
        """A zip cut in half is a FormatError, not a zipfile exception."""
        whole = _zip(tmp_path / "whole.qdpx", {"project.qde": "<Project/>" * 1000})
        cut = tmp_path / "cut.qdpx"
        cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
        with pytest.raises(FormatError, match=r"cut\.qdpx"):
            SafeZip(cut)

    def test_corrupt_member_data(self, tmp_path):
        """A member whose compressed bytes are damaged is a FormatError naming it."""
        path = _zip(tmp_path / "bad.qdpx", {"project.qde": "abc" * 10000})
        raw = bytearray(path.read_bytes())
        for i in range(60, 90):
            raw[i] ^= 0xFF
        path.write_bytes(bytes(raw))
        with (
            SafeZip(path) as archive,
            pytest.raises(FormatError, match=r"project\.qde"),
        ):
            archive.read("project.qde")

    def test_not_a_zip(self, tmp_path):
        """A text file given as an archive is a FormatError."""
        path = tmp_path / "x.qdpx"
        path.write_text("hello")
        with pytest.raises(FormatError, match="not a readable zip"):
            SafeZip(path)

    def test_missing_file(self, tmp_path):
        """A missing archive is a FormatError naming the path."""
        with pytest.raises(FormatError, match="no such file"):
            SafeZip(tmp_path / "none.qdpx")

    def test_encrypted_member_refused(self, tmp_path):
        """An encrypted member is refused with advice."""
        path = tmp_path / "enc.qdpx"
        _write_zip(path, [("project.qde", b"\x03\x00", 0, 0)])
        raw = bytearray(path.read_bytes())
        raw[6] |= 1  # local header flag
        central = raw.find(b"PK\x01\x02")
        raw[central + 8] |= 1
        path.write_bytes(bytes(raw))
        with pytest.raises(FormatError, match="encrypted"):
            SafeZip(path)


class TestLookup:
    def test_case_insensitive_lookup(self, tmp_path):
        """Members are found whatever the letter case of folder or name."""
        path = _zip(tmp_path / "a.qdpx", {"Sources/ABC.TXT": "x", "sources/": ""})
        with SafeZip(path) as archive:
            assert archive.find("sources/abc.txt") == "Sources/ABC.TXT"
            assert archive.names() == ["Sources/ABC.TXT"]
            assert archive.read("SOURCES/abc.txt") == b"x"

    def test_names_differing_only_in_case_refused(self, tmp_path):
        """Two members that differ only in case make the archive ambiguous."""
        path = _zip(tmp_path / "a.qdpx", {"a.txt": "1", "A.txt": "2"})
        with pytest.raises(FormatError, match="letter case"):
            SafeZip(path)

    def test_missing_member(self, tmp_path):
        """Reading an absent member is a FormatError naming it."""
        path = _zip(tmp_path / "a.qdpx", {"a.txt": "1"})
        with SafeZip(path) as archive, pytest.raises(FormatError, match=r"b\.txt"):
            archive.read("b.txt")
