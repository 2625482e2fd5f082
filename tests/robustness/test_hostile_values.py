"""Hostile files raise FormatError naming the file, never TypeError or OverflowError."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
import taguette_db

import gtgraph
from gtgraph import FormatError


@pytest.mark.parametrize("table", ["projects", "tags", "highlights"])
@pytest.mark.parametrize("value", ["9e999", "-9e999", "0.0 / 0"])  # NaN is NULL
def test_taguette_infinite_real_id(tmp_path, table, value, monkeypatch):
    """A REAL id of 9e999 (infinity) or NaN is a FormatError, not an OverflowError."""
    # A hostile database declares its own schema: ids that are not INTEGER keys.
    schema = taguette_db.SCHEMA.replace(
        f"CREATE TABLE {table} (id INTEGER PRIMARY KEY,", f"CREATE TABLE {table} (id,"
    )
    monkeypatch.setattr(taguette_db, "SCHEMA", schema)
    path = taguette_db.make(tmp_path / "t.sqlite3")
    db = sqlite3.connect(path)
    db.execute(f"UPDATE {table} SET id = {value} WHERE id = 1")  # noqa: S608 - test data
    db.commit()
    db.close()
    with pytest.raises(FormatError, match=r"t\.sqlite3"):
        gtgraph.read_taguette(path)


def _qdpx_with_meta(tmp_path, change):
    p = gtgraph.Project(vocabularies=["process"])
    s = p.add_source("S", text="hello world")
    seg = p.code(s, 0, 5, codes=["a"])
    p.add_code("b")
    p.relate("a", "precedes", "b", evidence=[seg])
    p.memo("a", "A memo about a.", title="About a")
    written = gtgraph.write_qdpx(p, tmp_path / "a.qdpx")
    with zipfile.ZipFile(written) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    meta = json.loads(members["gtgraph.json"])
    change(meta)
    members["gtgraph.json"] = json.dumps(meta).encode()
    hostile = tmp_path / "hostile.qdpx"
    with zipfile.ZipFile(hostile, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return hostile


def _every(section, field, value):
    def change(meta):
        for entry in meta[section].values():
            entry[field] = value

    return change


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (_every("relationships", "evidence", [[1]]), "evidence"),
        (_every("relationships", "evidence", 5), "evidence"),
        (_every("relationships", "memo", ["x"]), "memo"),
        (lambda m: m.update(ids=[1, 2]), "ids"),
        (lambda m: m.update(order={"code": "abc"}), "order"),
        (lambda m: m["project"].update(vocabularies="process"), "vocabularies"),
        (lambda m: m["project"].update(actor=7), "actor"),
        (lambda m: m.update(extra=float("nan")), "not a finite number"),
        (lambda m: m.update(extra=2**60), "2**53"),
        (lambda m: m.update(extra="bad\ud800"), "surrogate"),
    ],
)
def test_hostile_side_file(tmp_path, change, place):
    """A hostile gtgraph.json inside a .qdpx is refused with the entry named."""
    hostile = _qdpx_with_meta(tmp_path, change)
    with pytest.raises(FormatError, match=r"gtgraph\.json") as caught:
        gtgraph.read_qdpx(hostile)
    assert place in str(caught.value)


def test_untouched_side_file_reads(tmp_path):
    """The same archive with its side file unchanged reads back."""
    ok = _qdpx_with_meta(tmp_path, lambda _meta: None)
    project = gtgraph.read_qdpx(ok)
    assert [r.type for r in project.relationships] == ["precedes"]
