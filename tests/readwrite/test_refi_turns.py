"""Speaker turns, which REFI-QDA cannot carry, are reported when a project is exported."""

from __future__ import annotations

import warnings

import pytest

import gtgraph
from gtgraph.readwrite import FormatWarning


def _project() -> gtgraph.Project:
    p = gtgraph.Project(title="t")
    text = "I: How was it?\nP01: Good."
    p.add_source("P01 interview", text=text, turns=[("I", 0, 14), ("P01", 15, 25)])
    p.add_source("P02 notes", text="No turns here.")
    return p


def test_write_qdpx_reports_speaker_turns_left_out(tmp_path):
    report: list[FormatWarning] = []
    with pytest.warns(FormatWarning, match="speaker turns"):
        gtgraph.write_qdpx(_project(), tmp_path / "t.qdpx", report=report)
    turns = [w for w in report if w.what == "speaker-turns"]
    assert len(turns) == 1
    assert turns[0].count == 1  # one source has turns, the other none
    assert turns[0].examples == ("P01 interview (2 turns)",)
    assert turns[0].file == "t.qdpx"


def test_write_qdpx_without_turns_reports_none(tmp_path):
    p = gtgraph.Project(title="t")
    p.add_source("P02 notes", text="No turns here.")
    report: list[FormatWarning] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", FormatWarning)
        gtgraph.write_qdpx(p, tmp_path / "t.qdpx", report=report)
    assert report == []


def test_turns_really_are_absent_after_the_round_trip(tmp_path):
    path = tmp_path / "t.qdpx"
    with pytest.warns(FormatWarning):
        gtgraph.write_qdpx(_project(), path)
    back = gtgraph.read_qdpx(path)
    assert back.sources["P01 interview"].turns == ()


def test_convert_says_the_turns_are_left_out_once(tmp_path):
    from click.testing import CliRunner

    from gtgraph.cli import main

    p = _project()
    p.actor = "HB"
    study = tmp_path / "t.gtg.json"
    p.save(study)
    args = ["convert", str(study), str(tmp_path / "t.qdpx")]
    result = CliRunner().invoke(main, args, prog_name="gtgraph")
    assert result.exit_code == 0, result.output
    assert result.output.count("speaker turns") == 1
    assert "cannot keep the speaker turns of 1 source(s)" in result.output
