"""A loaded project knows who is working in it: never a silent None in the audit trail."""

from __future__ import annotations

import logging

import pytest

import gtgraph
from gtgraph.errors import ValidationError


@pytest.fixture
def saved(tmp_path, monkeypatch):
    monkeypatch.delenv("GTGRAPH_ACTOR", raising=False)
    p = gtgraph.Project(actor="HB")
    p.add_source("P01", text="I was nervous. She had been there too.")
    p.code("P01", 0, 13, codes="nervous")
    path = tmp_path / "study.gtg.json"
    p.save(path)
    return path


def _new_segment(project):
    seg = project.code("P01", 15, 37, codes="shared experience")
    return seg.coder, project.history[len(project.history) - 1].who


def test_actor_given(saved):
    """load(path, actor=...) records new work under that actor."""
    p = gtgraph.load(saved, actor="RK")
    assert p.actor == "RK"
    assert _new_segment(p) == ("RK", "RK")
    assert p.coders == ["HB", "RK"]


def test_actor_from_environment(saved, monkeypatch):
    """Without actor=, GTGRAPH_ACTOR names who works."""
    monkeypatch.setenv("GTGRAPH_ACTOR", "CD")
    p = gtgraph.load(saved)
    assert _new_segment(p) == ("CD", "CD")


def test_actor_from_file_said_once(saved, caplog):
    """Without either, the last actor in the file is taken, and said in one log line."""
    with caplog.at_level(logging.INFO, logger="gtgraph"):
        p = gtgraph.load(saved)
        _new_segment(p)
    assert p.actor == "HB"
    lines = [r for r in caplog.records if r.name == "gtgraph"]
    assert len(lines) == 1
    assert "working as 'HB'" in lines[0].getMessage()
    assert "study.gtg.json" in lines[0].getMessage()


def test_no_actor_anywhere_is_said(tmp_path, monkeypatch, caplog):
    """A file nobody is named in loads with a warning line saying how to name oneself."""
    monkeypatch.delenv("GTGRAPH_ACTOR", raising=False)
    path = tmp_path / "anon.gtg.json"
    gtgraph.Project().save(path)
    with caplog.at_level(logging.INFO, logger="gtgraph"):
        p = gtgraph.load(path)
    assert p.actor is None
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "actor=" in caplog.records[0].getMessage()


def test_bad_actor_refused(saved):
    """An empty actor is refused with a message."""
    with pytest.raises(ValidationError, match="actor must be a name"):
        gtgraph.load(saved, actor=" ")
