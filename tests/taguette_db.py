"""A small Taguette project database, built the way Taguette stores one (for tests)."""

from __future__ import annotations

import json
import sqlite3

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
