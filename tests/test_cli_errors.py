"""The command never shows a traceback for bad input; --debug shows it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import gtgraph
from gtgraph.cli import _common, main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="gtgraph")


@pytest.fixture
def study(tmp_path):
    path = tmp_path / "study.gtg.json"
    p = gtgraph.Project(title="CLI")
    p.add_code("calm")
    p.save(path)
    return path


@pytest.mark.parametrize(
    "error",
    [
        TypeError("unhashable type: 'list'"),
        OverflowError("cannot convert float infinity"),
    ],
)
def test_unexpected_error_is_one_line(study, monkeypatch, error):
    """An exception gtgraph did not foresee still gives one line and exit 2."""

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(_common, "_read", broken)
    monkeypatch.setattr("gtgraph.cli._inspect._read", broken)
    result = invoke("info", study)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"gtgraph: error: {type(error).__name__}: ")
    assert "--debug" in lines[0]
    assert "Traceback" not in result.output


def test_unexpected_error_with_debug_raises(study, monkeypatch):
    """With --debug the original exception comes through (and its traceback with it)."""

    def broken(*args, **kwargs):
        raise TypeError("boom")

    monkeypatch.setattr("gtgraph.cli._inspect._read", broken)
    result = invoke("--debug", "info", study)
    assert isinstance(result.exception, TypeError)


def test_message_with_a_lone_surrogate_prints(tmp_path):
    """A message naming a value with a lone surrogate is printed escaped, not a crash."""
    bad = tmp_path / "bad.gtg.json"
    bad.write_text(
        '{"format": "gtgraph-project", "format_version": 1, "title": "x\\ud800"}'
    )
    result = invoke("info", bad)
    assert result.exit_code == 2
    assert "surrogate" in result.output
    assert "Traceback" not in result.output


def test_write_error_is_one_line(study, tmp_path):
    """An output in a missing folder: one line naming it, exit 2."""
    result = invoke("codebook", study, "-o", tmp_path / "missing" / "book.md")
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert len(result.output.strip().splitlines()) == 1
