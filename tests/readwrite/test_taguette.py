"""Tests for read_taguette: Taguette's SQLite project export."""

from __future__ import annotations

import json
import sqlite3

import pytest

import gtgraph
from gtgraph.readwrite import read_taguette
from gtgraph.readwrite.taguette import HtmlText

SCHEMA = """
CREATE TABLE projects (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL, created DATETIME);
CREATE TABLE documents (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL, filename VARCHAR(200), created DATETIME,
    project_id INTEGER NOT NULL, text_direction VARCHAR(13), contents TEXT NOT NULL);
CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL,
    path VARCHAR(200) NOT NULL, description TEXT NOT NULL);
CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL,
    start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, snippet TEXT NOT NULL);
CREATE TABLE highlight_tags (highlight_id INTEGER NOT NULL, tag_id INTEGER NOT NULL);
CREATE TABLE commands (id INTEGER PRIMARY KEY, date DATETIME, user_login VARCHAR(30),
    project_id INTEGER, document_id INTEGER, payload TEXT);
"""

HTML = "<p>Café &amp; croissants 🥐 at dawn.</p>\n<p>We talked — <b>a lot</b>.</p>"
# Taguette's text: the text nodes, entities decoded, tags not counted.
TAGUETTE_TEXT = "Café & croissants 🥐 at dawn.\nWe talked — a lot."


def byte_span(text, snippet):
    """UTF-8 byte offsets of *snippet* in Taguette's text, computed independently."""
    start = text.index(snippet)
    return len(text[:start].encode()), len(text[: start + len(snippet)].encode())


def make(path, *, projects=1):
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    for pid in range(1, projects + 1):
        db.execute(
            "INSERT INTO projects VALUES (?, ?, ?, NULL)",
            (pid, f"Study {pid}", "About breakfasts."),
        )
    db.execute(
        "INSERT INTO documents VALUES (1, 'P01', 'first interview', 'p01.docx', NULL, 1, 'LEFT_TO_RIGHT', ?)",
        (HTML,),
    )
    db.execute("INSERT INTO tags VALUES (1, 1, 'food.pastry', 'Pastries.')")
    db.execute("INSERT INTO tags VALUES (2, 1, 'talk', '')")
    for hid, snippet, tags in (
        (1, "croissants 🥐", (1,)),
        (2, "a lot", (2, 1)),
        (3, "Café", (2,)),
    ):
        start, end = byte_span(TAGUETTE_TEXT, snippet)
        db.execute(
            "INSERT INTO highlights VALUES (?, 1, ?, ?, ?)", (hid, start, end, snippet)
        )
        for tag in tags:
            db.execute("INSERT INTO highlight_tags VALUES (?, ?)", (hid, tag))
        db.execute(
            "INSERT INTO commands VALUES (?, NULL, ?, 1, 1, ?)",
            (
                hid,
                "ana" if hid != 3 else "ben",
                json.dumps({"type": "highlight_add", "highlight_id": hid}),
            ),
        )
    db.commit()
    db.close()
    return path


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
