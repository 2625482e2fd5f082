"""The tutorials run as written: their code blocks and command lines, in an empty folder."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs" / "tutorial"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page, language):
    text = (DOCS / page).read_text(encoding="utf-8")
    return [body for lang, body in BLOCK.findall(text) if lang == language]


def gtgraph_command(line):
    """Run one ``$ gtgraph ...`` line through the installed command's module."""
    args = shlex.split(line.removeprefix("$ "))
    assert args[0] == "gtgraph"
    return [sys.executable, "-m", "gtgraph", *args[1:]]


@pytest.mark.slow
def test_first_tutorial_command_line_step(tmp_path):
    """The first tutorial's command-line step works in an empty folder."""
    lines = [
        line
        for body in blocks("index.md", "text")
        for line in body.splitlines()
        if line.startswith("$ gtgraph")
    ]
    assert lines, "the tutorial shows the command line"
    for line in lines:
        done = subprocess.run(
            gtgraph_command(line), cwd=tmp_path, capture_output=True, text=True,
            check=False, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, (line, done.stderr)
    assert "Guest" in done.stdout


@pytest.mark.needs_dot
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_own_study_tutorial_runs(tmp_path, monkeypatch):
    """Every Python block of "Your own study", pasted in order into one script, runs."""
    code = blocks("own-study.md", "python")
    assert all(">>>" not in body for body in code), "blocks are plain, copy-pasteable"
    script = "\n".join(code)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GTGRAPH_ACTOR", raising=False)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # What the tutorial says it makes is there, and the printed output it shows
    # is what the code prints.
    for name in ["my-study.gtg.json", "second-coder.gtg.json", "merged.gtg.json",
                 "my-study.qdpx", "my-theory.svg"]:  # fmt: skip
        assert (tmp_path / name).stat().st_size > 0, name
    for body in blocks("own-study.md", "text"):
        for line in body.splitlines():
            assert line in done.stdout, line
