"""Tests for read_taguette: Taguette's SQLite project export."""

from __future__ import annotations

import sqlite3

import pytest
from taguette_db import make

import gtgraph
from gtgraph.readwrite import read_taguette
from gtgraph.readwrite.taguette import HtmlText


def test_highlights_converted_from_utf8_bytes(tmp_path):
    """UTF-8 byte offsets into the HTML's text become code-point offsets of the plain text."""
    project = read_taguette(make(tmp_path / "t.sqlite3"))
    found = [
        (s.quote, sorted(c.name for c in project.codes_of(s)), s.coder)
        for s in project.segments
    ]
    assert sorted(found) == [
        ("Café", ["talk"], "ben"),
        ("a lot", ["pastry", "talk"], "ana"),
        ("croissants 🥐", ["pastry"], "ana"),
    ]
    text = project.sources["P01"].text
    assert text == "Café & croissants 🥐 at dawn.\nWe talked — a lot.\n"
    for segment in project.segments:
        assert text[segment.start : segment.end] == segment.quote


def test_tags_hierarchy_descriptions_and_memos(tmp_path):
    """Dotted tag paths become categories; descriptions become definitions and memos."""
    project = read_taguette(make(tmp_path / "t.sqlite3"))
    assert [c.name for c in project.parents("pastry")] == ["food"]
    assert project.codes["pastry"].definition == "Pastries."
    assert project.title == "Study 1"
    assert sorted(m.title for m in project.memos) == [
        "Description of P01",
        "Project description",
    ]
    flat = read_taguette(tmp_path / "t.sqlite3", separator=None)
    assert "food.pastry" in flat.codes


def test_mismatched_offsets_relocated(tmp_path):
    """A highlight whose offsets do not match its snippet is placed by the snippet, with a warning."""
    path = make(tmp_path / "t.sqlite3")
    db = sqlite3.connect(path)
    db.execute("UPDATE highlights SET start_offset = 0, end_offset = 3 WHERE id = 2")
    db.commit()
    db.close()
    report = []
    project = read_taguette(path, errors="ignore", report=report)
    assert "a lot" in [s.quote for s in project.segments]
    assert [w.what for w in report] == ["relocated"]


def test_several_projects_need_a_choice(tmp_path):
    """A server database with several projects needs project=."""
    path = make(tmp_path / "t.sqlite3", projects=2)
    with pytest.raises(gtgraph.FormatError, match="several projects"):
        read_taguette(path)
    assert read_taguette(path, project=1).title == "Study 1"
    assert len(read_taguette(path, project="Study 2").segments) == 0


def test_not_a_database(tmp_path):
    """A file that is not SQLite, or SQLite without Taguette's tables, is a FormatError."""
    (tmp_path / "x.sqlite3").write_text("hello")
    with pytest.raises(gtgraph.FormatError, match="not an SQLite database"):
        read_taguette(tmp_path / "x.sqlite3")
    db = sqlite3.connect(tmp_path / "y.sqlite3")
    db.execute("CREATE TABLE other (x)")
    db.commit()
    db.close()
    with pytest.raises(gtgraph.FormatError, match="no table"):
        read_taguette(tmp_path / "y.sqlite3")


def test_database_left_unchanged(tmp_path):
    """Reading opens the database read-only: its bytes do not change."""
    path = make(tmp_path / "t.sqlite3")
    before = path.read_bytes()
    read_taguette(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.sqlite3"]


def test_html_text_mapping():
    """Byte offsets at piece boundaries and inside multi-byte characters map sensibly."""
    doc = HtmlText("<p>ab</p><p>é</p>")
    assert doc.text == "ab\né\n"
    assert doc.to_text(2) == 3  # start of the second paragraph
    assert doc.to_text(2, end=True) == 2  # end of the first
    assert doc.to_text(3) == 3  # inside "é" (2 bytes): rounds down
    assert doc.to_text(99) == 4
