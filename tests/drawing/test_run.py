"""Running Graphviz: finding it, its errors, its warnings, timeouts."""

from __future__ import annotations

import shutil
import stat
import sys

import pytest

import gtgraph
from gtgraph.drawing import (
    GraphvizNotFoundError,
    GraphvizWarning,
    find_dot,
    run_graphviz,
)


@pytest.fixture
def no_graphviz(monkeypatch, tmp_path):
    """A PATH without dot and no environment variable naming it."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("GTGRAPH_DOT", raising=False)
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)


def fake_program(tmp_path, body):
    """Write an executable shell script standing in for dot."""
    path = tmp_path / "fake-dot"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="uses POSIX shell scripts"
)


@pytest.mark.usefixtures("no_graphviz")
def test_missing_dot_says_how_to_install():
    """Without dot on the PATH the error names the install commands."""
    with pytest.raises(GraphvizNotFoundError) as info:
        run_graphviz("digraph { a }")
    message = str(info.value)
    assert "apt-get install graphviz" in message
    assert "brew install graphviz" in message
    assert "conda install graphviz" in message
    assert isinstance(info.value, gtgraph.RenderError)


@pytest.mark.parametrize("var", ["GTGRAPH_DOT", "GRAPHVIZ_DOT"])
@pytest.mark.usefixtures("no_graphviz")
def test_environment_variable_pointing_nowhere(monkeypatch, tmp_path, var):
    """An environment variable naming no program is reported by name."""
    monkeypatch.setenv(var, str(tmp_path / "no-such-dot"))
    with pytest.raises(GraphvizNotFoundError, match=var):
        find_dot()


@pytest.mark.needs_dot
@pytest.mark.usefixtures("no_graphviz")
def test_environment_variable_is_used(monkeypatch):
    """GRAPHVIZ_DOT finds dot even when it is not on the PATH."""
    real = shutil.which("dot", path="/usr/bin:/usr/local/bin:/opt/homebrew/bin")
    if real is None:
        pytest.skip("dot is not in a standard place")
    monkeypatch.setenv("GRAPHVIZ_DOT", real)
    assert find_dot() == real
    assert b"a -> b" in run_graphviz("digraph { a -> b }", format="canon")


def test_gtgraph_dot_wins_over_graphviz_dot(monkeypatch, tmp_path):
    """GTGRAPH_DOT takes precedence over GRAPHVIZ_DOT."""
    first = fake_program(tmp_path, "exit 0")
    monkeypatch.setenv("GTGRAPH_DOT", first)
    monkeypatch.setenv("GRAPHVIZ_DOT", str(tmp_path / "elsewhere"))
    assert find_dot() == first


def test_failure_shows_graphviz_message(monkeypatch, tmp_path):
    """A failing Graphviz run raises RenderError with Graphviz's own stderr."""
    monkeypatch.setenv(
        "GTGRAPH_DOT", fake_program(tmp_path, "echo 'Error: boom' >&2; exit 3")
    )
    with pytest.raises(gtgraph.RenderError, match=r"exit status 3: Error: boom"):
        run_graphviz("digraph { a }")


def test_arguments_are_a_list(monkeypatch, tmp_path):
    """The program gets -K and -T as separate arguments and the DOT on stdin."""
    log = tmp_path / "args"
    script = f'for a in "$@"; do echo "$a" >> {log}; done; cat'
    monkeypatch.setenv("GTGRAPH_DOT", fake_program(tmp_path, script))
    out = run_graphviz(
        "digraph { a; b }", format="svg", engine="neato", args=["-Gdpi=72"]
    )
    assert out == b"digraph { a; b }"
    assert log.read_text().split("\n")[:3] == ["-Kneato", "-Tsvg", "-Gdpi=72"]


def test_timeout(monkeypatch, tmp_path):
    """A Graphviz run longer than the timeout raises RenderError."""
    monkeypatch.setenv("GTGRAPH_DOT", fake_program(tmp_path, "sleep 5"))
    with pytest.raises(gtgraph.RenderError, match=r"did not finish within 0\.2 s"):
        run_graphviz("digraph { a }", timeout=0.2)


@pytest.mark.parametrize("engine", ["", "dot -Tpng", "Dot", "gvpr"])
def test_unknown_engine(engine):
    """An engine outside the list is refused before anything runs."""
    with pytest.raises(gtgraph.RenderError, match="not a Graphviz layout engine"):
        run_graphviz("digraph { a }", engine=engine)


@pytest.mark.parametrize("fmt", ["", "svg -o /tmp/x", "png;rm"])
def test_malformed_format(fmt):
    """A format that is not one word is refused before anything runs."""
    with pytest.raises(gtgraph.RenderError, match="not a Graphviz output format"):
        run_graphviz("digraph { a }", format=fmt)


@pytest.mark.needs_dot
def test_unknown_format_shows_graphviz_message():
    """Graphviz's list of formats reaches the user when the format is unknown."""
    with pytest.raises(gtgraph.RenderError, match=r"(?s)not recognized.*svg"):
        run_graphviz("digraph { a }", format="nosuchformat")


@pytest.mark.needs_dot
def test_syntax_error_shows_graphviz_message():
    """A DOT syntax error is a RenderError quoting Graphviz, not an AssertionError."""
    with pytest.raises(gtgraph.RenderError, match="syntax error"):
        run_graphviz("digraph { a -> }")


@pytest.mark.needs_dot
def test_warnings_become_python_warnings():
    """Warnings printed by a successful Graphviz run surface as GraphvizWarning."""
    with pytest.warns(GraphvizWarning, match="notacolour is not a known color"):
        out = run_graphviz('digraph { a [style=filled, fillcolor="notacolour"] }')
    assert out.startswith(b"<?xml")
