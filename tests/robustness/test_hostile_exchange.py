"""Hostile archives and databases found by fuzzing the exchange-format readers.

Escapes not fixed yet are expected failures: each one is listed as ``known`` on
its fuzz target (fuzzing.py), so that the fuzzers go on looking for others;
when a reader is fixed, its test here passes, pytest reports the unexpected
pass, and the ``known`` entry is removed.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import struct
import zipfile

import pytest
from fuzzing import qdpx_corpus, taguette_corpus

import gtgraph
from gtgraph.readwrite import read_qdpx, read_taguette


def _patch_central_directory(data: bytes, offset: int, value: int) -> bytes:
    """Set a 2-byte field of every central-directory entry of a zip archive."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + offset : at + offset + 2] = struct.pack("<H", value)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_unsupported_zip_version_refused(tmp_path):
    """An archive that asks for zip version 15.5 is a FormatError, not NotImplementedError."""
    path = tmp_path / "v155.qdpx"
    path.write_bytes(_patch_central_directory(qdpx_corpus()[0], 6, 155))
    with pytest.raises(gtgraph.FormatError):
        read_qdpx(path, errors="ignore")


def test_unknown_compression_method_refused(tmp_path):
    """A member compressed with an unknown method (99) is a FormatError, not NotImplementedError."""
    data = bytearray(_patch_central_directory(qdpx_corpus()[0], 10, 99))
    at = data.find(b"PK\x03\x04")
    while at != -1:  # the local headers too
        data[at + 8 : at + 10] = struct.pack("<H", 99)
        at = data.find(b"PK\x03\x04", at + 4)
    path = tmp_path / "m99.qdpx"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert {i.compress_type for i in archive.infolist()} == {99}
    with pytest.raises(gtgraph.FormatError):
        read_qdpx(path, errors="ignore")


def test_taguette_text_not_utf8_refused(tmp_path):
    """A Taguette database whose schema text is not UTF-8 gives a GtGraphError, not UnicodeDecodeError."""
    data = taguette_corpus()[0]
    assert b"VARCHAR(200)" in data
    path = tmp_path / "t.sqlite3"
    path.write_bytes(data.replace(b"VARCHAR(200)", b"VARCHAR(2\xb10)", 1))
    with pytest.raises(gtgraph.GtGraphError):
        read_taguette(path, errors="ignore")


def test_reading_many_links_computes_no_suggestions(tmp_path, monkeypatch):
    """Reading an archive with many links never computes 'did you mean' suggestions (no quadratic work)."""
    import difflib
    import warnings

    from gtgraph.readwrite import write_qdpx

    p = gtgraph.Project()
    codes = [p.add_code(f"code {i}") for i in range(40)]
    for a, b in itertools.pairwise(codes):
        p.relate(a, "is associated with", b)
    path = tmp_path / "links.qdpx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_qdpx(p, path)
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(
        difflib, "get_close_matches", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    read_qdpx(path, errors="ignore")
    assert calls == []


def test_taguette_null_ids_refused(tmp_path):
    """A Taguette database with NULL ids gives a GtGraphError, not TypeError."""
    path = tmp_path / "t.sqlite3"
    path.write_bytes(taguette_corpus()[0])
    connection = sqlite3.connect(path)
    with connection:
        connection.executescript(
            "CREATE TABLE copy AS SELECT * FROM projects; DROP TABLE projects; "
            "ALTER TABLE copy RENAME TO projects; UPDATE projects SET id = NULL;"
        )
    connection.close()
    with pytest.raises(gtgraph.GtGraphError):
        read_taguette(path, errors="ignore")
