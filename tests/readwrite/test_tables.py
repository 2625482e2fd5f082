"""Tests for read_segments_csv: tables of coded excerpts, including Taguette's highlights CSV."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import gtgraph
from gtgraph.readwrite import read_segments_csv

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
HIGHLIGHTS = helpers.FIXTURES / "taguette_highlights.csv"
P01 = "I felt heard. I think she had been there too."


def read(path, **options):
    report = []
    project = read_segments_csv(path, errors="ignore", report=report, **options)
    return project, {w.what: w for w in report}


def test_taguette_rows_group_by_highlight_and_locate_snippets():
    """Rows sharing a highlight id are one segment; snippets are located in the given text."""
    project, warnings = read(HIGHLIGHTS, texts={"P01": P01}, separator=".")
    found = [
        (s.start, s.end, s.quote, sorted(c.name for c in project.codes_of(s)))
        for s in project.segments
    ]
    # hand-counted: "she had been there" starts at 22, "felt heard" at 2
    assert found[:2] == [
        (22, 40, "she had been there", ["shared", "trust"]),
        (2, 12, "felt heard", ["trust"]),
    ]
    assert [c.name for c in project.parents("shared")] == ["peers"]
    assert warnings["not-found"].count == 1


def test_without_texts_segments_are_quote_only():
    """Without document texts, sources have no text and segments carry only their quote."""
    project, warnings = read(HIGHLIGHTS)
    assert all(s.text is None for s in project.sources)
    assert all(s.start is None and s.end is None for s in project.segments)
    assert sorted(s.quote for s in project.segments) == [
        "felt heard",
        "not in the text",
        "nothing tagged here",
        "she had been there",
    ]
    assert warnings["no-text"].count == 2


def test_untagged_highlight_kept_without_codes():
    """A highlight without a tag becomes a segment with no code."""
    project, _ = read(HIGHLIGHTS)
    untagged = [s for s in project.segments if s.quote == "nothing tagged here"]
    assert [project.codes_of(s) for s in untagged] == [()]


def test_offsets_coder_participant_and_columns(tmp_path):
    """Positions, coder and participant columns are used; custom names are mapped by columns=."""
    path = tmp_path / "t.csv"
    path.write_text(
        "File;Node;Coded text;Start;End;Coder;Case\nI1;trust;felt heard;2;12;HB;P01\nI1;trust;bad;0;3;HB;P01\n"
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "I1.txt").write_text(P01)
    project, warnings = read(
        path, texts=texts, columns={"document": "File", "text": "Coded text"}
    )
    first = next(iter(project.segments))
    assert (first.start, first.end, first.coder) == (2, 12, "HB")
    assert project.participant_of(first).name == "P01"
    # offsets 0..3 are "I f", not "bad", and "bad" is not in the text
    assert "offsets-mismatch" in warnings
    assert "not-found" in warnings


def test_whitespace_insensitive_location():
    """A snippet whose line breaks differ from the text is still found."""
    project, _ = read(
        HIGHLIGHTS, texts={"P01": "I felt\nheard. I think she had\n been there."}
    )
    quotes = sorted(s.quote for s in project.segments)
    assert "felt\nheard" in quotes
    assert "she had\n been there" in quotes


def test_missing_columns_named(tmp_path):
    """A table without a document, code or text column is a FormatError listing the columns."""
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(
        gtgraph.FormatError, match=r"line 1: no column for document, text, code"
    ):
        read_segments_csv(path)


def test_malformed_csv_names_line(tmp_path):
    """A CSV error names the line."""
    path = tmp_path / "bad.csv"
    path.write_bytes(b'document,code,text\nP1,c,ok\nP1,c,"a"b\n')
    with pytest.raises(gtgraph.FormatError, match=r"bad\.csv: line 3"):
        read_segments_csv(path, delimiter=",")


def test_not_utf8_falls_back_with_warning(tmp_path):
    """A Windows-1252 table is read, with a warning about the encoding."""
    path = tmp_path / "w.csv"
    path.write_bytes("document,code,text\nP1,café,crème\n".encode("cp1252"))
    project, warnings = read(path)
    assert "café" in project.codes
    assert "encoding" in warnings


def test_empty_and_missing(tmp_path):
    """An empty file and a missing file are FormatErrors."""
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(gtgraph.FormatError, match="empty"):
        read_segments_csv(tmp_path / "e.csv")
    with pytest.raises(gtgraph.FormatError, match="no such file"):
        read_segments_csv(tmp_path / "none.csv")


def test_rows_are_coded_in_one_event():
    """The excerpts of a table are coded in one change: one history event, one undo."""
    project, _ = read(HIGHLIGHTS, texts={"P01": P01}, separator=".")
    ops = [e.op for e in project.history]
    assert ops.count("code_many") == 1
    assert "code" not in ops
    (batch,) = project.history.where(op="code_many")
    assert batch.args["segments"] == len(project.segments)
    project.undo()
    assert len(project.segments) == 0
